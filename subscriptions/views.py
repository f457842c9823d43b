"""Authorize, the OAuth callback and Test connection. Thin: the work is in
``subscriptions.oauth`` and ``subscriptions.connection_test``.

All three need a staff login and the right to change subscriptions (Support, which only views,
gets 403). The pages use the admin's look and load nothing from other sites (RFC 9700 §4.2).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from subscriptions.connection_test import ConnectionReport, run_connection_test
from subscriptions.models import Subscription
from subscriptions.oauth import (
    AuthorizationError,
    check_callback_host,
    complete_authorization,
    start_authorization,
)

CHANGE = "subscriptions.change_subscription"


def manager_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    return staff_member_required(permission_required(CHANGE, raise_exception=True)(view))


def _page(request: HttpRequest, template: str, status: int = 200, **context: Any) -> HttpResponse:
    context = {**admin.site.each_context(request), **context}
    response = TemplateResponse(request, template, context, status=status)
    # The callback address held a code: never send it on as a Referer.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _problem(request: HttpRequest, error: AuthorizationError, status: int = 400) -> HttpResponse:
    return _page(
        request,
        "subscriptions/authorization_problem.html",
        status=status,
        title=error.problem.title,
        problem=error.problem,
        subscription=error.subscription,
    )


@never_cache
@require_POST
@manager_only
def authorize(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(Subscription, pk=pk)
    try:
        check_callback_host(subscription, request.get_host())
    except AuthorizationError as error:
        return _problem(request, error)
    try:
        url = start_authorization(request.session, subscription, request.user)
    except AuthorizationError as error:
        return _problem(request, error, status=502)
    return HttpResponseRedirect(url)


@never_cache
@require_GET
@manager_only
def oauth_callback(request: HttpRequest) -> HttpResponse:
    try:
        result = complete_authorization(request.session, request.GET, request.user)
    except AuthorizationError as error:
        return _problem(request, error)
    return _page(
        request,
        "subscriptions/authorized.html",
        title="Authorization complete",
        subscription=result.subscription,
        valid_until=result.valid_until,
        reauthorized=result.reauthorized,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@manager_only
def test_connection(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows the button; POST runs the test (it makes calls, so never on a GET)."""
    subscription = get_object_or_404(Subscription, pk=pk)
    reports = [run_connection_test(subscription)] if request.method == "POST" else []
    return connection_test_page(request, [subscription], reports)


def connection_test_page(
    request: HttpRequest, subscriptions: list[Subscription], reports: list[ConnectionReport]
) -> HttpResponse:
    return _page(
        request,
        "subscriptions/connection_test.html",
        title="Test connection",
        subscriptions=subscriptions,
        reports=reports,
    )
