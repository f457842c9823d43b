"""The subscription pages: connector catalog, subscribe, settings. Thin: logic lives in
``subscriptions.forms`` (validation from the connector spec) and ``subscriptions.services``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from connectors.registry import UnknownConnector, all_connectors, get_connector
from subscriptions.call_counters import recent_usage
from subscriptions.connection_test import run_connection_test
from subscriptions.forms import CLEAR_SUFFIX, THROTTLE_FIELDS, subscription_form_class
from subscriptions.models import Subscription
from subscriptions.services import save_subscription, settings_context
from subscriptions.token_store import authorization_status
from subscriptions.views import connection_test_page


def can_manage_credentials(request: HttpRequest) -> bool:
    return request.user.has_perm("subscriptions.change_credential")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("name", "connector", "version", "authorization", "throttle", "updated_at")
    list_filter = ("connector", "auth_status")
    actions = ["test_connection"]
    search_fields = ("name",)
    change_form_template = "admin/subscriptions/subscription/change_form.html"

    # -- pages ---------------------------------------------------------------------------

    def get_urls(self) -> list:
        catalog = path(
            "catalog/",
            self.admin_site.admin_view(self.catalog_view),
            name="subscriptions_subscription_catalog",
        )
        return [catalog, *super().get_urls()]

    def catalog_view(self, request: HttpRequest) -> HttpResponse:
        """The connector marketplace: one tile per connector with a Subscribe button."""
        context = {
            **self.admin_site.each_context(request),
            "title": "Integration marketplace",
            "connectors": all_connectors(),
            "can_subscribe": self.has_add_permission(request),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/subscriptions/catalog.html", context)

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None):
        if not self._connector_key(request, None):
            return HttpResponseRedirect(reverse("admin:subscriptions_subscription_catalog"))
        return super().add_view(request, form_url, extra_context)

    def render_change_form(self, request: HttpRequest, context: dict, *args: Any, **kwargs: Any):
        obj = kwargs.get("obj")
        connector = self._connector(request, obj)
        context["connector"] = connector
        context["redirect_url"] = (
            obj.settings.get("redirect_url") if obj else None
        ) or settings_context().portal_callback_url
        context["uses_redirect"] = connector.auth_kind == "authorization_code_pkce"
        if obj is not None:
            # Support sees the status; only those who may change the subscription get buttons.
            may_change = self.has_change_permission(request, obj)
            context["authorization"] = authorization_status(obj)
            context["can_authorize"] = may_change and context["uses_redirect"]
            context["can_test_connection"] = may_change
        if obj is None:
            context["title"] = f"Subscribe to {connector.name}"
        return super().render_change_form(request, context, *args, **kwargs)

    # -- form ----------------------------------------------------------------------------

    def get_form(self, request: HttpRequest, obj: Subscription | None = None, **kwargs: Any):
        kwargs["form"] = self._form_class(request, obj)
        return super().get_form(request, obj, **kwargs)

    def _form_class(self, request: HttpRequest, obj: Subscription | None):
        return subscription_form_class(
            self._connector(request, obj),
            instance=obj,
            show_credentials=can_manage_credentials(request),
        )

    def get_fieldsets(self, request: HttpRequest, obj: Subscription | None = None):
        connector = self._connector(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only view (Support): settings without credentials, as one table.
            return [
                (None, {"fields": ["name", "connector", "version"]}),
                ("Settings", {"fields": ["settings_display"]}),
                ("Throttling", {"fields": [*THROTTLE_FIELDS, "api_usage"]}),
            ]
        form = self._form_class(request, obj)
        first = ["name", "version"] + (["create_default_mappings"] if obj is None else [])
        setting_fields = [
            f for f in form.base_fields if f not in first and f not in THROTTLE_FIELDS
        ]
        return [
            (None, {"fields": first}),
            (f"{connector.name} settings", {"fields": setting_fields}),
            (
                "Throttling",
                {
                    "fields": [*THROTTLE_FIELDS, *(["api_usage"] if obj is not None else [])],
                    "description": "Every call this subscription makes respects these limits, "
                    "across all workers. When a limit is reached, requests wait in a queue.",
                },
            ),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Subscription | None = None):
        if obj is not None and not self.has_change_permission(request, obj):
            return [
                "name",
                "connector",
                "version",
                "settings_display",
                *THROTTLE_FIELDS,
                "api_usage",
            ]
        return ["api_usage"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Subscription, form: Any, change: bool) -> None:
        if not change:
            obj.connector = self._connector(request, None).key
            obj.created_by = request.user
        connector = get_connector(obj.connector)
        save_subscription(
            obj,
            values=form.settings_values,
            secret_keys=connector.spec.secret_keys if form.show_credentials else (),
            clear_secrets=form.clear_secrets,
            created=not change,
            create_default_mappings=bool(form.cleaned_data.get("create_default_mappings")),
        )
        for warning in form.warnings:
            messages.warning(request, warning)

    # -- actions -------------------------------------------------------------------------

    @admin.action(description="Test connection", permissions=["change"])
    def test_connection(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        subscriptions = list(queryset)
        reports = [run_connection_test(subscription) for subscription in subscriptions]
        return connection_test_page(request, subscriptions, reports)

    # -- display -------------------------------------------------------------------------

    @admin.display(description="Authorization", ordering="auth_status")
    def authorization(self, obj: Subscription) -> str:
        status = authorization_status(obj)
        return render_to_string(
            "subscriptions/_auth_badge.html",
            {"status": status.status, "label": status.label, "title": status.text},
        )

    @admin.display(description="Throttle")
    def throttle(self, obj: Subscription) -> str:
        return (
            f"{obj.throttle_limit} per {obj.throttle_seconds} s, "
            f"{obj.concurrent_connections} connections, {obj.concurrent_batch_executions} batches"
        )

    @admin.display(description="API usage (last 24 hours)")
    def api_usage(self, obj: Subscription) -> str:
        usage = recent_usage(obj.pk)
        return (
            f"{usage['calls']} calls, {usage['errors']} errors, "
            f"{usage['throttled']} waited for the throttle"
        )

    @admin.display(description="Settings")
    def settings_display(self, obj: Subscription) -> str:
        rows = [
            (s.label, obj.settings.get(s.key, ""))
            for s in obj.connector_descriptor.spec.settings
            if not s.is_credential
        ]
        return format_html(
            "<table>{}</table>",
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
        )

    # -- helpers -------------------------------------------------------------------------

    def _connector_key(self, request: HttpRequest, obj: Subscription | None) -> str | None:
        if obj is not None:
            return obj.connector
        key = request.GET.get("connector")
        try:
            return get_connector(key).key if key else None
        except UnknownConnector:
            return None

    def _connector(self, request: HttpRequest, obj: Subscription | None):
        key = self._connector_key(request, obj)
        if key is None:
            raise UnknownConnector("No connector chosen; start from the marketplace.")
        return get_connector(key)


__all__ = ["CLEAR_SUFFIX", "SubscriptionAdmin"]
