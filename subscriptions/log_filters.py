"""Access logs never keep the OAuth callback's one-time code.

The store sends the browser back to ``/oauth/callback/?code=…&state=…``. Both are single use and
short-lived, but a code is a credential until it is exchanged, and the rule is that no secret
reaches a log: the development server's access log (``django.server``) masks them. A production
web server's own access log is configured outside Django (README, production checklist).
"""

from __future__ import annotations

import logging
import re

from connectors.http.redaction import MASK
from subscriptions.services import OAUTH_CALLBACK_PATH

_CALLBACK_VALUES = re.compile(r"([?&](?:code|state)=)[^&\s\"']+")


class CallbackQueryFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            return True
        if OAUTH_CALLBACK_PATH in message:
            record.msg = _CALLBACK_VALUES.sub(rf"\1{MASK}", message)
            record.args = None
        return True


def install(logger_name: str = "django.server") -> None:
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, CallbackQueryFilter) for f in logger.filters):
        logger.addFilter(CallbackQueryFilter())
