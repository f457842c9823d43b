"""Write a development ``.env`` with freshly generated keys, once.

Run by ``make start`` and ``make test``; never overwrites an existing file, never prints a key.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet

TEMPLATE = """\
# Development settings for Switchboard, generated on first run. Not for production.
# Never commit this file: it holds this installation's keys.
DEBUG=true
SECRET_KEY={secret_key}
FIELD_ENCRYPTION_KEYS={field_key}
PORTAL_PUBLIC_URL=http://127.0.0.1:8000
# The demo sandboxes run on localhost; let the portal call them over plain http.
OUTBOUND_ALLOWED_HOSTS=localhost
# DATABASE_URL=postgres://postgres@127.0.0.1:5432/switchboard
# REDIS_URL=redis://127.0.0.1:6379/0
"""


def ensure_env_file(path: Path) -> bool:
    """Create ``path`` if missing; returns True when it was created."""
    if path.exists():
        return False
    path.write_text(
        TEMPLATE.format(
            secret_key=secrets.token_urlsafe(50),
            field_key=Fernet.generate_key().decode(),
        )
    )
    path.chmod(0o600)
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / ".env"
    if ensure_env_file(target):
        print(f"Wrote {target} with new development keys.")
