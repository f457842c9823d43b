"""Transfers (one run of one mapping collection), their log lines, and pull watermarks.

A transfer is worked on by django-q2 tasks that take only its id. Delivery is at least once and
the Redis broker does not redeliver a killed task (DECISIONS.md "Workers, leases"), so the row
itself carries what correctness needs: a lease (``lease_owner``, ``lease_expires_at``) that the
running task renews, a checkpoint that moves with every committed record or page, and
``not_before`` for work that must wait (debounce, a busy batch slot, a long Retry-After). The
dispatcher enqueues what is due and re-enqueues transfers whose lease expired.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["PullState", "Transfer", "TransferLogLine"]


class Transfer(models.Model):
    class Trigger(models.TextChoices):
        RECORD_CHANGE = "record_change", "Record change"
        MANUAL = "manual", "Transfer now"
        SCHEDULE = "schedule", "Schedule"
        INITIALIZATION = "initialization", "Initialization"
        RETRY = "retry", "Retry"
        SAMPLE = "sample", "Sample (post-install check)"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        PARTLY_FAILED = "partly_failed", "Partly failed"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    FINISHED = (State.SUCCEEDED, State.PARTLY_FAILED, State.FAILED, State.CANCELLED)

    subscription = models.ForeignKey(
        "subscriptions.Subscription", on_delete=models.CASCADE, related_name="transfers"
    )
    collection = models.ForeignKey(
        "mappings.MappingCollection", on_delete=models.CASCADE, related_name="transfers"
    )
    # Copied from the collection when the transfer is made: lists filter on them cheaply.
    entity = models.CharField(max_length=40)
    direction = models.CharField(max_length=4)
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the portal started it (a record change or a schedule).",
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    # Push: the hub record ids to send, in order; null means every record of the entity.
    record_ids = models.JSONField(null=True, blank=True)
    limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="At most this many records (sample pull and push)."
    )
    checkpoint = models.JSONField(default=dict, blank=True)
    waiting_reason = models.CharField(max_length=300, blank=True)
    message = models.TextField(blank=True, help_text="Why the transfer failed or stopped.")

    total = models.PositiveIntegerField(null=True, blank=True)
    done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="Unchanged: nothing to send.")
    failed = models.PositiveIntegerField(default=0)

    not_before = models.DateTimeField(default=timezone.now, db_index=True)
    # "Push all" sends the entities others refer to first: this transfer starts only once the
    # one it comes after has finished, however that ended (a failed record is retried on its own).
    after = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followers",
        help_text="Starts once this transfer has finished.",
    )
    enqueued_at = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=64, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0, help_text="Continuation tasks started.")
    cancel_requested = models.BooleanField(default=False)

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "not_before"], name="transfer_due"),
            models.Index(fields=["subscription", "-created_at"], name="transfer_subscription"),
            models.Index(fields=["collection", "state"], name="transfer_collection_state"),
        ]
        permissions = [("retry_transfer", "Can retry and cancel transfers")]

    def __str__(self) -> str:
        return f"Transfer {self.pk} ({self.entity} {self.direction}, {self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED

    @classmethod
    def unblocked(cls) -> models.Q:
        """Transfers that wait for no other: none to come after, or that one has finished."""
        return models.Q(after__isnull=True) | models.Q(after__state__in=cls.FINISHED)

    @property
    def duration(self):
        if self.started_at is None:
            return None
        return (self.finished_at or timezone.now()) - self.started_at

    @property
    def progress(self) -> int | None:
        """Percent done, when the total is known."""
        if not self.total:
            return 100 if self.finished else None
        return min(100, round(100 * self.done / self.total))


class TransferLogLine(models.Model):
    """What happened to one record in one transfer: support staff start here."""

    class Status(models.TextChoices):
        OK = "ok", "OK"
        FAILED = "failed", "Failed"
        WARNING = "warning", "Warning"

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines")
    subscription_id = models.PositiveBigIntegerField(db_index=True)  # denormalised for filters
    entity = models.CharField(max_length=40)
    # Kept when the record is gone: the key says which record it was.
    record = models.ForeignKey(
        "hub.Record", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record_key = models.CharField(max_length=255, blank=True, db_index=True)
    remote_id = models.CharField(max_length=255, blank=True, db_index=True)
    action = models.CharField(max_length=20, blank=True)  # created, updated, unchanged, pulled…
    status = models.CharField(max_length=10, choices=Status.choices)
    error_class = models.CharField(max_length=20, blank=True)
    error_code = models.CharField(max_length=60, blank=True)
    message = models.TextField(blank=True)
    hint = models.TextField(blank=True)
    calls = models.JSONField(default=list, blank=True, help_text="The HTTP calls, redacted.")
    attempt = models.PositiveSmallIntegerField(default=1)
    retried_by = models.ForeignKey(
        Transfer, null=True, blank=True, on_delete=models.SET_NULL, related_name="retries_of"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["transfer", "status"], name="logline_transfer_status"),
            models.Index(fields=["status", "-created_at"], name="logline_status_time"),
            models.Index(fields=["subscription_id", "-created_at"], name="logline_sub_time"),
            models.Index(fields=["created_at"], name="logline_time"),
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.record_key or self.remote_id}: {self.status}"


class PullState(models.Model):
    """Where the next pull of one entity for one subscription starts."""

    subscription = models.ForeignKey(
        "subscriptions.Subscription", on_delete=models.CASCADE, related_name="pull_states"
    )
    entity = models.CharField(max_length=40)
    watermark = models.DateTimeField(
        null=True, blank=True, help_text="Everything changed before this was pulled."
    )
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "entity"], name="pull_state_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entity} of subscription {self.subscription_id} up to {self.watermark}"
