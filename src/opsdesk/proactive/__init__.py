"""Proactive service: delay risk, disruptions and rules that tell customers first."""
