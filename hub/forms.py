"""Admin forms: the record editor (validated through the entity schema) and the import form."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from hub.entities import ENTITY_CHOICES
from hub.importing import FORMATS
from hub.models import Record
from hub.schemas import UnknownEntity
from hub.services import RecordInvalid, prepare


class PrettyJSONField(forms.JSONField):
    """JSON shown indented, so a record's data can be read and edited in the admin."""

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2, cls=self.encoder)


class RecordForm(forms.ModelForm):
    """Edits `data` as JSON; clean() validates it through the entity's schema.

    Saving goes through hub.services (see RecordAdmin.save_model), never model.save().
    """

    data = PrettyJSONField(
        widget=forms.Textarea(attrs={"rows": 24, "cols": 100, "class": "vLargeTextField"}),
        help_text="The record as JSON. It is validated against the entity's schema "
        "(docs/hub.md) when you save.",
    )

    class Meta:
        model = Record
        fields = ("entity", "origin_subscription_id", "data")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "data" not in cleaned:
            return cleaned  # not JSON: the field already has its error
        instance = self.instance
        entity = instance.entity if instance.pk else cleaned.get("entity")
        origin = (
            instance.origin_subscription_id
            if instance.pk
            else cleaned.get("origin_subscription_id")
        )
        if not entity:
            return cleaned
        try:
            prepared = prepare(entity, cleaned["data"], origin)
        except UnknownEntity as error:
            self.add_error("entity", str(error))
            return cleaned
        except RecordInvalid as invalid:
            for error in invalid.errors:
                self.add_error("data", str(error))
            return cleaned
        if instance.pk and prepared.key != instance.key:
            self.add_error(
                "data",
                f'these changes would change the key from "{instance.key}" to '
                f'"{prepared.key}"; a key cannot change, add a new record instead',
            )
        elif not instance.pk and Record.objects.filter(entity=entity, key=prepared.key).exists():
            self.add_error(
                "data", f'a {entity} with the key "{prepared.key}" exists already; edit that one'
            )
        return cleaned


class ImportForm(forms.Form):
    entity = forms.ChoiceField(choices=ENTITY_CHOICES)
    file = forms.FileField(help_text="A .jsonl file (one JSON object per line) or a .csv file.")
    format = forms.ChoiceField(
        choices=[("", "From the file name"), *((f, f) for f in FORMATS)], required=False
    )
    origin_subscription_id = forms.IntegerField(
        required=False,
        min_value=1,
        label="Origin subscription id",
        help_text="Only for records that came from a store (part of order and tracking keys).",
    )
