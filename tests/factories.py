"""Small factories for test data."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group, User

from portal.roles import INTEGRATION_MANAGERS, SUPPORT
from subscriptions.models import Subscription

ORO_SECRET = "oro-client-secret-7f3a9c"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()


def manager():
    return UserFactory(role=INTEGRATION_MANAGERS)


def support():
    return UserFactory(role=SUPPORT)


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription
        skip_postgeneration_save = True

    connector = "orocommerce"
    name = factory.Sequence(lambda n: f"OroCommerce - Store {n}")
    version = "1.0"
    settings = factory.LazyFunction(
        lambda: {
            "api_url": "https://shop.oro-cloud.com",
            "admin_base_path": "admin",
            "api_version": "6.1",
            "client_id": "oro-client-id",
            "redirect_url": "http://127.0.0.1:8000/oauth/callback/",
            "auto_create_product": False,
            "auto_create_customer_group": False,
            "default_pricing_custom_field_name": None,
            "order_poll_days": 7,
        }
    )
    throttle_limit = 500
    throttle_seconds = 60
    concurrent_connections = 5
    concurrent_batch_executions = 5

    @factory.post_generation
    def secrets(self, create, extracted, **kwargs):
        for key, value in (extracted or {"client_secret": ORO_SECRET}).items():
            self.credentials.create(key=key, value=value)
