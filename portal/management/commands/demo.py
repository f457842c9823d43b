"""``manage.py demo`` (what ``make demo`` runs): the portal, a worker and both store sandboxes
with a seeded hub, on a database of its own. Ctrl+C stops everything."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal import processes
from portal.demo import (
    DEMO_ADMIN_PASSWORD,
    DemoAddresses,
    demo_environment,
    instructions,
    sandbox_commands,
    seed_hub,
    wait_until_listening,
)

REEXECUTED = "SWITCHBOARD_DEMO_CHILD"


class Command(BaseCommand):
    help = (
        "Start a demo: its own SQLite database (var/demo.sqlite3 unless DATABASE_URL is set) "
        "with seeded hub data, both sandboxes on localhost:8201/8202, and the portal with a "
        "worker on 127.0.0.1:8000."
    )

    # The checks run after the restart below, on the demo's database (``check`` in handle).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--sandbox-host", default="localhost")
        parser.add_argument("--oro-port", type=int, default=8201)
        parser.add_argument("--commercetools-port", type=int, default=8202)

    def handle(self, *args: Any, **options: Any) -> None:
        addresses = DemoAddresses(
            bind=options["bind"],
            sandbox_host=options["sandbox_host"],
            oro_port=options["oro_port"],
            commercetools_port=options["commercetools_port"],
        )
        env = demo_environment(os.environ, addresses)
        if os.environ.get(REEXECUTED) != "1":
            # Settings are read once, at start-up: run again with the demo's environment so
            # this process, the portal and the worker all use the same database and URLs.
            sys.stdout.flush()
            os.execve(sys.executable, [sys.executable, *sys.argv], {**env, REEXECUTED: "1"})  # noqa: S606

        call_command("migrate", interactive=False, verbosity=0)
        call_command("check", databases=["default"])
        admin, password = self._admin()
        for report in seed_hub():
            self.stdout.write("Demo data: " + report.summary())
            if not report.ok:
                raise CommandError("\n".join(report.lines()))
        call_command("collectstatic", interactive=False, verbosity=0)

        sandboxes = [processes.start(command, env) for command in sandbox_commands(addresses)]
        try:
            for process, port in zip(
                sandboxes, (addresses.oro_port, addresses.commercetools_port), strict=True
            ):
                wait_until_listening(addresses.sandbox_host, port, process)
            self.stdout.write(instructions(addresses, admin, password))
            call_command("runportal", bind=addresses.bind)
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        finally:
            processes.stop_all(sandboxes, timeout=10)

    def _admin(self) -> tuple[str, str | None]:
        """The demo's admin account: created with the demo password (or
        SWITCHBOARD_ADMIN_PASSWORD) when there is none; an existing one is left alone."""
        username = os.environ.get("SWITCHBOARD_ADMIN_USER", "admin")
        given = os.environ.get("SWITCHBOARD_ADMIN_PASSWORD")
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            User.objects.create_superuser(username, email="", password=given or DEMO_ADMIN_PASSWORD)
        elif not user.check_password(given or DEMO_ADMIN_PASSWORD):
            return username, None
        return username, "(SWITCHBOARD_ADMIN_PASSWORD)" if given else DEMO_ADMIN_PASSWORD
