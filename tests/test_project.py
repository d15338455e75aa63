"""The project's own health: migrations complete, production settings safe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_a_missing_secret_key():
    result = run_manage("check", env={"DJANGO_SETTINGS_MODULE": "helsedocs.settings.production"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_refuse_the_development_key():
    result = run_manage(
        "check",
        env={
            "DJANGO_SETTINGS_MODULE": "helsedocs.settings.production",
            "DJANGO_SECRET_KEY": "helsedocs-development-key-not-for-production",
        },
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "helsedocs.settings.production",
            "DJANGO_SECRET_KEY": "x7Rk2pQ9vL4mN8sT1wY6zB3cF5hJ0dG2aE9uI7oP4qW1rT8yU3iO6pA5sD2fG9hJ",
            "DJANGO_ALLOWED_HOSTS": "helsedocs.example.no",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
