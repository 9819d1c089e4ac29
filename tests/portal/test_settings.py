"""Configuration from the environment; production refuses to start half-configured."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings


def run_manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "PORTAL_BASE_URL")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
        PORTAL_BASE_URL="https://portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "PORTAL_BASE_URL"])
def test_production_settings_refuse_to_start_without(missing):
    env = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "PORTAL_BASE_URL": "https://portal.example.org",
    }
    del env[missing]
    result = run_manage("check", DJANGO_SETTINGS_MODULE="portal.settings.production", **env)
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set" in result.stderr


def test_unknown_search_backend_is_refused():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="portal.settings.dev", SEARCH_BACKEND="solr"
    )
    assert result.returncode != 0
    assert "SEARCH_BACKEND must be one of" in result.stderr


def test_opensearch_backend_needs_a_url():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="portal.settings.dev", SEARCH_BACKEND="opensearch"
    )
    assert result.returncode != 0
    assert "needs SEARCH_URL" in result.stderr


def test_dev_admin_command_refuses_outside_development():
    result = run_manage("ensure_dev_admin", DJANGO_SETTINGS_MODULE="portal.settings.test")
    assert result.returncode != 0
    assert "only runs with the development settings" in result.stderr


def test_defaults_are_german_with_database_search():
    assert settings.LANGUAGE_CODE == "de"
    assert [code for code, _ in settings.LANGUAGES] == ["de", "en"]
    assert settings.TIME_ZONE == "Europe/Berlin"
    assert settings.WAGTAIL_I18N_ENABLED is True


@pytest.mark.parametrize("url", ["portal.example.org", "https://portal.example.org/portal/"])
def test_a_base_url_that_is_no_bare_address_is_refused(url):
    result = run_manage("check", DJANGO_SETTINGS_MODULE="portal.settings.dev", PORTAL_BASE_URL=url)
    assert result.returncode != 0
    assert "PORTAL_BASE_URL must be an http:// or https:// address without a path" in (
        result.stderr
    )


def test_the_admin_base_url_is_the_public_address():
    assert settings.WAGTAILADMIN_BASE_URL == settings.PORTAL_BASE_URL
