"""A generated, deterministic demo store."""
