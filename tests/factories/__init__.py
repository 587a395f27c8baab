"""Test data factories, one file per module."""
