"""Customer groups, customers, customer users, addresses, price lists and shipment tracking
against stubbed OroCommerce answers (fixtures per reference §2.4-§2.7, §2.10)."""

from __future__ import annotations

import json

import pytest
import responses
from responses import matchers

from connectors.adapters import ExternalRef, RecordRejected
from connectors.orocommerce.adapters import ADAPTERS
from tests.connectors.orocommerce.factories import (
    BASE,
    client,
    context,
    item,
    listing,
    rel,
    rels,
    single,
)


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


def sent(mocked, method: str) -> dict:
    return json.loads(next(c.request.body for c in mocked.calls if c.request.method == method))


def writes(mocked) -> list[str]:
    return [c.request.method for c in mocked.calls if c.request.method != "GET"]


class TestCustomerGroupPush:
    def test_creates_a_missing_group(self, mocked):
        mocked.add(
            "GET",
            f"{BASE}/customergroups",
            json=listing(item("customergroups", "2", {"name": "VIP Plus"})),
        )
        mocked.add(
            "POST", f"{BASE}/customergroups", json=single(item("customergroups", "3")), status=201
        )
        outcome = ADAPTERS[("customer_group", "push")](context(client())).push(
            {"name": "VIP"}, None
        )
        assert (outcome.action, outcome.remote_id) == ("created", "3")
        assert sent(mocked, "POST")["data"] == {
            "type": "customergroups",
            "attributes": {"name": "VIP"},
        }

    def test_unchanged_and_updated(self, mocked):
        group = item("customergroups", "2", {"name": "VIP"}, paymentTerm=rel("paymentterms", None))
        mocked.add("GET", f"{BASE}/customergroups/2", json=single(group))
        adapter = ADAPTERS[("customer_group", "push")](context(client()))
        assert adapter.push({"name": "VIP"}, ExternalRef("2")).action == "unchanged"
        mocked.add(
            "GET",
            f"{BASE}/paymentterms",
            json=listing(item("paymentterms", "2", {"label": "net 30"})),
        )
        mocked.add("PATCH", f"{BASE}/customergroups/2", json=single(group))
        assert (
            adapter.push({"name": "VIP", "payment_term": "Net 30"}, ExternalRef("2")).action
            == "updated"
        )
        assert sent(mocked, "PATCH")["data"]["relationships"] == {
            "paymentTerm": {"data": {"type": "paymentterms", "id": "2"}}
        }


class TestCustomerPush:
    def test_creates_with_its_group_when_auto_create_is_yes(self, mocked):
        mocked.add("GET", f"{BASE}/customergroups", json=listing())
        mocked.add(
            "POST", f"{BASE}/customergroups", json=single(item("customergroups", "7")), status=201
        )
        mocked.add("GET", f"{BASE}/customers", json=listing())
        mocked.add("POST", f"{BASE}/customers", json=single(item("customers", "12")), status=201)
        adapter = ADAPTERS[("customer", "push")](context(client(), auto_create_customer_group=True))
        outcome = adapter.push({"name": "Acme, Inc.", "group": "Wholesale", "code": "C-1"}, None)
        assert (outcome.action, outcome.remote_id) == ("created", "12")
        created = json.loads(mocked.calls[3].request.body)["data"]
        assert created["attributes"] == {"name": "Acme, Inc.", "externalId": "C-1"}
        assert created["relationships"]["group"]["data"] == {"type": "customergroups", "id": "7"}
        assert "filter%5Bname%5D=Acme%2C+Inc." in mocked.calls[2].request.url

    def test_a_missing_group_fails_naming_it_and_the_setting_when_auto_create_is_no(self, mocked):
        mocked.add("GET", f"{BASE}/customergroups", json=listing())
        adapter = ADAPTERS[("customer", "push")](
            context(client(), auto_create_customer_group=False)
        )
        with pytest.raises(RecordRejected) as caught:
            adapter.push({"name": "Acme", "group": "Wholesale"}, None)
        assert (
            "'Wholesale'" in caught.value.message
            and "Auto Create Customer Group" in caught.value.message
        )
        assert writes(mocked) == []

    def test_external_id_is_not_sent_before_6_1(self, mocked):
        mocked.add("GET", f"{BASE}/customers", json=listing())
        mocked.add("POST", f"{BASE}/customers", json=single(item("customers", "12")), status=201)
        ADAPTERS[("customer", "push")](context(client(), api_version="6.0")).push(
            {"name": "Acme", "code": "C-1"}, None
        )
        assert sent(mocked, "POST")["data"]["attributes"] == {"name": "Acme"}

    def test_found_by_name_then_unchanged_or_updated(self, mocked):
        found = item(
            "customers",
            "12",
            {"name": "Acme", "externalId": None, "updatedAt": "t"},
            parent=rel("customers", None),
        )
        mocked.add(
            "GET",
            f"{BASE}/customers",
            match=[matchers.query_param_matcher({"filter[name]": "Acme"})],
            json=listing(found),
        )
        adapter = ADAPTERS[("customer", "push")](context(client()))
        assert adapter.push({"name": "Acme"}, None).action == "unchanged"
        mocked.add(
            "GET",
            f"{BASE}/customers",
            match=[matchers.query_param_matcher({"filter[name]": "Holding"})],
            json=listing(item("customers", "1", {"name": "Holding"})),
        )
        mocked.add("PATCH", f"{BASE}/customers/12", json=single(found))
        assert adapter.push({"name": "Acme", "parent": "Holding"}, None).action == "updated"
        assert sent(mocked, "PATCH")["data"] == {
            "type": "customers",
            "id": "12",
            "relationships": {"parent": {"data": {"type": "customers", "id": "1"}}},
        }


class TestCustomerUserPush:
    USER = {
        "email": "Amy@Acme.test",
        "first_name": "Amy",
        "last_name": "Ng",
        "customer": "Acme",
        "roles": ["Buyer"],
    }

    def stubs(self, mocked, users: dict | None) -> None:
        mocked.add(
            "GET", f"{BASE}/customers", json=listing(item("customers", "12", {"name": "Acme"}))
        )
        mocked.add(
            "GET",
            f"{BASE}/customeruserroles",
            json=listing(
                item(
                    "customeruserroles",
                    "1",
                    {"role": "ROLE_FRONTEND_ADMINISTRATOR", "label": "Administrator"},
                ),
                item("customeruserroles", "2", {"role": "ROLE_FRONTEND_BUYER", "label": "Buyer"}),
            ),
        )
        if users is not None:
            mocked.add(
                "GET",
                f"{BASE}/customerusers",
                match=[matchers.query_param_matcher({"filter[email]": "amy@acme.test"})],
                json=users,
            )

    def test_creates_with_the_role_matched_by_name_in_code(self, mocked):
        self.stubs(mocked, listing())
        mocked.add(
            "POST", f"{BASE}/customerusers", json=single(item("customerusers", "30")), status=201
        )
        assert (
            ADAPTERS[("customer_user", "push")](context(client())).push(self.USER, None).action
            == "created"
        )
        data = sent(mocked, "POST")["data"]
        assert data["attributes"] == {
            "email": "amy@acme.test",
            "firstName": "Amy",
            "lastName": "Ng",
            "enabled": True,
        }
        assert data["relationships"]["userRoles"] == {
            "data": [{"type": "customeruserroles", "id": "2"}]
        }
        assert data["relationships"]["customer"] == {"data": {"type": "customers", "id": "12"}}

    def test_a_customer_named_by_its_code_is_found_by_external_id_from_6_1(self, mocked):
        # The hub keys a customer with a code by that code (stored as Oro's externalId).
        for query, found in (
            ({"filter[name]": "C-12"}, listing()),
            (
                {"filter[externalId]": "C-12"},
                listing(item("customers", "12", {"name": "Acme", "externalId": "C-12"})),
            ),
        ):
            mocked.add(
                "GET",
                f"{BASE}/customers",
                match=[matchers.query_param_matcher(query)],
                json=found,
            )
        mocked.add("GET", f"{BASE}/customerusers", json=listing())  # no roles: no role list
        mocked.add(
            "POST", f"{BASE}/customerusers", json=single(item("customerusers", "30")), status=201
        )
        push = ADAPTERS[("customer_user", "push")](context(client()))
        doc = {**self.USER, "customer": "C-12", "roles": []}
        assert push.push(doc, None).action == "created"
        assert sent(mocked, "POST")["data"]["relationships"]["customer"] == rel("customers", "12")

    def test_before_6_1_a_customer_is_found_by_name_only(self, mocked):
        mocked.add("GET", f"{BASE}/customers", json=listing())
        push = ADAPTERS[("customer_user", "push")](context(client(), api_version="6.0"))
        with pytest.raises(RecordRejected, match="no customer 'C-12'"):
            push.push({**self.USER, "customer": "C-12", "roles": []}, None)
        assert len(mocked.calls) == 1 and "externalId" not in mocked.calls[0].request.url

    def test_an_unchanged_user_is_not_written_and_enabled_is_not_resent(self, mocked):
        current = item(
            "customerusers",
            "30",
            {"email": "amy@acme.test", "firstName": "Amy", "lastName": "Ng", "enabled": False},
            customer=rel("customers", "12"),
            userRoles=rels("customeruserroles", "2"),
        )
        self.stubs(mocked, listing(current))
        assert (
            ADAPTERS[("customer_user", "push")](context(client())).push(self.USER, None).action
            == "unchanged"
        )

    def test_a_changed_role_replaces_the_set(self, mocked):
        current = item(
            "customerusers",
            "30",
            {"email": "amy@acme.test", "firstName": "Amy", "lastName": "Ng"},
            customer=rel("customers", "12"),
            userRoles=rels("customeruserroles", "1"),
        )
        self.stubs(mocked, listing(current))
        mocked.add("PATCH", f"{BASE}/customerusers/30", json=single(current))
        assert (
            ADAPTERS[("customer_user", "push")](context(client())).push(self.USER, None).action
            == "updated"
        )
        assert sent(mocked, "PATCH")["data"] == {
            "type": "customerusers",
            "id": "30",
            "relationships": {"userRoles": {"data": [{"type": "customeruserroles", "id": "2"}]}},
        }

    def test_an_unknown_role_rejects_the_record(self, mocked):
        self.stubs(mocked, None)  # the roles are resolved before the user is looked for
        with pytest.raises(RecordRejected, match="role 'Approver'"):
            ADAPTERS[("customer_user", "push")](context(client())).push(
                {**self.USER, "roles": ["Approver"]}, None
            )


ADDRESS = {
    "owner": {"type": "customer_user", "key": "amy@acme.test"},
    "label": "Home",
    "types": ["shipping"],
    "default_shipping": True,
    "street": "1 Main St",
    "city": "Albany",
    "postal_code": "12207",
    "country": "us",
    "region": "NY",
}


class TestAddressPush:
    def test_a_person_s_address_goes_to_customeruseraddresses_with_codes_resolved_without_calls(
        self, mocked
    ):
        mocked.add(
            "GET",
            f"{BASE}/customerusers",
            json=listing(item("customerusers", "30", {"email": "amy@acme.test"})),
        )
        mocked.add(
            "GET",
            f"{BASE}/customeruseraddresses",
            match=[
                matchers.query_param_matcher(
                    {
                        "filter[customerUser]": "30",
                        "filter[country]": "US",
                        "filter[region]": "US-NY",
                        "page[size]": "100",
                    }
                )
            ],
            json=listing(),
        )
        mocked.add(
            "POST",
            f"{BASE}/customeruseraddresses",
            json=single(item("customeruseraddresses", "5")),
            status=201,
        )
        assert (
            ADAPTERS[("address", "push")](context(client())).push(ADDRESS, None).action == "created"
        )
        data = sent(mocked, "POST")["data"]
        assert data["attributes"]["types"] == [{"addressType": "shipping", "default": True}]
        assert data["relationships"]["customerUser"]["data"] == {
            "type": "customerusers",
            "id": "30",
        }
        assert data["relationships"]["region"]["data"] == {"type": "regions", "id": "US-NY"}

    def test_a_company_address_found_by_label_is_unchanged(self, mocked):
        doc = {
            **ADDRESS,
            "owner": {"type": "customer", "key": "Acme"},
            "country": "United States",
            "region": "US-NY",
        }
        mocked.add(
            "GET", f"{BASE}/customers", json=listing(item("customers", "12", {"name": "Acme"}))
        )
        mocked.add(
            "GET",
            f"{BASE}/countries",
            json=listing(item("countries", "US", {"name": "United States"})),
        )
        current = item(
            "customeraddresses",
            "8",
            {
                "label": "home",
                "street": "1 Main St",
                "city": "Albany",
                "postalCode": "12207",
                "types": [{"addressType": "shipping", "default": True}],
            },
            country=rel("countries", "US"),
            region=rel("regions", "US-NY"),
        )
        current["attributes"]["label"] = "Home"
        mocked.add("GET", f"{BASE}/customeraddresses", json=listing(current))
        assert (
            ADAPTERS[("address", "push")](context(client())).push(doc, None).action == "unchanged"
        )

    def test_a_region_name_is_looked_up_within_the_country(self, mocked):
        mocked.add(
            "GET",
            f"{BASE}/customerusers",
            json=listing(item("customerusers", "30", {"email": "amy@acme.test"})),
        )
        mocked.add(
            "GET",
            f"{BASE}/regions",
            json=listing(
                item("regions", "CA-ON", country=rel("countries", "CA")),
                item("regions", "US-NY", country=rel("countries", "US")),
            ),
        )
        mocked.add("GET", f"{BASE}/customeruseraddresses", json=listing())
        mocked.add(
            "POST",
            f"{BASE}/customeruseraddresses",
            json=single(item("customeruseraddresses", "5")),
            status=201,
        )
        ADAPTERS[("address", "push")](context(client())).push(
            {**ADDRESS, "region": "New York"}, None
        )
        assert sent(mocked, "POST")["data"]["relationships"]["region"]["data"]["id"] == "US-NY"


class TestPriceListPush:
    def test_creates_the_list_and_assigns_its_groups(self, mocked):
        mocked.add(
            "GET",
            f"{BASE}/customergroups",
            json=listing(item("customergroups", "2", {"name": "VIP"})),
        )
        mocked.add("GET", f"{BASE}/pricelists", json=listing())
        mocked.add("POST", f"{BASE}/pricelists", json=single(item("pricelists", "4")), status=201)
        mocked.add("GET", f"{BASE}/pricelisttocustomergroups", json=listing())
        mocked.add(
            "POST",
            f"{BASE}/pricelisttocustomergroups",
            json=single(item("pricelisttocustomergroups", "9")),
            status=201,
        )
        doc = {"name": "VIP USD", "currencies": ["usd"], "customer_groups": ["VIP"]}
        assert (
            ADAPTERS[("price_list", "push")](context(client())).push(doc, None).action == "created"
        )
        assert json.loads(mocked.calls[2].request.body)["data"]["attributes"] == {
            "name": "VIP USD",
            "priceListCurrencies": ["USD"],
        }
        assignment = json.loads(mocked.calls[4].request.body)["data"]["relationships"]
        assert (
            assignment["priceList"]["data"]["id"],
            assignment["customerGroup"]["data"]["id"],
        ) == ("4", "2")

    def test_an_assigned_unchanged_list_is_unchanged(self, mocked):
        mocked.add(
            "GET",
            f"{BASE}/customergroups",
            json=listing(item("customergroups", "2", {"name": "VIP"})),
        )
        mocked.add(
            "GET",
            f"{BASE}/pricelists",
            json=listing(
                item("pricelists", "4", {"name": "VIP USD", "priceListCurrencies": ["USD"]})
            ),
        )
        mocked.add(
            "GET",
            f"{BASE}/pricelisttocustomergroups",
            json=listing(
                item("pricelisttocustomergroups", "9", customerGroup=rel("customergroups", "2"))
            ),
        )
        doc = {"name": "VIP USD", "currencies": ["USD"], "customer_groups": ["VIP"]}
        assert (
            ADAPTERS[("price_list", "push")](context(client())).push(doc, None).action
            == "unchanged"
        )

    def test_a_missing_group_fails_when_auto_create_is_no(self, mocked):
        mocked.add("GET", f"{BASE}/customergroups", json=listing())
        with pytest.raises(RecordRejected, match="Auto Create Customer Group is No"):
            ADAPTERS[("price_list", "push")](context(client())).push(
                {"name": "X", "currencies": ["USD"], "customer_groups": ["VIP"]}, None
            )


class TestShipmentTrackingPush:
    DOC = {"order": "7", "tracking_number": "1Z999", "carrier": "UPS"}

    def test_creates_on_the_order(self, mocked):
        mocked.add("GET", f"{BASE}/orders/7/shippingTrackings", json=listing())
        mocked.add(
            "POST",
            f"{BASE}/ordershippingtrackings",
            json=single(item("ordershippingtrackings", "3")),
            status=201,
        )
        assert (
            ADAPTERS[("shipment_tracking", "push")](context(client())).push(self.DOC, None).action
            == "created"
        )
        assert sent(mocked, "POST")["data"] == {
            "type": "ordershippingtrackings",
            "attributes": {"method": "UPS", "number": "1Z999"},
            "relationships": {"orders": {"data": [{"type": "orders", "id": "7"}]}},
        }

    def test_before_6_1_the_link_is_order(self, mocked):
        mocked.add("GET", f"{BASE}/orders/7/shippingTrackings", json=listing())
        mocked.add(
            "POST",
            f"{BASE}/ordershippingtrackings",
            json=single(item("ordershippingtrackings", "3")),
            status=201,
        )
        ADAPTERS[("shipment_tracking", "push")](context(client(), api_version="6.0")).push(
            self.DOC, None
        )
        assert sent(mocked, "POST")["data"]["relationships"] == {
            "order": {"data": {"type": "orders", "id": "7"}}
        }

    def test_found_by_number_unchanged_or_updated(self, mocked):
        mocked.add(
            "GET",
            f"{BASE}/orders/7/shippingTrackings",
            json=listing(item("ordershippingtrackings", "3", {"method": "UPS", "number": "1Z999"})),
        )
        adapter = ADAPTERS[("shipment_tracking", "push")](context(client()))
        assert adapter.push(self.DOC, None).action == "unchanged"
        mocked.add(
            "PATCH",
            f"{BASE}/ordershippingtrackings/3",
            json=single(item("ordershippingtrackings", "3")),
        )
        assert adapter.push({**self.DOC, "carrier": "FedEx"}, None).action == "updated"
        assert sent(mocked, "PATCH")["data"]["attributes"] == {"method": "FedEx"}


def test_an_address_found_by_street_is_updated_with_what_differs(mocked):
    mocked.add(
        "GET",
        f"{BASE}/customerusers",
        json=listing(item("customerusers", "30", {"email": "amy@acme.test"})),
    )
    current = item(
        "customeruseraddresses",
        "5",
        {
            "label": "Old",
            "street": "1 Main St",
            "city": "albany",
            "postalCode": "12207",
            "types": [{"addressType": "shipping", "default": True}],
        },
        country=rel("countries", "US"),
        region=rel("regions", "US-NY"),
    )
    mocked.add("GET", f"{BASE}/customeruseraddresses", json=listing(current))
    mocked.add("PATCH", f"{BASE}/customeruseraddresses/5", json=single(current))
    outcome = ADAPTERS[("address", "push")](context(client())).push(ADDRESS, None)
    assert (outcome.action, outcome.remote_id) == ("updated", "5")
    assert sent(mocked, "PATCH")["data"] == {
        "type": "customeruseraddresses",
        "id": "5",
        "attributes": {"label": "Home", "city": "Albany"},
    }


def test_a_price_list_with_new_currencies_is_updated_and_a_new_group_created_when_allowed(mocked):
    mocked.add("GET", f"{BASE}/customergroups", json=listing())
    mocked.add(
        "POST", f"{BASE}/customergroups", json=single(item("customergroups", "8")), status=201
    )
    mocked.add(
        "GET",
        f"{BASE}/pricelists",
        json=listing(item("pricelists", "4", {"name": "VIP USD", "priceListCurrencies": ["USD"]})),
    )
    mocked.add("GET", f"{BASE}/pricelisttocustomergroups", json=listing())
    mocked.add(
        "POST",
        f"{BASE}/pricelisttocustomergroups",
        json=single(item("pricelisttocustomergroups", "9")),
        status=201,
    )
    mocked.add("PATCH", f"{BASE}/pricelists/4", json=single(item("pricelists", "4")))
    doc = {"name": "VIP USD", "currencies": ["USD", "EUR"], "customer_groups": ["Gold"]}
    outcome = ADAPTERS[("price_list", "push")](
        context(client(), auto_create_customer_group=True)
    ).push(doc, None)
    assert outcome.action == "updated"
    assert sent(mocked, "PATCH")["data"]["attributes"] == {"priceListCurrencies": ["USD", "EUR"]}
    assert json.loads(mocked.calls[1].request.body)["data"]["attributes"] == {"name": "Gold"}
