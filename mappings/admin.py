"""Admin pages of mapping collections: field mappings inline, the preview page, and the
"Re-create missing default mappings" action (DECISIONS.md "Layering": cross-app actions are
registered here, not in ``subscriptions``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from mappings.defaults import create_default_mappings
from mappings.models import FieldMapping, MappingCollection
from mappings.preview import preview
from mappings.schemas import PUSH
from subscriptions.models import Subscription


class FieldMappingInline(admin.TabularInline):
    model = FieldMapping
    extra = 0
    ordering = ("position", "pk")
    fields = (
        "position",
        "target_field",
        "source_kind",
        "source_path",
        "static_value",
        "template",
        "translation_table",
        "transforms",
        "required",
        "notes",
    )


@admin.register(MappingCollection)
class MappingCollectionAdmin(admin.ModelAdmin):
    list_display = ("name", "subscription", "entity", "direction", "enabled", "version")
    list_filter = ("subscription", "entity", "direction", "enabled")
    search_fields = ("name", "description")
    readonly_fields = ("version", "created_at", "updated_at")
    fields = (
        "subscription",
        "name",
        "entity",
        "direction",
        "enabled",
        "propagate_deletions",
        "description",
        "version",
        "created_at",
        "updated_at",
    )
    inlines = (FieldMappingInline,)
    actions = ("recreate_default_mappings",)

    @admin.action(
        description="Re-create missing default mappings for these collections' subscriptions",
        permissions=("add",),
    )
    def recreate_default_mappings(
        self, request: HttpRequest, queryset: QuerySet, subscriptions: Any = None
    ) -> None:
        if subscriptions is None:
            subscriptions = Subscription.objects.filter(
                pk__in=queryset.values_list("subscription_id", flat=True)
            )
        for subscription in subscriptions:
            created = create_default_mappings(subscription)
            names = ", ".join(c.name for c in created) or "none were missing"
            self.message_user(
                request, f"{subscription}: {len(created)} created ({names}).", messages.SUCCESS
            )

    def get_urls(self) -> list:
        preview_view = self.admin_site.admin_view(self.preview_view)
        defaults_view = self.admin_site.admin_view(self.create_defaults_view)
        return [
            path("<int:object_id>/preview/", preview_view, name="mappings_collection_preview"),
            path("create-defaults/", defaults_view, name="mappings_create_default_mappings"),
            *super().get_urls(),
        ]

    def create_defaults_view(self, request: HttpRequest) -> HttpResponse:
        """The same as the action, for a subscription that has no collection left to select."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            subscription = get_object_or_404(Subscription, pk=request.POST.get("subscription"))
            self.recreate_default_mappings(
                request, MappingCollection.objects.none(), subscriptions=[subscription]
            )
            return redirect(reverse("admin:mappings_mappingcollection_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Re-create missing default mappings",
            "opts": self.model._meta,
            "subscriptions": Subscription.objects.order_by("name"),
        }
        return TemplateResponse(request, "admin/mappings/create_defaults.html", context)

    def preview_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        collection = get_object_or_404(
            MappingCollection.objects.select_related("subscription"), pk=object_id
        )
        if not self.has_view_permission(request, collection):
            raise PermissionDenied
        record_key = request.POST.get("record_key", "") if request.method == "POST" else ""
        document_json = request.POST.get("document_json", "") if request.method == "POST" else ""
        result = None
        if request.method == "POST":
            result = preview(collection, record_key=record_key, document_json=document_json)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Preview: {collection.name}",
            "opts": self.model._meta,
            "original": collection,
            "collection": collection,
            "is_push": collection.direction == PUSH,
            "record_key": record_key,
            "document_json": document_json,
            "result": result,
            "change_url": reverse("admin:mappings_mappingcollection_change", args=[collection.pk]),
        }
        return TemplateResponse(request, "admin/mappings/preview.html", context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        extra = {**(extra_context or {})}
        if object_id.isdigit():
            extra["preview_url"] = reverse("admin:mappings_collection_preview", args=[object_id])
        return super().change_view(request, object_id, form_url, extra_context=extra)
