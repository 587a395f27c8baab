"""OpsDesk: operations and customer service for online retailers, in one system."""

__version__ = "0.1.0"
