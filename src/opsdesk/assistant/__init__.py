"""The customer assistant: understanding messages and answering from live data."""
