"""The development server's access log never keeps the OAuth callback's code or state."""

from __future__ import annotations

import logging

from connectors.http.redaction import MASK


def access_line(path: str) -> logging.LogRecord:
    """A record as ``runserver`` logs a request, run through the logger's filters."""
    logger = logging.getLogger("django.server")
    record = logger.makeRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET {path} HTTP/1.1", 302, 0),
        None,
    )
    assert logger.filter(record)
    return record


def test_the_callback_s_code_and_state_are_masked():
    record = access_line("/oauth/callback/?code=def50200abc&state=Xyz-123&iss=https%3A%2F%2Fshop")
    line = record.getMessage()
    assert "def50200abc" not in line and "Xyz-123" not in line
    assert f"code={MASK}&state={MASK}&iss=https" in line


def test_other_requests_are_logged_as_they_are():
    record = access_line("/admin/hub/record/?q=code=1")
    assert record.getMessage() == '"GET /admin/hub/record/?q=code=1 HTTP/1.1" 302 0'
