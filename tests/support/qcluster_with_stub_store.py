"""Run ``manage.py qcluster`` with the transfers' adapters pointed at a ``StubStore``.

The integration tests start it as a subprocess
(``python -m tests.support.qcluster_with_stub_store``) with ``STUB_STORE_URL`` and the test
database in its environment. Everything but the store is
real: the cluster, its broker, its worker processes (forked, so they inherit the patch), the
runner and the database.
"""

from __future__ import annotations

import os

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    from django.core.management import call_command

    from mappings import runner
    from tests.support.stub_store import StubAdapter

    url = os.environ["STUB_STORE_URL"]
    runner.build_adapter = lambda *args, **kwargs: StubAdapter(url)
    call_command("qcluster")


if __name__ == "__main__":
    main()
