"""Discount codes: issued by agents and proactive rules, redeemed through the API."""
