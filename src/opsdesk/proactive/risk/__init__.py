"""Delay risk of shipments in transit: features, transit curves, classifier, scan."""
