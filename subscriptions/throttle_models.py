"""The tables of the database throttle (``subscriptions.throttle.DatabaseThrottle``).

Times are seconds since the epoch on the database server's clock, as floats: every worker
compares them with the same clock, whatever its own says. Only the throttle writes these rows,
through the ``coordination`` connection.
"""

from __future__ import annotations

from django.db import models

__all__ = ["ThrottleKey", "ThrottleLease", "ThrottleStart"]


class ThrottleKey(models.Model):
    """One row per throttle key (a subscription's window, or one of its slots).

    Admission locks this row, so that counting and adding a start (or a lease) happen as one
    step for every worker. It also holds the subscription's shared pause (after a 429).
    """

    key = models.CharField(max_length=200, unique=True)
    paused_until = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = "throttle key"

    def __str__(self) -> str:
        return self.key


class ThrottleStart(models.Model):
    """One admitted request start: the sliding log of a subscription's API Throttle window.

    Rows older than the window are deleted when the next start is admitted.
    """

    key = models.CharField(max_length=200)
    started_at = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["key", "started_at"], name="throttle_start_key_time")]

    def __str__(self) -> str:
        return f"{self.key} at {self.started_at:.6f}"


class ThrottleLease(models.Model):
    """A held concurrency slot (Concurrent Connections or Batch Executions).

    A lease whose ``expires_at`` has passed no longer counts: a dead worker's slot comes back.
    """

    slot = models.CharField(max_length=200)
    lease_id = models.CharField(max_length=64)
    expires_at = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slot", "lease_id"], name="throttle_lease_unique")
        ]
        indexes = [models.Index(fields=["slot", "expires_at"], name="throttle_lease_slot_expiry")]

    def __str__(self) -> str:
        return f"{self.lease_id} in {self.slot}"
