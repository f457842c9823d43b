"""Child processes of ``runportal`` and ``demo``: started and stopped so that Ctrl+C leaves
nothing running.

Each child gets a process group of its own. Ctrl+C in a terminal signals the whole foreground
group at once; django-q2's cluster, hit by that SIGINT in every one of its processes and then by
our SIGTERM, could exit while its worker processes stayed behind. Here only the parent sees
Ctrl+C, stops each child in order (SIGTERM, which the cluster answers by stopping its workers),
and then removes whatever is still left in the child's group.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence


def start(command: Sequence[str], env: Mapping[str, str] | None = None) -> subprocess.Popen:
    """Start ``command`` (our own manage.py or python -m sandbox) in a new process group."""
    environment = dict(env) if env is not None else None
    return subprocess.Popen(list(command), env=environment, start_new_session=True)  # noqa: S603


def group_alive(process: subprocess.Popen) -> bool:
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_all(children: Sequence[subprocess.Popen], timeout: float = 15.0) -> None:
    """SIGTERM each child still running, wait up to ``timeout`` for each group to end, then
    SIGKILL what is left of it."""
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        deadline = time.monotonic() + timeout
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=timeout)
        while group_alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        if group_alive(child):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
        if child.poll() is None:
            child.wait(timeout=5)
