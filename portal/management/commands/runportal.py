"""Run the web server and a django-q2 worker together, for development and small installs.

Production runs them as separate services (README: "More workers, more machines").
"""

from __future__ import annotations

import signal
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand

from portal import processes


class Command(BaseCommand):
    help = "Start the web server and one django-q2 worker cluster; Ctrl+C stops both."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        python = sys.executable
        # Each child in its own process group: Ctrl+C reaches this process only, which stops
        # the children in order (portal/processes.py says why).
        web = [python, "manage.py", "runserver", "--noreload", options["bind"]]
        children = [processes.start(web)]
        if not options["no_worker"]:
            children.append(processes.start([python, "manage.py", "qcluster"]))
        self.stdout.write(f"Switchboard is starting on http://{options['bind']}/admin/")

        def stop(*_: Any) -> None:
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            processes.stop_all(children)
        failed = [c.returncode for c in children if c.returncode not in (0, -15, -9, None)]
        if failed:
            raise SystemExit(1)
