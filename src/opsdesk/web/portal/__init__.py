"""The customer-facing portal: the public tracking page behind a signed link, and the
order lookup that issues such links. No login; nothing here trusts the session."""
