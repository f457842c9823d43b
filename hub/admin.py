"""Hub admin: records (edit as validated JSON, archive, import) and the external-id map.

Thin: validation is the entity schema's, writes go through hub.services so versions and the
records_changed signal hold, imports through hub.importing.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from hub import services
from hub.forms import ImportForm, RecordForm
from hub.importing import ImportFileError, guess_format, import_records
from hub.models import ExternalId, Record


class ArchivedFilter(admin.SimpleListFilter):
    title = "archived"
    parameter_name = "archived"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", "Active"), ("yes", "Archived")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        return queryset


@admin.register(Record)
class RecordAdmin(admin.ModelAdmin):
    form = RecordForm
    list_display = ("entity", "key", "version", "updated_at", "is_archived")
    list_filter = ("entity", ArchivedFilter)
    search_fields = ("key",)
    actions = ("archive_records", "unarchive_records")
    change_list_template = "admin/hub/record/change_list.html"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Archive instead: a deleted row would take its external ids with it and tell no push
        # collection, so "Propagate deletions" could never remove the record from the stores.
        return False

    # -- fields --------------------------------------------------------------------------

    @admin.display(boolean=True, description="archived", ordering="archived_at")
    def is_archived(self, obj: Record) -> bool:
        return obj.archived

    @admin.display(description="data")
    def pretty_data(self, obj: Record) -> str:
        return format_html(
            "<pre style='white-space:pre-wrap'>{}</pre>",
            json.dumps(obj.data, ensure_ascii=False, indent=2),
        )

    def get_fields(self, request: HttpRequest, obj: Record | None = None) -> list[str]:
        if obj is None:
            return ["entity", "origin_subscription_id", "data"]
        data = "data" if self.has_change_permission(request, obj) else "pretty_data"
        return [
            "entity",
            "key",
            "version",
            "origin_subscription_id",
            "archived_at",
            "created_at",
            "updated_at",
            "data_hash",
            data,
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Record | None = None) -> list[str]:
        if obj is None:
            return []
        fields = [
            "entity",
            "key",
            "version",
            "origin_subscription_id",
            "archived_at",
            "created_at",
            "updated_at",
            "data_hash",
        ]
        if not self.has_change_permission(request, obj):
            fields.append("pretty_data")
        return fields

    # -- saving through the services -----------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Record, form: Any, change: bool) -> None:
        data = form.cleaned_data["data"]
        if change:
            result = services.update_record(Record.objects.get(pk=obj.pk), data)
        else:
            result = services.upsert(
                obj.entity, data, origin_subscription_id=obj.origin_subscription_id
            )
        # The admin goes on with `obj` (messages, history, redirect): give it the saved state.
        for f in Record._meta.concrete_fields:
            setattr(obj, f.attname, getattr(result.record, f.attname))
        if change and not result.changed:
            messages.info(request, "Nothing changed: the data is the same, the version stays.")

    # -- actions -------------------------------------------------------------------------

    @admin.action(description="Archive selected records", permissions=["change"])
    def archive_records(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = services.archive(list(queryset))
        self.message_user(request, f"Archived {count} record(s).", messages.SUCCESS)

    @admin.action(description="Unarchive selected records", permissions=["change"])
    def unarchive_records(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = services.unarchive(list(queryset))
        self.message_user(request, f"Unarchived {count} record(s).", messages.SUCCESS)

    # -- import page ---------------------------------------------------------------------

    def get_urls(self) -> list:
        page = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="hub_record_import",
        )
        return [page, *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a JSON lines or CSV file of one entity; show the per-row report."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            fmt = form.cleaned_data["format"] or guess_format(upload.name)
            if fmt is None:
                form.add_error("format", "Cannot tell the format from the file name; choose one.")
            else:
                try:
                    report = import_records(
                        form.cleaned_data["entity"],
                        upload,
                        fmt,
                        origin_subscription_id=form.cleaned_data["origin_subscription_id"],
                    )
                except ImportFileError as error:
                    form.add_error("file", str(error))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import records",
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "changelist_url": reverse("admin:hub_record_changelist"),
        }
        return TemplateResponse(request, "admin/hub/record/import.html", context)


@admin.register(ExternalId)
class ExternalIdAdmin(admin.ModelAdmin):
    """Read-only: external ids are written by pulls and pushes, never by hand."""

    list_display = (
        "subscription_id",
        "entity",
        "record_link",
        "remote_id",
        "remote_version",
        "updated_at",
    )
    list_filter = ("entity",)
    search_fields = ("remote_id", "record__key")
    list_select_related = ("record",)
    fields = (
        "subscription_id",
        "entity",
        "record_link",
        "remote_id",
        "remote_version",
        "last_pushed_hash",
        "updated_at",
    )
    readonly_fields = fields

    @admin.display(description="record", ordering="record__key")
    def record_link(self, obj: ExternalId) -> str:
        url = reverse("admin:hub_record_change", args=[obj.record_id])
        return format_html('<a href="{}">{}</a>', url, obj.record)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
