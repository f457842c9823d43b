"""Every settings field of both connectors, with good and bad values (seeds 000, 002, 004)."""

from __future__ import annotations

import pytest

from connectors.registry import all_connectors, get_connector
from connectors.spec import SettingsContext, SettingsInvalid

CONTEXT = SettingsContext(portal_callback_url="http://127.0.0.1:8000/oauth/callback/")
ORO = get_connector("orocommerce").spec
CT = get_connector("commercetools").spec

ORO_GOOD = {
    "api_url": "https://shop.oro-cloud.com",
    "admin_base_path": "/admin",
    "api_version": "6.1",
    "client_id": "client-1",
    "client_secret": "s3cret",
    "redirect_url": "https://portal.example.com/oauth/callback/",
    "auto_create_product": False,
    "auto_create_customer_group": True,
    "default_pricing_custom_field_name": "isDefault",
    "order_poll_days": "14",
}
CT_GOOD = {
    "api_url": "https://api.us-central1.gcp.commercetools.com/mystore",
    "auth_url": "",
    "project_key": "",
    "client_id": "ct-client",
    "client_secret": "ct-secret",
    "scope": "manage_project:mystore",
    "api_key": "",
}


def errors_of(spec, values, context=CONTEXT, **kwargs):
    with pytest.raises(SettingsInvalid) as caught:
        spec.clean(values, context, **kwargs)
    return caught.value.errors


def test_every_connector_is_in_the_registry_with_throttle_defaults_in_range():
    assert [c.key for c in all_connectors()] == ["orocommerce", "commercetools"]
    for connector in all_connectors():
        throttle = connector.spec.throttle
        assert 1 <= throttle.limit <= 500 and 1 <= throttle.seconds <= 3600
        assert 1 <= throttle.connections <= 10 and 1 <= throttle.batch_executions <= 10


class TestOroCommerceSettings:
    def test_good_values_are_cleaned_and_typed(self):
        values = ORO.clean(ORO_GOOD, CONTEXT).values
        assert values["admin_base_path"] == "admin"
        assert values["order_poll_days"] == 14
        assert values["auto_create_customer_group"] is True
        assert values["auto_create_product"] is False

    @pytest.mark.parametrize("typed", ["/admin", "admin", "admin/", "/admin/", "", None])
    def test_admin_base_path_spellings_mean_the_same(self, typed):
        values = ORO.clean({**ORO_GOOD, "admin_base_path": typed}, CONTEXT).values
        assert values["admin_base_path"] == "admin"

    def test_custom_admin_base_path_is_kept(self):
        values = ORO.clean({**ORO_GOOD, "admin_base_path": "/backoffice/"}, CONTEXT).values
        assert values["admin_base_path"] == "backoffice"

    def test_admin_base_path_with_odd_characters_is_refused(self):
        assert "admin_base_path" in errors_of(ORO, {**ORO_GOOD, "admin_base_path": "ad min?x"})

    @pytest.mark.parametrize(
        "key", ["api_url", "client_id", "client_secret", "redirect_url", "api_version"]
    )
    def test_required_fields(self, key):
        errors = errors_of(ORO, {**ORO_GOOD, key: ""})
        assert errors[key] == [f"{ORO.setting(key).label} is required."]

    def test_optional_fields_take_their_seed_defaults_when_blank(self):
        context = CONTEXT
        assert ORO.setting("order_poll_days").initial(context) == 7
        assert ORO.setting("auto_create_product").initial(context) is False
        assert ORO.setting("auto_create_customer_group").initial(context) is False
        assert ORO.setting("redirect_url").initial(context) == context.portal_callback_url

    def test_http_api_url_is_refused_unless_allow_listed(self):
        errors = errors_of(ORO, {**ORO_GOOD, "api_url": "http://shop.example.com"})
        assert "https" in errors["api_url"][0]
        allowed = SettingsContext(outbound_allowed_hosts=("shop.example.com",))
        assert ORO.clean({**ORO_GOOD, "api_url": "http://shop.example.com"}, allowed)

    @pytest.mark.parametrize(
        "url",
        [
            "https://127.0.0.1",
            "https://localhost",
            "https://10.0.0.8",
            "https://169.254.169.254",
            "https://[::1]",
            "https://100.64.0.1",
            "https://shop.internal",
        ],
    )
    def test_private_and_local_api_urls_are_refused(self, url):
        errors = errors_of(ORO, {**ORO_GOOD, "api_url": url})
        assert "api_url" in errors

    def test_api_url_with_the_admin_path_is_refused_with_a_hint(self):
        errors = errors_of(ORO, {**ORO_GOOD, "api_url": "https://shop.oro-cloud.com/admin/api"})
        assert "without the admin or /api path" in errors["api_url"][0]

    def test_plain_http_redirect_is_only_allowed_on_loopback(self):
        assert ORO.clean({**ORO_GOOD, "redirect_url": "http://127.0.0.1:8000/cb/"}, CONTEXT)
        errors = errors_of(ORO, {**ORO_GOOD, "redirect_url": "http://portal.example.com/cb/"})
        assert "https" in errors["redirect_url"][0]

    @pytest.mark.parametrize("bad", ["0", "-3", "366", "seven", "1.5"])
    def test_order_poll_days_must_be_a_positive_whole_number_in_range(self, bad):
        assert "order_poll_days" in errors_of(ORO, {**ORO_GOOD, "order_poll_days": bad})

    @pytest.mark.parametrize("bad", ["is default", "1field", "price-default"])
    def test_default_pricing_field_must_be_an_entity_field_name(self, bad):
        errors = errors_of(ORO, {**ORO_GOOD, "default_pricing_custom_field_name": bad})
        assert "default_pricing_custom_field_name" in errors

    def test_unknown_api_version_is_refused(self):
        assert "api_version" in errors_of(ORO, {**ORO_GOOD, "api_version": "4.2"})

    def test_stored_secret_is_not_required_again(self):
        values = ORO.clean(
            {**ORO_GOOD, "client_secret": ""}, CONTEXT, stored_secrets=frozenset({"client_secret"})
        ).values
        assert values["client_secret"] is None  # None: keep what is stored


class TestCommercetoolsSettings:
    def test_project_key_and_auth_url_are_derived(self):
        values = CT.clean(CT_GOOD, CONTEXT).values
        assert values["project_key"] == "mystore"
        assert values["auth_url"] == "https://auth.us-central1.gcp.commercetools.com"
        assert values["api_url"] == "https://api.us-central1.gcp.commercetools.com"

    def test_project_key_comes_from_the_scope_when_the_url_has_none(self):
        values = CT.clean(
            {**CT_GOOD, "api_url": "https://api.eu-central-1.aws.commercetools.com"}, CONTEXT
        ).values
        assert values["project_key"] == "mystore"
        assert values["auth_url"] == "https://auth.eu-central-1.aws.commercetools.com"

    @pytest.mark.parametrize(
        "url", ["https://api.commercetools.com/mystore", "https://commercetools.com"]
    )
    def test_bare_region_less_domain_is_refused_with_the_region_hint(self, url):
        message = errors_of(CT, {**CT_GOOD, "api_url": url})["api_url"][0]
        assert "Invalid API Domain" in message
        assert "https://api.us-central1.gcp.commercetools.com" in message

    def test_contradicting_project_key_names_both_values(self):
        message = errors_of(CT, {**CT_GOOD, "project_key": "other"})["project_key"][0]
        assert "'other'" in message and "'mystore'" in message

    def test_scope_for_another_project_names_both(self):
        message = errors_of(CT, {**CT_GOOD, "scope": "manage_project:elsewhere"})["scope"][0]
        assert "'elsewhere'" in message and "'mystore'" in message

    @pytest.mark.parametrize(
        "scope",
        ["manage_project", "manage project:mystore", ":mystore", "manage_project:", "a:b:c"],
    )
    def test_scope_items_must_be_permission_colon_project(self, scope):
        assert "scope" in errors_of(CT, {**CT_GOOD, "scope": scope})

    def test_several_scope_items_are_fine(self):
        scope = "view_products:mystore manage_orders:mystore"
        assert CT.clean({**CT_GOOD, "scope": scope}, CONTEXT).values["scope"] == scope

    def test_non_commercetools_host_needs_an_auth_url(self):
        allowed = SettingsContext(outbound_allowed_hosts=("localhost",))
        values = {**CT_GOOD, "api_url": "http://localhost:8301/mystore"}
        assert "auth_url" in errors_of(CT, values, allowed)
        cleaned = CT.clean({**values, "auth_url": "http://localhost:8301"}, allowed).values
        assert cleaned["auth_url"] == "http://localhost:8301"

    @pytest.mark.parametrize("key", ["api_url", "client_id", "client_secret", "scope"])
    def test_required_fields(self, key):
        assert key in errors_of(CT, {**CT_GOOD, key: ""})

    def test_api_key_is_optional_and_secret(self):
        assert CT.setting("api_key").secret and not CT.setting("api_key").required
        assert "X-Api-Key" in CT.setting("api_key").help
