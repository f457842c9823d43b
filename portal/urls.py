from collections.abc import Callable

from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.generic import RedirectView

from portal import endpoint_pages

admin.site.site_header = "Switchboard"
admin.site.site_title = "Switchboard"
admin.site.index_title = "Integration portal"


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The admin's own wrapper: log-in page for anonymous and non-staff users, no caching."""
    return admin.site.admin_view(view)


# The endpoint inventory pages sit under the admin site (before its catch-all) and use its
# login and look, without being a model admin: they show declarations, not database rows.
endpoint_urls = [
    path("", staff_only(endpoint_pages.connectors_page), name="connector_endpoints"),
    path(
        "<slug:key>/", staff_only(endpoint_pages.connector_page), name="connector_endpoints_detail"
    ),
    path(
        "<slug:key>/endpoints.csv",
        staff_only(endpoint_pages.connector_csv),
        name="connector_endpoints_csv",
    ),
    path(
        "<slug:key>/endpoints.txt",
        staff_only(endpoint_pages.connector_text),
        name="connector_endpoints_text",
    ),
]

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/connector-endpoints/", include(endpoint_urls)),
    path("admin/", admin.site.urls),
    path("", include("subscriptions.urls")),
]
