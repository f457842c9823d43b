"""Admin actions that start transfers, attached from here to the pages of other apps.

``hub`` and ``subscriptions`` may not import ``mappings`` (DECISIONS.md "Layering"), so their
admin classes get these actions in ``MappingsConfig.ready``, after the admin has registered
every model. Each action queues transfers and sends the user to the transfer list, where the
result shows as the workers go.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from hub.models import Record
from mappings import transfers
from mappings.models import MappingCollection
from mappings.transfer_models import Transfer
from subscriptions.models import Subscription

SAMPLE_SIZE = 5


def _to_transfers(
    request: HttpRequest, made: list[Transfer], what: str
) -> HttpResponseRedirect | None:
    if not made:
        messages.warning(request, f"Nothing to {what}: no enabled mapping collection applies.")
        return None
    messages.success(request, f"{len(made)} transfer(s) queued: {what}.")
    query = urlencode({"id__in": ",".join(str(t.pk) for t in made)})
    return HttpResponseRedirect(reverse("admin:mappings_transfer_changelist") + "?" + query)


def _can_start(request: HttpRequest) -> bool:
    return request.user.has_perm("mappings.add_transfer") or request.user.has_perm(
        "mappings.retry_transfer"
    )


@admin.action(description="Transfer now: send the selected records to every store")
def transfer_records_now(modeladmin, request: HttpRequest, queryset: QuerySet[Record]):
    if not _can_start(request):
        messages.error(request, "You may not start transfers.")
        return None
    made: list[Transfer] = []
    for entity in queryset.values_list("entity", flat=True).distinct():
        ids = list(queryset.filter(entity=entity).values_list("pk", flat=True))
        collections = MappingCollection.objects.filter(entity=entity, direction="push")
        made += transfers.transfer_now(collections, user=request.user, record_ids=ids)
    return _to_transfers(request, made, "send the selected records")


@admin.action(description="Transfer now")
def transfer_collections_now(modeladmin, request: HttpRequest, queryset):
    if not _can_start(request):
        messages.error(request, "You may not start transfers.")
        return None
    made = transfers.transfer_now(queryset, user=request.user)
    return _to_transfers(request, made, "run the selected collections")


def _per_collection(request, subscriptions, direction: str, trigger: str, limit=None, what=""):
    if not _can_start(request):
        messages.error(request, "You may not start transfers.")
        return None
    collections = MappingCollection.objects.filter(
        subscription__in=subscriptions, direction=direction, enabled=True
    )
    made = [
        transfers.start(c, trigger=trigger, user=request.user, limit=limit) for c in collections
    ]
    return _to_transfers(request, made, what)


@admin.action(description=f"Sample pull: pull up to {SAMPLE_SIZE} records (post-install check)")
def sample_pull(modeladmin, request: HttpRequest, queryset: QuerySet[Subscription]):
    return _per_collection(
        request, queryset, "pull", Transfer.Trigger.SAMPLE, SAMPLE_SIZE, "sample pull"
    )


@admin.action(description=f"Sample push: send up to {SAMPLE_SIZE} records (post-install check)")
def sample_push(modeladmin, request: HttpRequest, queryset: QuerySet[Subscription]):
    return _per_collection(
        request, queryset, "push", Transfer.Trigger.SAMPLE, SAMPLE_SIZE, "sample push"
    )


@admin.action(description="Initialize: pull every existing record from the store")
def initialize(modeladmin, request: HttpRequest, queryset: QuerySet[Subscription]):
    return _per_collection(
        request, queryset, "pull", Transfer.Trigger.INITIALIZATION, None, "initialization"
    )


@admin.action(description="Push all: send every hub record to the store")
def push_all(modeladmin, request: HttpRequest, queryset: QuerySet[Subscription]):
    if not _can_start(request):
        messages.error(request, "You may not start transfers.")
        return None
    made = transfers.push_all(
        MappingCollection.objects.filter(subscription__in=queryset), user=request.user
    )
    return _to_transfers(request, made, "push all, referenced records first")


ACTIONS = {
    Record: (transfer_records_now,),
    MappingCollection: (transfer_collections_now,),
    Subscription: (sample_pull, sample_push, initialize, push_all),
}


def attach(site: admin.AdminSite = admin.site) -> None:
    for model, actions in ACTIONS.items():
        if not site.is_registered(model):
            continue
        model_admin = site.get_model_admin(model)
        current = list(model_admin.actions or [])
        model_admin.actions = [*current, *(a for a in actions if a not in current)]
