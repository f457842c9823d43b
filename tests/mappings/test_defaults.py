"""Default mappings: shipped as data files in the connector's folder, created when the
subscriber checks "Create Default Mappings", none when unchecked, and re-created later by an
admin action or a command."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from connectors.registry import all_connectors, get_connector
from hub.services import upsert
from mappings.compiled import compiled_plan
from mappings.defaults import load_defaults
from mappings.engine import compile_collection
from mappings.models import MappingCollection
from mappings.schemas import target_schema
from subscriptions.models import Subscription
from subscriptions.services import save_subscription
from tests.factories import SubscriptionFactory, manager
from tests.mappings.factories import MappingCollectionFactory, product_data

ORO_ENTITIES = [
    ("address", "push"),
    ("customer", "push"),
    ("customer_group", "push"),
    ("customer_user", "push"),
    ("order", "pull"),
    ("price", "push"),
    ("price_list", "push"),
    ("product", "push"),
    ("shipment_tracking", "push"),
]

ORO_FORM = {
    "name": "OroCommerce - Mapped",
    "version": "1.0",
    "api_url": "https://shop.oro-cloud.com",
    "admin_base_path": "/admin",
    "api_version": "6.1",
    "client_id": "oro-client-id",
    "client_secret": "a-secret-for-tests",
    "redirect_url": "http://127.0.0.1:8000/oauth/callback/",
    "default_pricing_custom_field_name": "",
    "order_poll_days": "",
    "throttle_limit": "500",
    "throttle_seconds": "60",
    "concurrent_connections": "5",
    "concurrent_batch_executions": "5",
}


@pytest.mark.parametrize("connector", [c.key for c in all_connectors()])
def test_every_default_file_loads_and_compiles(connector):
    for default in load_defaults(get_connector(connector)):
        compile_collection(
            default.fields, target_schema(connector, default.entity, default.direction)
        )


def test_the_oro_product_default_has_about_30_field_mappings_of_every_kind():
    [product] = [d for d in load_defaults(get_connector("orocommerce")) if d.entity == "product"]
    assert 25 <= len(product.fields) <= 45
    assert {spec.kind for spec in product.fields} == {"field", "static", "template", "translation"}
    assert sum(1 for spec in product.fields if spec.transforms) >= 20


@pytest.mark.django_db
def test_the_oro_product_default_renders_a_hub_product_without_errors():
    subscription = SubscriptionFactory()
    record = upsert(
        "product", product_data(units=[{"code": "SET", "conversion_rate": "12"}])
    ).record
    from mappings.defaults import create_default_mappings

    [collection] = [c for c in create_default_mappings(subscription) if c.entity == "product"]
    result = compiled_plan(collection).render(record.data)
    assert result.errors == []
    assert result.document["sku"] == "CHAIR-1"
    assert result.document["unit_precisions"] == [
        {"code": "set", "precision": 0, "conversion_rate": "12", "sell": True}
    ]
    assert result.document["inventory_status"] == "in_stock"
    assert result.document["featured"] is True


@pytest.mark.django_db
def test_subscribing_with_the_box_checked_creates_the_defaults(client):
    client.force_login(manager())
    add = reverse("admin:subscriptions_subscription_add") + "?connector=orocommerce"
    response = client.post(add, {**ORO_FORM, "create_default_mappings": "on"})
    assert response.status_code == 302
    subscription = Subscription.objects.get(name="OroCommerce - Mapped")
    created = MappingCollection.objects.filter(subscription=subscription)
    assert set(created.values_list("entity", "direction")) == set(ORO_ENTITIES)
    collection = created.get(entity="product")
    assert (collection.direction, collection.name) == ("push", "Products to OroCommerce")
    [product] = [d for d in load_defaults(get_connector("orocommerce")) if d.entity == "product"]
    assert collection.field_mappings.count() == len(product.fields)
    assert list(collection.field_mappings.values_list("position", flat=True))[:3] == [1, 2, 3]


@pytest.mark.django_db
def test_subscribing_with_the_box_unchecked_creates_none(client):
    client.force_login(manager())
    add = reverse("admin:subscriptions_subscription_add") + "?connector=orocommerce"
    assert client.post(add, ORO_FORM).status_code == 302
    assert not MappingCollection.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("checked, expected", [(True, 9), (False, 0)])
def test_save_subscription_passes_the_choice_on(checked, expected):
    subscription = Subscription(
        connector="orocommerce",
        name="Oro",
        version="1.0",
        throttle_limit=500,
        throttle_seconds=60,
        concurrent_connections=5,
        concurrent_batch_executions=5,
    )
    save_subscription(
        subscription,
        values={"api_url": "https://shop.oro-cloud.com"},
        secret_keys=(),
        created=True,
        create_default_mappings=checked,
    )
    assert MappingCollection.objects.filter(subscription=subscription).count() == expected


@pytest.mark.django_db
def test_editing_a_subscription_creates_nothing():
    subscription = SubscriptionFactory()
    save_subscription(
        subscription, values={}, secret_keys=(), created=False, create_default_mappings=True
    )
    assert not MappingCollection.objects.exists()


@pytest.mark.django_db
def test_the_admin_action_recreates_only_missing_defaults(client):
    subscription = SubscriptionFactory()
    keeper = MappingCollectionFactory(subscription=subscription, entity="order", direction="pull")
    client.force_login(manager())
    url = reverse("admin:mappings_mappingcollection_changelist")
    response = client.post(
        url,
        {"action": "recreate_default_mappings", "_selected_action": [keeper.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "8 created (" in page and "Products to OroCommerce" in page
    assert "Orders from OroCommerce" not in page  # the subscription has its own order pull
    client.post(url, {"action": "recreate_default_mappings", "_selected_action": [keeper.pk]})
    assert MappingCollection.objects.filter(subscription=subscription).count() == 9


@pytest.mark.django_db
def test_an_existing_collection_for_the_entity_is_left_alone():
    subscription = SubscriptionFactory()
    mine = MappingCollectionFactory(subscription=subscription, name="My products")
    call_command("create_default_mappings", str(subscription.pk))
    products = MappingCollection.objects.filter(subscription=subscription, entity="product")
    assert list(products) == [mine]


@pytest.mark.django_db
def test_the_command_creates_missing_defaults(capsys):
    subscription = SubscriptionFactory()
    call_command("create_default_mappings", str(subscription.pk))
    assert "9 default collection(s) created" in capsys.readouterr().out
    call_command("create_default_mappings", str(subscription.pk))
    assert "0 default collection(s) created" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_command_names_an_unknown_subscription():
    with pytest.raises(CommandError, match="No subscription has the id 999"):
        call_command("create_default_mappings", "999")


@pytest.mark.django_db
def test_a_subscription_without_collections_gets_its_defaults_from_the_changelist_button(client):
    subscription = SubscriptionFactory()
    client.force_login(manager())
    changelist = reverse("admin:mappings_mappingcollection_changelist")
    button = reverse("admin:mappings_create_default_mappings")
    assert button in client.get(changelist).content.decode()
    assert subscription.name in client.get(button).content.decode()
    response = client.post(button, {"subscription": subscription.pk}, follow=True)
    page = response.content.decode()
    assert "9 created (" in page and "Products to OroCommerce" in page
    assert MappingCollection.objects.filter(subscription=subscription).count() == 9
