"""The journey a business user takes, in a real browser (issue 10): log in, open the catalog,
subscribe to OroCommerce, see the validation messages for bad settings, authorize through the
sandbox's login page, run "Transfer now" and watch its progress; then a Support user opens the
transfer log, reads the failed record's reason and retries it once the store's fault is gone.

Everything but the store is the production path: the live portal, a real django-q2 worker
cluster on the test database, the runner and the HTTP layer. The store is the in-process
OroCommerce sandbox, with a fault injected so that exactly one record fails. The hub holds the
demo's data (``demo/*.jsonl``), so this also proves that what ``make demo`` seeds goes out.
A screenshot of every step is kept under var/browser-artifacts/.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from hub.models import Record
from portal.demo import seed_hub
from portal.roles import SUPPORT
from sandbox.orocommerce import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from tests.factories import UserFactory, manager

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, databases=["default", "coordination"]),
]

VIEWPORT_WIDTH = 1280  # tests/browser/conftest.py
PASSWORD = "pw-for-tests"  # tests.factories.UserFactory
SANDBOX_LOGIN = ("admin", "sandbox-demo-password")
FINISHED = ("Succeeded", "Partly failed", "Failed", "Cancelled")
FAILED_SKU = "DEMO-GLOVE-1"  # the first product the push creates: it meets the fault


def log_in(page, portal: str, username: str) -> None:
    page.goto(portal + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(portal + "/admin/")


def apply(page) -> None:
    """Press Apply (the seeds' name for Save) and wait for the answer page."""
    with page.expect_navigation():
        page.click("input[name=_continue]")


def run_action(page, action: str, rows: str | None = None) -> None:
    """Tick the rows whose text contains ``rows`` (all when None) and run ``action``."""
    if rows is None:
        page.check("#action-toggle")
    else:
        page.locator("#result_list tbody tr", has_text=rows).locator(
            "input[name=_selected_action]"
        ).check()
    page.select_option("select[name=action]", action)
    with page.expect_navigation():
        page.click("button[name=index]")


def wait_for_state(page, state: str, worker, timeout: float = 90) -> None:
    """Reload the transfer list until its first transfer is in ``state``: how a user watches
    a transfer's progress."""
    deadline = time.monotonic() + timeout
    while True:
        badge = page.locator("#result_list tbody tr").first.locator(".sb-state")
        shown = badge.inner_text() if badge.count() else ""
        if shown == state:
            return
        if shown in FINISHED:
            raise AssertionError(f"the transfer ended {shown!r}, not {state!r}")
        if time.monotonic() > deadline or worker.poll() is not None:
            log = worker.log.read_text()[-3000:]
            raise AssertionError(f"no transfer {state!r} on {page.url}; worker log:\n{log}")
        time.sleep(0.5)
        page.reload()


def test_a_business_user_subscribes_authorizes_transfers_and_support_retries(
    page, shot: Callable[[str], object], live_server, oro_sandbox, worker, settings
):
    portal = live_server.url
    settings.PORTAL_PUBLIC_URL = portal  # the prefilled Redirect Url is this portal's callback
    settings.OUTBOUND_ALLOWED_HOSTS = ["localhost"]
    assert all(report.ok for report in seed_hub())
    products = Record.objects.filter(entity="product").count()
    user = manager()
    helpdesk = UserFactory(role=SUPPORT)

    # Log in and open the catalog.
    page.goto(portal + "/admin/")
    shot("login page")
    log_in(page, portal, user.username)
    shot("home")
    page.goto(portal + "/admin/subscriptions/subscription/")
    page.get_by_role("link", name="Subscribe to a connector").click()
    page.wait_for_url("**/catalog/")
    shot("catalog")

    # Subscribe to OroCommerce: bad settings first, and the messages that say what to type.
    page.locator("div, li, article", has_text="OroCommerce").get_by_role(
        "link", name="Subscribe"
    ).first.click()
    page.wait_for_url("**/add/?connector=orocommerce")
    assert page.input_value("#id_redirect_url") == portal + "/oauth/callback/"
    shot("subscribe form")
    page.fill("#id_name", "OroCommerce - Sandbox")
    page.fill("#id_api_url", oro_sandbox.base_url)
    page.fill("#id_admin_base_path", "/back office")
    page.fill("#id_client_id", DEMO_CLIENT_ID)
    page.fill("#id_client_secret", DEMO_CLIENT_SECRET)
    page.fill("#id_order_poll_days", "0")
    apply(page)
    errors = page.locator(".errorlist").all_inner_texts()
    shot("validation messages of fields")
    assert any("Admin Base Path must be a URL path" in e for e in errors), errors
    assert any("Order Poll Days must be at least 1" in e for e in errors), errors

    # Fields that are fine one by one but not together: the API Url with the admin API path.
    page.fill("#id_admin_base_path", "/admin")
    page.fill("#id_order_poll_days", "7")
    page.fill("#id_api_url", oro_sandbox.base_url + "/admin/api")
    page.fill("#id_client_secret", DEMO_CLIENT_SECRET)  # a secret is never rendered back
    apply(page)
    errors = page.locator(".errorlist").all_inner_texts()
    shot("validation message of the API Url")
    assert any("without the admin or /api path" in e for e in errors), errors

    page.fill("#id_api_url", oro_sandbox.base_url)
    page.fill("#id_client_secret", DEMO_CLIENT_SECRET)
    apply(page)
    page.wait_for_url("**/change/**")
    assert not page.locator(".errorlist").count()
    shot("subscription saved")

    # Authorize through the sandbox's login and consent pages.
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(oro_sandbox.base_url + "/**")
    shot("sandbox login page")
    page.fill("input[name=username]", SANDBOX_LOGIN[0])
    page.fill("input[name=password]", SANDBOX_LOGIN[1])
    page.locator("button[type=submit], input[type=submit]").first.click()
    page.locator("[name=grant][value=allow]").wait_for()
    shot("sandbox consent page")
    page.locator("[name=grant][value=allow]").click()
    page.wait_for_url(portal + "/oauth/callback/**")
    assert page.get_by_text("is authorized").count()
    shot("authorization complete")
    page.get_by_role("button", name="Close page").click()
    page.wait_for_url("**/subscription/*/change/")
    assert page.get_by_text("Authorized, access token valid until").count()
    shot("subscription authorized")

    # The store fails the next product it is asked to create (a 500, not retried for a POST).
    oro_sandbox.add_fault(
        "status", status=500, path_prefix="/admin/api/products", method="POST", count=1
    )

    # Transfer now, on the default product collection, and watch it.
    page.goto(portal + "/admin/mappings/mappingcollection/")
    shot("mapping collections")
    run_action(page, "transfer_collections_now", rows="Products to OroCommerce")
    page.wait_for_url("**/mappings/transfer/**")
    assert page.get_by_text("1 transfer(s) queued").count()
    shot("transfer queued")
    wait_for_state(page, "Partly failed", worker)
    shot("transfer partly failed")
    row = page.locator("#result_list tbody tr").first.inner_text()
    assert f"{products - 1} / 0 / 0 / 1" in row, row  # created / updated / unchanged / failed
    assert page.locator("#result_list progress").count()
    counts = page.locator("#result_list tbody tr").first.locator("td.field-counts").bounding_box()
    assert counts["x"] + counts["width"] <= VIEWPORT_WIDTH  # in view, not behind a scroll bar

    # Support opens the transfer log, reads why the record failed, and retries it.
    page.locator("#logout-form button").click()
    log_in(page, portal, helpdesk.username)
    page.goto(portal + "/admin/mappings/transfer/")
    page.locator("#result_list tbody tr").first.locator("th a, td a").first.click()
    page.wait_for_url("**/mappings/transfer/*/change/**")
    shot("support opens the transfer")
    page.get_by_role("link", name="1 failed").click()
    page.wait_for_url("**/transferlogline/**status__exact=failed**")
    assert page.locator("#result_list tbody tr").count() == 1
    assert page.locator("#result_list tbody tr", has_text=FAILED_SKU).count()
    shot("failed log line")
    page.locator("#result_list tbody tr").first.locator("th a").click()
    page.wait_for_url("**/transferlogline/*/change/**")
    detail = page.locator("#content-main").inner_text()
    assert "500" in detail and FAILED_SKU in detail, detail
    shot("failed record detail")

    oro_sandbox.clear_faults()  # the store is healthy again
    page.go_back()
    run_action(page, "retry_action", rows=FAILED_SKU)
    assert page.get_by_text("1 retry transfer(s) queued.").count()
    shot("retry queued")
    page.goto(portal + "/admin/mappings/transfer/?trigger__exact=retry")
    wait_for_state(page, "Succeeded", worker)
    shot("retry succeeded")
    assert "1 / 0 / 0 / 0" in page.locator("#result_list tbody tr").first.inner_text()

    skus = {p["attributes"]["sku"] for p in oro_sandbox.store.all("products")}
    assert FAILED_SKU in skus
    assert set(Record.objects.filter(entity="product").values_list("key", flat=True)) <= skus
