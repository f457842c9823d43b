"""Per-subscription call counters, by the hour: what the admin shows as recent API usage.

Written by ``subscriptions.call_counters.DatabaseCallCounters`` (buffered, added in one
statement per flush) through the ``coordination`` connection, so a transfer's transaction
never holds these rows.
"""

from __future__ import annotations

from django.db import models

__all__ = ["CallCounter"]


class CallCounter(models.Model):
    subscription = models.ForeignKey(
        "subscriptions.Subscription", on_delete=models.CASCADE, related_name="call_counters"
    )
    hour = models.DateTimeField(help_text="The start of the hour (UTC) these calls fall in.")
    calls = models.PositiveBigIntegerField(default=0)
    errors = models.PositiveBigIntegerField(default=0)
    throttled = models.PositiveBigIntegerField(
        default=0, help_text="Calls that waited for the throttle (window, connections, pause)."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "hour"], name="call_counter_hour")
        ]
        ordering = ["-hour"]

    def __str__(self) -> str:
        hour = f"{self.hour:%Y-%m-%d %H}h"
        return f"{self.calls} calls of subscription {self.subscription_id} at {hour}"
