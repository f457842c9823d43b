"""Signals other apps handle, so that ``subscriptions`` never imports ``mappings``."""

from django.dispatch import Signal

# Sent inside the creating transaction: sender=Subscription, subscription=...,
# create_default_mappings=bool. ``mappings`` creates the connector's default collections.
subscription_created = Signal()
