"""Canonical records and the external-id map.

Subscription ids are plain integers, not foreign keys: the hub imports nothing of ours, and a
record outlives the subscription it came from.
"""

from __future__ import annotations

from django.db import models

from hub.entities import ENTITY_CHOICES


class Record(models.Model):
    """One canonical record: an entity, its natural key, its JSON data and a version."""

    entity = models.CharField(max_length=40, choices=ENTITY_CHOICES)
    key = models.CharField(max_length=255, help_text="The natural key (docs/hub.md).")
    data = models.JSONField(help_text="The canonical data, valid against the entity's schema.")
    version = models.PositiveIntegerField(default=1, help_text="+1 on every real change.")
    data_hash = models.CharField(max_length=64, help_text="SHA-256 of the canonical JSON.")
    origin_subscription_id = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="The subscription the record was pulled from (part of order keys).",
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=("entity", "key"), name="hub_record_entity_key"),
        ]
        indexes = [
            # "what changed since" for pushes and the admin's recent-first lists
            models.Index(fields=("entity", "updated_at"), name="hub_record_entity_updated"),
            models.Index(fields=("origin_subscription_id",), name="hub_record_origin"),
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.key}"

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


class ExternalId(models.Model):
    """For (subscription, entity, hub record): the store's id and version of that record."""

    subscription_id = models.PositiveBigIntegerField(db_index=True)
    entity = models.CharField(max_length=40, choices=ENTITY_CHOICES)
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="external_ids")
    remote_id = models.CharField(max_length=255)
    remote_version = models.CharField(
        max_length=64, blank=True, help_text="The store's version number or updated-at."
    )
    last_pushed_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="Hash of the last pushed document and mapping version; same hash, no call.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("pk",)
        verbose_name = "external id"
        constraints = [
            models.UniqueConstraint(
                fields=("subscription_id", "entity", "record"), name="hub_extid_sub_entity_record"
            ),
            models.UniqueConstraint(
                fields=("subscription_id", "entity", "remote_id"),
                name="hub_extid_sub_entity_remote",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.remote_id} (subscription {self.subscription_id})"
