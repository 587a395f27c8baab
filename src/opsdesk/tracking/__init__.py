"""The branded, public order tracking page behind a signed link."""
