"""The endpoint inventory pages (issue 7): staff only, every declared call rendered, and the
downloads are the very list ``manage.py connector_endpoints`` prints."""

from __future__ import annotations

import csv
import io
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from connectors.endpoints import CSV_COLUMNS, Endpoint, base_rules, inventory
from tests.factories import UserFactory, manager, support
from tests.subscriptions.factories import commercetools_subscription, oro_subscription

pytestmark = pytest.mark.django_db

CONNECTORS = ["orocommerce", "commercetools"]
INDEX = reverse("connector_endpoints")


def detail(key: str) -> str:
    return reverse("connector_endpoints_detail", args=[key])


def command_output(key: str) -> list[str]:
    out = StringIO()
    call_command("connector_endpoints", key, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def as_support(client):
    client.force_login(support())
    return client


@pytest.mark.parametrize("key", CONNECTORS)
def test_every_inventory_entry_is_rendered(as_support, key):
    page = as_support.get(detail(key)).content.decode()
    endpoints = inventory(key)
    assert page.count('<tr class="endpoint">') == len(endpoints)
    for item in endpoints:
        assert escape(item.url) in page, item.url
        assert escape(item.purpose) in page, item.purpose
        if item.seed:
            assert escape(f"Seed {item.seed}") in page
        if item.deviation:
            assert escape(item.deviation) in page
    assert page.count("Added: not a seed call") == sum(1 for e in endpoints if not e.seed)
    for rule in base_rules(key):
        assert escape(rule.placeholder) in page and escape(rule.rule) in page


@pytest.mark.parametrize("key", CONNECTORS)
def test_the_rows_keep_the_declaration_order(as_support, key):
    page = as_support.get(detail(key)).content.decode()
    rows = page.split('<tr class="endpoint">')[1:]
    shown = [re.findall(r"<td>(\w+)</td>\s*<td><code>(.*?)</code></td>", row)[0] for row in rows]
    assert shown == [(item.method, escape(item.url)) for item in inventory(key)]


def test_a_deviation_shows_its_seed_entry_and_its_reason(as_support):
    page = as_support.get(detail("orocommerce")).content.decode()
    authorize = next(e for e in inventory("orocommerce") if e.seed == "001: Authorize")
    row = page[page.index(escape(authorize.url)) :].split("</tr>", 1)[0]
    assert "Seed 001: Authorize" in row
    assert escape("the seed's un-prefixed /oauth2-token/authorize is the storefront's") in row


def test_the_list_page_links_every_connector(as_support):
    page = as_support.get(INDEX).content.decode()
    for key in CONNECTORS:
        assert detail(key) in page
        assert reverse("connector_endpoints_csv", args=[key]) in page
        assert f"<td>{len(inventory(key))}</td>" in page


@pytest.mark.parametrize("key", CONNECTORS)
def test_the_csv_is_the_commands_list(as_support, key):
    response = as_support.get(reverse("connector_endpoints_csv", args=[key]))
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{key}-endpoints.csv"' in response["Content-Disposition"]
    header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert tuple(header) == CSV_COLUMNS
    # Rebuild each row's printed line: the CSV says the same thing as the command, in order.
    printed = [
        Endpoint(method, url, seed or None, reason or None, base="").line()
        for method, url, seed, reason, _called_by in rows
    ]
    assert printed == command_output(key)[:-1]
    assert [row[4] for row in rows] == [e.name for e in inventory(key)]


@pytest.mark.parametrize("key", CONNECTORS)
def test_the_text_download_is_the_commands_output(as_support, key):
    response = as_support.get(reverse("connector_endpoints_text", args=[key]))
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == command_output(key)


@pytest.mark.parametrize(
    "url",
    [
        INDEX,
        detail("orocommerce"),
        reverse("connector_endpoints_csv", args=["orocommerce"]),
        reverse("connector_endpoints_text", args=["commercetools"]),
    ],
)
def test_anonymous_users_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "url", [INDEX, detail("orocommerce"), reverse("connector_endpoints_csv", args=["orocommerce"])]
)
def test_non_staff_users_are_refused(client, url):
    client.force_login(UserFactory(is_staff=False))
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("user", [manager, support, lambda: UserFactory()])
def test_any_staff_user_may_read_it(client, user):
    client.force_login(user())
    assert client.get(detail("commercetools")).status_code == 200


def test_an_unknown_connector_is_not_found(as_support):
    assert as_support.get(detail("nope")).status_code == 404
    assert as_support.get(reverse("connector_endpoints_csv", args=["nope"])).status_code == 404


def test_the_placeholders_are_resolved_for_existing_subscriptions(as_support):
    oro = oro_subscription(name="Oro EU")
    oro.settings["admin_base_path"] = "back-office"
    oro.save()
    commercetools_subscription(name="CT shop")
    page = as_support.get(detail("orocommerce")).content.decode()
    assert "Oro EU" in page and "CT shop" not in page
    assert "<code>https://shop.oro-cloud.com/back-office/api</code>" in page  # [Base URL]
    assert "<code>https://shop.oro-cloud.com</code>" in page  # [Base URL without /api]
    ct = as_support.get(detail("commercetools")).content.decode()
    assert "<code>https://api.europe-west1.gcp.commercetools.com</code>" in ct
    assert "<code>https://auth.europe-west1.gcp.commercetools.com</code>" in ct


def test_staff_who_may_not_view_subscriptions_see_the_rules_only(client):
    oro_subscription(name="Oro EU")
    client.force_login(UserFactory())  # staff, no role
    page = client.get(detail("orocommerce")).content.decode()
    assert 'id="base-rules"' in page
    assert 'id="resolved-bases"' not in page and "Oro EU" not in page


def test_the_admin_index_and_the_marketplace_link_to_it(client):
    client.force_login(manager())
    home = client.get(reverse("admin:index")).content.decode()
    assert f'href="{INDEX}"' in home
    marketplace = client.get(reverse("admin:subscriptions_subscription_catalog")).content.decode()
    assert f'href="{INDEX}"' in marketplace
    for key in CONNECTORS:
        tile = marketplace[marketplace.index(f'data-connector="{key}"') :].split("</div>", 1)[0]
        assert f'href="{detail(key)}"' in tile


def test_support_sees_the_link_on_the_admin_index(as_support):
    assert f'href="{INDEX}"' in as_support.get(reverse("admin:index")).content.decode()
