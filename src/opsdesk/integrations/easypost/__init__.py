"""EasyPost: carrier tracking webhooks (``tracker.created`` / ``tracker.updated``)."""

from opsdesk.integrations.easypost.parsing import STATUS_MAP, parse_event, parse_tracker
from opsdesk.integrations.easypost.service import handle_event

__all__ = ["STATUS_MAP", "handle_event", "parse_event", "parse_tracker"]
