"""Proactive rules: stored rules (triggers, conditions, actions, caps), their engine,
audit trail, deferred follow-ups, order flags and the "what would happen" preview."""
