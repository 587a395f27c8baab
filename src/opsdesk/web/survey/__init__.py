"""The public CSAT survey page behind a signed link (``/survey/{token}``), no login."""
