"""Signals other apps handle, so that ``subscriptions`` never imports ``mappings``."""

from django.dispatch import Signal

# Sent inside the creating transaction: sender=Subscription, subscription=...,
# create_default_mappings=bool. ``mappings`` creates the connector's default collections.
subscription_created = Signal()

# Sent after the commit that stores a new authorization of a subscription that needed
# reauthorization: sender=Subscription, subscription=..., user=... (who authorized).
# ``mappings`` resumes the transfers the refused refresh paused.
subscription_reauthorized = Signal()
