"""Admin pages of transfers and transfer log lines: where support staff work.

Read-only, fast on millions of lines: no full COUNT (a capped count instead), indexed filters,
``list_select_related``. Actions call ``mappings.transfers``; nothing here calls a store.
"""

from __future__ import annotations

import csv
import json
from typing import Any

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html

from mappings import transfers
from mappings.transfer_models import Transfer, TransferLogLine

COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    """Counts at most ``COUNT_CAP`` + 1 rows: page links stay right for normal lists, and a list
    of millions of lines never waits for COUNT(*)."""

    @cached_property
    def count(self) -> int:
        return len(self.object_list.values_list("pk", flat=True)[: COUNT_CAP + 1])


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def can_retry(request: HttpRequest) -> bool:
    return request.user.has_perm("mappings.retry_transfer")


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "subscription",
        "collection",
        "trigger",
        "state_badge",
        "progress_bar",
        "counts",
        "started_at",
        "duration_display",
        "started_by",
    )
    list_filter = ("state", "entity", "direction", "trigger", "subscription", "created_at")
    list_select_related = ("subscription", "collection", "started_by")
    show_full_result_count = False
    paginator = CappedCountPaginator
    date_hierarchy = None
    actions = ("retry_failures_action", "cancel_action")
    readonly_fields = (
        "subscription",
        "collection",
        "entity",
        "direction",
        "trigger",
        "started_by",
        "state",
        "waiting_reason",
        "message",
        "progress_bar",
        "counts",
        "total",
        "checkpoint_display",
        "not_before",
        "lease_expires_at",
        "runs",
        "created_at",
        "started_at",
        "finished_at",
        "duration_display",
        "log_link",
    )
    exclude = ("checkpoint", "record_ids", "lease_owner", "cancel_requested", "enqueued_at", "done")
    exclude += ("created", "updated", "skipped", "failed", "limit")

    @admin.display(description="State", ordering="state")
    def state_badge(self, obj: Transfer) -> str:
        text = obj.get_state_display()
        if obj.state == Transfer.State.QUEUED and obj.waiting_reason:
            text = f"{text}: {obj.waiting_reason}"
        return format_html('<span class="sb-state sb-state-{}">{}</span>', obj.state, text)

    @admin.display(description="Progress")
    def progress_bar(self, obj: Transfer) -> str:
        percent = obj.progress
        if percent is None:
            return f"{obj.done} so far"
        return format_html(
            '<progress max="100" value="{}" title="{} of {}"></progress> {}%',
            percent,
            obj.done,
            obj.total or 0,
            percent,
        )

    @admin.display(description="Created / updated / unchanged / failed")
    def counts(self, obj: Transfer) -> str:
        return f"{obj.created} / {obj.updated} / {obj.skipped} / {obj.failed}"

    @admin.display(description="Duration")
    def duration_display(self, obj: Transfer) -> str:
        duration = obj.duration
        return "" if duration is None else f"{duration.total_seconds():.1f} s"

    @admin.display(description="Checkpoint")
    def checkpoint_display(self, obj: Transfer) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.checkpoint, indent=2))

    @admin.display(description="Log")
    def log_link(self, obj: Transfer) -> str:
        url = (
            reverse("admin:mappings_transferlogline_changelist") + f"?transfer__id__exact={obj.pk}"
        )
        failed = url + "&status__exact=failed"
        return format_html(
            '<a href="{}">All log lines</a> · <a href="{}">{} failed</a>', url, failed, obj.failed
        )

    @admin.action(description="Retry the failed records of the selected transfers")
    def retry_failures_action(self, request: HttpRequest, queryset: QuerySet[Transfer]) -> None:
        if not can_retry(request):
            self.message_user(request, "You may not retry transfers.", messages.ERROR)
            return
        made = transfers.retry_failures(queryset, user=request.user)
        self.message_user(request, f"{len(made)} retry transfer(s) queued.", messages.SUCCESS)

    @admin.action(description="Cancel the selected transfers")
    def cancel_action(self, request: HttpRequest, queryset: QuerySet[Transfer]) -> None:
        if not can_retry(request):
            self.message_user(request, "You may not cancel transfers.", messages.ERROR)
            return
        count = transfers.cancel(queryset)
        self.message_user(request, f"{count} transfer(s) cancelled or asked to stop.")


class _Echo:
    def write(self, value: str) -> str:
        return value


@admin.register(TransferLogLine)
class TransferLogLineAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "transfer_link",
        "entity",
        "record_key",
        "remote_id",
        "action",
        "status",
        "error_class",
        "short_message",
    )
    list_filter = ("status", "error_class", "entity", "action", "created_at")
    search_fields = ("=record_key", "=remote_id", "message")
    list_select_related = ("transfer",)
    show_full_result_count = False
    paginator = CappedCountPaginator
    actions = ("retry_action", "export_csv")
    readonly_fields = (
        "transfer_link",
        "subscription_id",
        "entity",
        "record",
        "record_key",
        "remote_id",
        "action",
        "status",
        "error_class",
        "error_code",
        "message",
        "hint",
        "calls_display",
        "attempt",
        "retried_by",
        "created_at",
    )
    exclude = ("transfer", "calls")

    def get_queryset(self, request: HttpRequest) -> QuerySet[TransferLogLine]:
        # The calls (the biggest column) are read on the detail page only.
        qs = super().get_queryset(request)
        return qs if request.resolver_match.url_name.endswith("change") else qs.defer("calls")

    @admin.display(description="Transfer", ordering="transfer")
    def transfer_link(self, obj: TransferLogLine) -> str:
        url = reverse("admin:mappings_transfer_change", args=[obj.transfer_id])
        return format_html('<a href="{}">#{}</a>', url, obj.transfer_id)

    @admin.display(description="Message")
    def short_message(self, obj: TransferLogLine) -> str:
        text = obj.message
        return text if len(text) <= 120 else text[:117] + "…"

    @admin.display(description="HTTP calls")
    def calls_display(self, obj: TransferLogLine) -> str:
        if not obj.calls:
            return "No calls to the store."
        return render_to_string("admin/mappings/transferlogline/calls.html", {"calls": obj.calls})

    @admin.action(description="Retry the selected failed records")
    def retry_action(self, request: HttpRequest, queryset: QuerySet[TransferLogLine]) -> None:
        if not can_retry(request):
            self.message_user(request, "You may not retry transfers.", messages.ERROR)
            return
        made = transfers.retry_lines(queryset.select_related("transfer"), user=request.user)
        self.message_user(request, f"{len(made)} retry transfer(s) queued.", messages.SUCCESS)

    @admin.action(description="Export the selected lines as CSV")
    def export_csv(self, request: HttpRequest, queryset: QuerySet[TransferLogLine]):
        columns = (
            "created_at",
            "transfer_id",
            "subscription_id",
            "entity",
            "record_key",
            "remote_id",
            "action",
            "status",
            "error_class",
            "error_code",
            "message",
            "hint",
        )
        writer = csv.writer(_Echo())
        rows = queryset.defer("calls").order_by("pk").values_list(*columns).iterator(2000)
        body = (writer.writerow(row) for row in _with_header(columns, rows))
        response = StreamingHttpResponse(body, content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="transfer-log.csv"'
        return response


def _with_header(columns: tuple[str, ...], rows: Any):
    yield columns
    yield from rows
