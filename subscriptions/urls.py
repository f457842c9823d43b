from django.urls import path

from subscriptions import views
from subscriptions.services import OAUTH_CALLBACK_PATH

app_name = "subscriptions"

urlpatterns = [
    # The Redirect Url the OroCommerce OAuth application knows: it must not move.
    path(OAUTH_CALLBACK_PATH.lstrip("/"), views.oauth_callback, name="oauth_callback"),
    path("subscriptions/<int:pk>/authorize/", views.authorize, name="authorize"),
    path("subscriptions/<int:pk>/test-connection/", views.test_connection, name="test_connection"),
]
