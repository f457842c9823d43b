"""The subscription form, generated from the connector's settings spec."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime

from connectors.base import Connector
from connectors.spec import Setting, SettingsInvalid
from subscriptions.models import Subscription
from subscriptions.services import settings_context, stored_secret_dates

THROTTLE_FIELDS = (
    "throttle_limit",
    "throttle_seconds",
    "concurrent_connections",
    "concurrent_batch_executions",
)
CLEAR_SUFFIX = "__clear"


def _form_field(setting: Setting, *, stored_at: Any = None) -> forms.Field:
    common: dict[str, Any] = {"label": setting.label, "help_text": setting.help}
    if setting.kind == "bool":
        return forms.BooleanField(required=False, **common)
    if setting.kind == "choice":
        return forms.ChoiceField(choices=setting.choices, required=setting.required, **common)
    if setting.kind == "int":
        return forms.CharField(
            required=False,
            widget=forms.NumberInput(attrs={"min": setting.min_value, "max": setting.max_value}),
            **common,
        )
    if setting.kind == "secret":
        if stored_at is not None:
            common["help_text"] = (
                f"{setting.help} Stored encrypted, set on "
                f"{date_format(localtime(stored_at), 'DATETIME_FORMAT')}. Leave blank to keep it."
            )
        # Write-only: a stored secret is never rendered back into the page.
        return forms.CharField(
            required=setting.required and stored_at is None,
            strip=True,
            widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
            **common,
        )
    widget = forms.URLInput if setting.kind == "url" else forms.TextInput
    attrs = {"placeholder": setting.example} if setting.example else {}
    return forms.CharField(required=setting.required, widget=widget(attrs=attrs), **common)


class SubscriptionForm(forms.ModelForm):
    """Base class; ``subscription_form_class`` adds the connector's settings fields."""

    connector_descriptor: Connector
    show_credentials: bool = True

    class Meta:
        model = Subscription
        fields = ["name", "version", *THROTTLE_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []
        self.clear_secrets: frozenset[str] = frozenset()
        spec = self.connector_descriptor.spec
        context = settings_context()
        if "version" in self.fields:
            self.fields["version"] = forms.ChoiceField(
                choices=[(v, v) for v in self.connector_descriptor.versions],
                initial=self.connector_descriptor.default_version,
                help_text="The connector version to run.",
            )
        if self.instance.pk is None:
            throttle = spec.throttle
            defaults = {
                "throttle_limit": throttle.limit,
                "throttle_seconds": throttle.seconds,
                "concurrent_connections": throttle.connections,
                "concurrent_batch_executions": throttle.batch_executions,
            }
            for name, value in defaults.items():
                if name in self.fields:
                    self.fields[name].initial = value
            for setting in spec.settings:
                if setting.key in self.fields and not setting.secret:
                    self.fields[setting.key].initial = setting.initial(context)
        else:
            for setting in spec.settings:
                if setting.key in self.fields and not setting.secret:
                    self.fields[setting.key].initial = self.instance.settings.get(setting.key)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        spec = self.connector_descriptor.spec
        stored = set(self._stored_secrets)
        clear = frozenset(
            s.key for s in spec.settings if s.secret and cleaned.get(s.key + CLEAR_SUFFIX)
        )
        raw: dict[str, Any] = {}
        for setting in spec.settings:
            if setting.key in self.fields:
                raw[setting.key] = cleaned.get(setting.key)
            elif not setting.secret:
                # Fields this user may not see keep their stored value.
                raw[setting.key] = self.instance.settings.get(setting.key)
        try:
            result = spec.clean(raw, settings_context(), stored_secrets=frozenset(stored - clear))
        except SettingsInvalid as exc:
            for key, messages in exc.errors.items():
                target = key if key in self.fields else None
                for message in messages:
                    self.add_error(target, message)
            return cleaned
        for key in clear:
            if spec.setting(key).required:
                self.add_error(key + CLEAR_SUFFIX, f"{spec.setting(key).label} is required.")
        self.clear_secrets = clear
        self.settings_values = result.values
        self.warnings = result.warnings
        return cleaned

    @property
    def _stored_secrets(self) -> dict[str, Any]:
        if not hasattr(self, "_stored_cache"):
            self._stored_cache = stored_secret_dates(self.instance)
        return self._stored_cache


def subscription_form_class(
    connector: Connector, *, instance: Subscription | None, show_credentials: bool
) -> type[SubscriptionForm]:
    """A form class with one field per setting the user may see."""
    stored = stored_secret_dates(instance)
    attrs: dict[str, Any] = {
        "connector_descriptor": connector,
        "show_credentials": show_credentials,
        "__module__": __name__,
    }
    for setting in connector.spec.settings:
        if setting.is_credential and not show_credentials:
            continue
        attrs[setting.key] = _form_field(setting, stored_at=stored.get(setting.key))
        if setting.secret and not setting.required and setting.key in stored:
            attrs[setting.key + CLEAR_SUFFIX] = forms.BooleanField(
                required=False, label=f"Remove the stored {setting.label}"
            )
    if instance is None:
        attrs["create_default_mappings"] = forms.BooleanField(
            required=False,
            initial=True,
            label="Create Default Mappings",
            help_text="Recommended. Creates the connector's standard mappings; uncheck only if "
            "you intend to build every mapping yourself.",
        )
    return type(f"{connector.key.title()}SubscriptionForm", (SubscriptionForm,), attrs)
