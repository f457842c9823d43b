"""Mapping collections and their field mappings (issue 6).

A collection belongs to a subscription and names an entity and a direction. Its ``version``
goes up on every change to it or to one of its field mappings: the external-id map stores the
hash of (rendered document, mapping version), so an edited mapping re-pushes records that a
plain repeat would skip.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F

from hub.entities import ENTITY_CHOICES
from mappings import engine
from mappings.schemas import PULL, PUSH, target_schema
from mappings.transforms import NAMES as TRANSFORM_NAMES

DIRECTION_CHOICES = [(PUSH, "Push (to the store)"), (PULL, "Pull (from the store)")]
SOURCE_KIND_CHOICES = [
    (engine.FIELD, "Source field"),
    (engine.STATIC, "Static value"),
    (engine.TEMPLATE, "Template"),
    (engine.TRANSLATION, "Translation table"),
]
# Fields whose change is a change of what the collection renders or does.
_VERSIONED = ("name", "entity", "direction", "enabled", "description", "propagate_deletions")


class MappingCollection(models.Model):
    subscription = models.ForeignKey(
        "subscriptions.Subscription", on_delete=models.CASCADE, related_name="mapping_collections"
    )
    name = models.CharField(max_length=200)
    entity = models.CharField(max_length=40, choices=ENTITY_CHOICES)
    direction = models.CharField(max_length=4, choices=DIRECTION_CHOICES)
    enabled = models.BooleanField(default=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up on every change to the collection or its fields.",
    )
    description = models.TextField(blank=True)
    propagate_deletions = models.BooleanField(
        default=False,
        help_text="Push only: when a hub record is archived, delete it in the store too.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["subscription_id", "entity", "direction", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "name"], name="mappings_collection_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.entity}, {self.direction})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = (
                MappingCollection.objects.filter(pk=self.pk).values(*_VERSIONED, "version").first()
            )
            if stored is not None:
                self.version = stored["version"]
                if any(stored[name] != getattr(self, name) for name in _VERSIONED):
                    self.version += 1
        super().save(*args, **kwargs)

    def bump_version(self) -> None:
        MappingCollection.objects.filter(pk=self.pk).update(version=F("version") + 1)
        self.refresh_from_db(fields=["version"])

    def clean(self) -> None:
        if self.propagate_deletions and self.direction == PULL:
            raise ValidationError(
                {"propagate_deletions": "Deletions are propagated by push collections only."}
            )
        if not self.subscription_id:
            return
        from connectors.registry import get_connector

        offered = get_connector(self.subscription.connector).entities
        if offered and (self.entity, self.direction) not in offered:
            raise ValidationError(
                {
                    "entity": f"{self.subscription.get_connector_display()} does not offer "
                    f"{self.entity} ({self.direction}); it offers "
                    + ", ".join(f"{e} ({d})" for e, d in offered)
                }
            )

    def target_schema(self) -> Any:
        return target_schema(self.subscription.connector, self.entity, self.direction)

    def specs(self) -> list[engine.FieldSpec]:
        return [mapping.to_spec() for mapping in self.field_mappings.all()]


class FieldMapping(models.Model):
    collection = models.ForeignKey(
        MappingCollection, on_delete=models.CASCADE, related_name="field_mappings"
    )
    position = models.PositiveIntegerField(default=0)
    target_field = models.CharField(
        max_length=200, help_text="Dotted name in the target document, e.g. primary_unit.code."
    )
    source_kind = models.CharField(max_length=12, choices=SOURCE_KIND_CHOICES, default=engine.FIELD)
    source_path = models.CharField(
        max_length=300,
        blank=True,
        help_text="Source field path (also the value looked up by a translation table): "
        "sku, primary_unit.code, lines[].sku, lines[0].sku.",
    )
    static_value = models.JSONField(
        null=True, blank=True, help_text='A JSON value: "text", 12, true, ["a", "b"].'
    )
    template = models.TextField(
        blank=True, help_text="A template over the record, e.g. {{ record.names.en|upper }}."
    )
    translation_table = models.JSONField(
        null=True,
        blank=True,
        help_text='{"values": {"net30": "Net 30"}, "default": "Net 30"}; without "default", '
        "an unmapped value is an error.",
    )
    transforms = models.JSONField(
        default=list,
        blank=True,
        help_text='A list, applied in order: "trim", "upper", "lower", "number", '
        '{"name": "decimal", "places": 2}, {"name": "money_to_minor", "currency": "USD"}, '
        '{"name": "money_from_minor", "currency": "USD"}, "date", "datetime", "boolean", '
        '{"name": "default", "value": ...}.',
    )
    required = models.BooleanField(
        null=True, blank=True, help_text="Leave unknown to follow the target schema."
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["collection_id", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.target_field} <- {self.source_kind}"

    def to_spec(self) -> engine.FieldSpec:
        return engine.FieldSpec(
            target=self.target_field,
            kind=self.source_kind,
            source=self.source_path,
            value=self.static_value,
            template=self.template,
            table=self.translation_table,
            transforms=tuple(self.transforms or ()),
            required=self.required,
            notes=self.notes,
        )

    @classmethod
    def from_spec(
        cls, collection: MappingCollection, position: int, spec: engine.FieldSpec
    ) -> FieldMapping:
        return cls(
            collection=collection,
            position=position,
            target_field=spec.target,
            source_kind=spec.kind,
            source_path=spec.source,
            static_value=spec.value,
            template=spec.template,
            translation_table=spec.table,
            transforms=list(spec.transforms),
            required=spec.required,
            notes=spec.notes,
        )

    def clean(self) -> None:
        problems: dict[str, str] = {}
        needs = {
            engine.FIELD: ("source_path", "a source field path"),
            engine.TRANSLATION: ("source_path", "the source field path to translate"),
            engine.TEMPLATE: ("template", "a template"),
        }
        if self.source_kind in needs:
            attribute, what = needs[self.source_kind]
            if not getattr(self, attribute):
                problems[attribute] = f"A {self.get_source_kind_display().lower()} needs {what}."
        if self.source_kind == engine.TRANSLATION and not self.translation_table:
            problems["translation_table"] = "A translation needs its table."
        if problems:
            raise ValidationError(problems)
        schema = None
        if self.collection_id:
            schema = self.collection.target_schema()
        try:
            engine.compile_field(self.to_spec(), schema)
        except engine.FieldSpecInvalid as exc:
            raise ValidationError(
                {_FORM_FIELD[key]: message for key, message in exc.problems.items()}
            ) from None


_FORM_FIELD = {
    "target": "target_field",
    "source": "source_path",
    "template": "template",
    "table": "translation_table",
    "transforms": "transforms",
    "kind": "source_kind",
    "value": "static_value",
}

__all__ = ["TRANSFORM_NAMES", "FieldMapping", "MappingCollection"]
from mappings.transfer_models import *  # noqa: E402,F403
