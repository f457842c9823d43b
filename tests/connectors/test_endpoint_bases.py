"""Each connector explains every URL placeholder its inventory uses, and turns a subscription's
settings into the real prefix the way its client does (the admin page shows both)."""

from __future__ import annotations

import pytest

from connectors.commercetools.client import CommercetoolsClient
from connectors.endpoints import Endpoint, as_csv, base_rules, inventory
from connectors.orocommerce.client import build_client as build_oro_client

CONNECTORS = ["orocommerce", "commercetools"]


@pytest.mark.parametrize("key", CONNECTORS)
def test_every_placeholder_in_the_inventory_has_a_rule(key):
    # A base is a placeholder, perhaps followed by a path ("[API URL]/{projectKey}").
    used = {item.base[: item.base.index("]") + 1] for item in inventory(key)}
    explained = [rule.placeholder for rule in base_rules(key)]
    assert used == set(explained)
    assert len(explained) == len(set(explained))


def test_the_oro_base_url_is_the_one_the_client_calls():
    settings = {"api_url": "https://shop.example.com/", "admin_base_path": "/back-office/"}
    rules = {rule.placeholder: rule for rule in base_rules("orocommerce")}
    client = build_oro_client(session=None, settings=settings)
    assert rules["[Base URL]"].for_settings(settings) == client.base_url
    assert rules["[Base URL]"].for_settings(settings) == "https://shop.example.com/back-office/api"
    # Seed 001's [Base URL without /api] is the API Url: the token route has no /admin (§0.2).
    assert rules["[Base URL without /api]"].for_settings(settings) == "https://shop.example.com"


def test_the_commercetools_api_url_is_the_one_the_client_calls():
    settings = {
        "api_url": "https://api.europe-west1.gcp.commercetools.com",
        "auth_url": "https://auth.europe-west1.gcp.commercetools.com",
    }
    rules = {rule.placeholder: rule for rule in base_rules("commercetools")}
    client = CommercetoolsClient(None, settings["api_url"], "shop")
    assert client.base == rules["[API URL]"].for_settings(settings) + "/shop"  # /{projectKey}
    assert rules["[Auth URL]"].for_settings(settings) == settings["auth_url"]


@pytest.mark.parametrize("key", CONNECTORS)
def test_incomplete_settings_resolve_to_nothing(key):
    assert all(rule.for_settings({}) is None for rule in base_rules(key))


def test_purpose_and_deviation():
    plain = Endpoint("GET", "/products/{id}", seed="001: Get Product")
    changed = Endpoint("GET", "/products", seed="001: Get Products", reason="sorted by id")
    extra = Endpoint("GET", "/localizations", reason="names per locale")
    assert (plain.purpose, plain.deviation) == ("Get Product", "")
    assert (changed.purpose, changed.deviation) == ("Get Products", "sorted by id")
    assert (extra.purpose, extra.deviation) == ("names per locale", "")


def test_the_csv_quotes_what_needs_quoting():
    item = Endpoint("GET", "/x?a=1,2", reason='say "why", then more', name="client.x")
    assert (
        as_csv([item]).splitlines()[1]
        == 'GET,"[Base URL]/x?a=1,2",,"say ""why"", then more",client.x'
    )
