"""The whole subscribe flow through the admin: marketplace, Subscribe, settings, Apply, and
coming back later to change settings and rotate a secret without seeing it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from subscriptions.models import Credential, Subscription
from subscriptions.signals import subscription_created
from tests.factories import ORO_SECRET, SubscriptionFactory, manager

pytestmark = pytest.mark.django_db

ADD = reverse("admin:subscriptions_subscription_add")
CATALOG = reverse("admin:subscriptions_subscription_catalog")

ORO_FORM = {
    "name": "OroCommerce - Release",
    "version": "1.0",
    "create_default_mappings": "on",
    "api_url": "https://shop.oro-cloud.com",
    "admin_base_path": "/admin",
    "api_version": "6.1",
    "client_id": "oro-client-id",
    "client_secret": ORO_SECRET,
    "redirect_url": "http://127.0.0.1:8000/oauth/callback/",
    "default_pricing_custom_field_name": "",
    "order_poll_days": "",
    "throttle_limit": "5",
    "throttle_seconds": "60",
    "concurrent_connections": "5",
    "concurrent_batch_executions": "5",
}
CT_FORM = {
    "name": "Commercetools - Production",
    "version": "1.0",
    "api_url": "https://api.europe-west1.gcp.commercetools.com/mystore",
    "auth_url": "",
    "project_key": "",
    "client_id": "ct-client-id",
    "client_secret": "ct-secret-value-123",
    "scope": "manage_project:mystore",
    "api_key": "gateway-key-456",
    "throttle_limit": "500",
    "throttle_seconds": "60",
    "concurrent_connections": "5",
    "concurrent_batch_executions": "5",
}


@pytest.fixture
def client_as_manager(client):
    client.force_login(manager())
    return client


@pytest.fixture
def created_signals():
    received = []

    def handler(sender, **kwargs):
        received.append(kwargs)

    subscription_created.connect(handler)
    yield received
    subscription_created.disconnect(handler)


def test_marketplace_shows_a_tile_per_connector(client_as_manager):
    page = client_as_manager.get(CATALOG).content.decode()
    assert "Search Certified Integration Marketplace" in page
    assert f"{ADD}?connector=orocommerce" in page
    assert f"{ADD}?connector=commercetools" in page


def test_add_without_a_connector_goes_to_the_marketplace(client_as_manager):
    response = client_as_manager.get(ADD)
    assert response.status_code == 302 and response.url == CATALOG


def test_subscribe_form_has_seed_defaults(client_as_manager):
    response = client_as_manager.get(ADD + "?connector=orocommerce")
    form = response.context["adminform"].form
    assert form.fields["create_default_mappings"].initial is True
    assert form.fields["order_poll_days"].initial == 7
    assert form.fields["throttle_limit"].initial == 500
    assert form.fields["throttle_seconds"].initial == 60
    assert form.fields["concurrent_connections"].initial == 5
    assert form["redirect_url"].value() == "http://127.0.0.1:8000/oauth/callback/"
    page = response.content.decode()
    assert "Set-up guide for OroCommerce" in page and "Web API" in page


def test_subscribe_to_orocommerce(client_as_manager, created_signals):
    response = client_as_manager.post(ADD + "?connector=orocommerce", ORO_FORM)
    assert response.status_code == 302, response.context["adminform"].form.errors
    subscription = Subscription.objects.get(name="OroCommerce - Release")
    assert subscription.connector == "orocommerce"
    assert subscription.settings["admin_base_path"] == "admin"
    assert subscription.settings["order_poll_days"] == 7  # blank takes the seed default
    assert "client_secret" not in subscription.settings
    assert subscription.credentials.get(key="client_secret").value == ORO_SECRET
    assert subscription.throttle_limit == 5
    assert created_signals[0]["create_default_mappings"] is True


def test_unchecking_default_mappings_is_passed_on(client_as_manager, created_signals):
    form = {k: v for k, v in ORO_FORM.items() if k != "create_default_mappings"}
    client_as_manager.post(ADD + "?connector=orocommerce", form)
    assert created_signals[0]["create_default_mappings"] is False


def test_subscribe_to_commercetools_derives_urls_and_key(client_as_manager):
    response = client_as_manager.post(ADD + "?connector=commercetools", CT_FORM)
    assert response.status_code == 302, response.context["adminform"].form.errors
    subscription = Subscription.objects.get(name="Commercetools - Production")
    assert subscription.settings["project_key"] == "mystore"
    assert subscription.settings["auth_url"] == "https://auth.europe-west1.gcp.commercetools.com"
    assert {c.key for c in subscription.credentials.all()} == {"client_secret", "api_key"}


def test_bad_values_are_shown_next_to_their_fields(client_as_manager):
    form = {
        **ORO_FORM,
        "api_url": "http://10.0.0.5",
        "throttle_limit": "501",
        "concurrent_connections": "0",
        "order_poll_days": "-1",
    }
    response = client_as_manager.post(ADD + "?connector=orocommerce", form)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) >= {"api_url", "throttle_limit", "concurrent_connections", "order_poll_days"}
    assert not Subscription.objects.exists()


def test_names_are_unique(client_as_manager):
    SubscriptionFactory(name=ORO_FORM["name"])
    response = client_as_manager.post(ADD + "?connector=orocommerce", ORO_FORM)
    assert "name" in response.context["adminform"].form.errors


def test_change_settings_keeps_the_secret_when_left_blank(client_as_manager):
    subscription = SubscriptionFactory()
    url = reverse("admin:subscriptions_subscription_change", args=[subscription.pk])
    page = client_as_manager.get(url).content.decode()
    assert ORO_SECRET not in page and "Leave blank to keep it" in page
    form = {**ORO_FORM, "name": subscription.name, "client_secret": "", "order_poll_days": "30"}
    form.pop("create_default_mappings")
    response = client_as_manager.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    subscription.refresh_from_db()
    assert subscription.settings["order_poll_days"] == 30
    assert subscription.credentials.get(key="client_secret").value == ORO_SECRET


def test_rotate_a_secret(client_as_manager):
    subscription = SubscriptionFactory()
    url = reverse("admin:subscriptions_subscription_change", args=[subscription.pk])
    form = {**ORO_FORM, "name": subscription.name, "client_secret": "the-new-secret"}
    form.pop("create_default_mappings")
    client_as_manager.post(url, form)
    assert subscription.credentials.get(key="client_secret").value == "the-new-secret"
    assert "the-new-secret" not in client_as_manager.get(url).content.decode()


def test_an_optional_secret_can_be_removed(client_as_manager):
    client_as_manager.post(ADD + "?connector=commercetools", CT_FORM)
    subscription = Subscription.objects.get(name=CT_FORM["name"])
    url = reverse("admin:subscriptions_subscription_change", args=[subscription.pk])
    form = {**CT_FORM, "client_secret": "", "api_key": "", "api_key__clear": "on"}
    response = client_as_manager.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not Credential.objects.filter(subscription=subscription, key="api_key").exists()
    assert Credential.objects.filter(subscription=subscription, key="client_secret").exists()


def test_apply_saves_and_stays_on_the_subscription(client_as_manager):
    page = client_as_manager.get(ADD + "?connector=orocommerce").content.decode()
    assert 'value="Apply"' in page
    response = client_as_manager.post(
        ADD + "?connector=orocommerce", {**ORO_FORM, "_continue": "1"}
    )
    subscription = Subscription.objects.get(name=ORO_FORM["name"])
    change = reverse("admin:subscriptions_subscription_change", args=[subscription.pk])
    assert response.url.split("?")[0] == change
