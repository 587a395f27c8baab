"""Shared foundations. The kernel imports no domain module."""
