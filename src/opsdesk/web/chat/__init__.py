"""The customer-facing chat: the widget script, the demo storefront, printable invoices."""
