"""Production settings pass Django's deploy checks; first-run helpers behave."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import User
from django.core.management import call_command

from portal.devenv import ensure_env_file

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return {
        **keep,
        "SWITCHBOARD_ENV_FILE": str(tmp_path / "none.env"),  # no development .env
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + Fernet.generate_key().decode(),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "portal.example.com",
        "PORTAL_PUBLIC_URL": "https://portal.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }


def test_production_settings_pass_check_deploy(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_settings_do_not_pass_check_deploy(tmp_path):
    env = {**production_env(tmp_path), "DEBUG": "true"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_startup_refuses_missing_encryption_keys(tmp_path):
    env = {**production_env(tmp_path), "FIELD_ENCRYPTION_KEYS": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0 and "subscriptions.E001" in result.stderr


def test_development_env_file_is_generated_once_with_fresh_keys(tmp_path):
    target = tmp_path / ".env"
    assert ensure_env_file(target) is True
    first = target.read_text()
    assert ensure_env_file(target) is False and target.read_text() == first
    keys = dict(line.split("=", 1) for line in first.splitlines() if "=" in line and line[0] != "#")
    Fernet(keys["FIELD_ENCRYPTION_KEYS"].encode())  # a valid key
    assert len(keys["SECRET_KEY"]) >= 50
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    other = tmp_path / "other.env"
    ensure_env_file(other)
    assert other.read_text() != first  # generated, not hard-coded


@pytest.mark.django_db
def test_ensure_admin_creates_one_admin_with_a_printed_password(capsys, monkeypatch):
    monkeypatch.delenv("SWITCHBOARD_ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    out = capsys.readouterr().out
    password = out.split("with password: ")[1].split()[0]
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    call_command("ensure_admin")
    assert User.objects.count() == 1 and capsys.readouterr().out == ""


@pytest.mark.django_db
def test_ensure_admin_takes_the_password_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("SWITCHBOARD_ADMIN_PASSWORD", "chosen-Password-1")
    call_command("ensure_admin")
    assert "chosen-Password-1" not in capsys.readouterr().out
    assert User.objects.get(username="admin").check_password("chosen-Password-1")


def test_benchmark_command_lists_benchmarks(capsys):
    from portal.management.commands.benchmark import available

    assert "throttle" in available()
