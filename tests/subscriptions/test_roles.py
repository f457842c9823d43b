"""Support reads subscriptions but never sees or changes a credential; managers do both."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.roles import INTEGRATION_MANAGERS, SUPPORT
from tests.factories import ORO_SECRET, SubscriptionFactory, manager, support

pytestmark = pytest.mark.django_db


def test_both_groups_exist_after_migrate():
    support_perms = set(
        Group.objects.get(name=SUPPORT).permissions.values_list("codename", flat=True)
    )
    manager_perms = set(
        Group.objects.get(name=INTEGRATION_MANAGERS).permissions.values_list("codename", flat=True)
    )
    assert "view_subscription" in support_perms
    assert not support_perms & {"change_subscription", "view_credential", "change_credential"}
    assert {"add_subscription", "change_subscription", "change_credential"} <= manager_perms


def test_support_reads_a_subscription_without_its_credentials(client):
    subscription = SubscriptionFactory()
    client.force_login(support())
    url = reverse("admin:subscriptions_subscription_change", args=[subscription.pk])
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "shop.oro-cloud.com" in page  # non-credential settings are visible
    assert "oro-client-id" not in page  # the client id is a credential
    assert ORO_SECRET not in page
    assert 'name="client_secret"' not in page and "Client Secret:</label>" not in page


def test_support_cannot_change_a_subscription_or_its_secret(client):
    subscription = SubscriptionFactory()
    client.force_login(support())
    url = reverse("admin:subscriptions_subscription_change", args=[subscription.pk])
    response = client.post(url, {"name": subscription.name, "client_secret": "hijacked"})
    assert response.status_code == 403
    assert subscription.credentials.get(key="client_secret").value == ORO_SECRET


def test_support_cannot_subscribe_or_reach_credentials_anywhere(client):
    client.force_login(support())
    add = reverse("admin:subscriptions_subscription_add") + "?connector=orocommerce"
    assert client.get(add).status_code == 403
    catalog = client.get(reverse("admin:subscriptions_subscription_catalog")).content.decode()
    assert ">Subscribe<" not in catalog
    assert client.get("/admin/subscriptions/credential/").status_code == 404


def test_a_manager_sees_the_credential_fields_but_never_the_secret(client):
    subscription = SubscriptionFactory()
    client.force_login(manager())
    url = reverse("admin:subscriptions_subscription_change", args=[subscription.pk])
    page = client.get(url).content.decode()
    assert 'name="client_secret"' in page and "oro-client-id" in page
    assert ORO_SECRET not in page
