"""Tone guidance: politeness scoring and rewrite suggestions for agents' replies."""
