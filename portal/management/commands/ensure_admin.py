"""Create the first admin account if there is none.

The password comes from SWITCHBOARD_ADMIN_PASSWORD, or is generated and printed once.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the admin account on a fresh installation (does nothing if one exists)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", default=os.environ.get("SWITCHBOARD_ADMIN_USER", "admin"))

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        password = os.environ.get("SWITCHBOARD_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(options["username"], email="", password=password)
        if os.environ.get("SWITCHBOARD_ADMIN_PASSWORD"):
            self.stdout.write(
                f"Created admin user {options['username']!r} with SWITCHBOARD_ADMIN_PASSWORD."
            )
        else:
            self.stdout.write(
                f"Created admin user {options['username']!r} with password: {password}\n"
                "Write it down: it is shown only this once (change it under the user menu)."
            )
