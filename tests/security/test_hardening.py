"""Production settings and security headers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_check_deploy():
    """`manage.py check --deploy` reports nothing with production settings."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "integration.kassel.de",
        "DJANGO_SITE_URL": "https://integration.kassel.de",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_about_the_default_site_url():
    """With debug off and DJANGO_SITE_URL left at its default, `check
    --deploy` warns in German (the report would link to 127.0.0.1)."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "integration.kassel.de",
        "DJANGO_SITE_URL": "",
    }
    env.pop("DJANGO_SITE_URL")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "kassel_integration.W001" in result.stderr + result.stdout
    assert "DJANGO_SITE_URL steht auf dem Vorgabewert" in result.stderr + result.stdout


def test_missing_secret_key_is_refused():
    """Without DJANGO_SECRET_KEY and without debug, the site refuses to start."""
    # empty rather than unset, so a local .env cannot fill it in
    env = {**os.environ, "DJANGO_SECRET_KEY": "", "DJANGO_DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY fehlt" in result.stderr


@pytest.mark.django_db
def test_public_pages_send_security_headers(client):
    """CSP without inline script, nosniff, referrer and permissions policy."""
    response = client.get(reverse("inquiries:list"))
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "<script" not in response.content.decode()


@pytest.mark.django_db
def test_login_is_locked_after_repeated_failures(client, django_user_model, settings):
    """After five wrong passwords even the right one is refused for a while."""
    django_user_model.objects.create_user(
        "redaktion", password="richtig-Passwort-1", is_staff=True
    )
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "redaktion", "password": "falsch"})
    response = client.post(
        url, {"username": "redaktion", "password": "richtig-Passwort-1"}
    )
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()


@pytest.mark.django_db
def test_admin_path_is_configurable(settings):
    """DJANGO_ADMIN_PATH moves the admin; the default is /admin/."""
    assert reverse("admin:index") == "/" + settings.ADMIN_PATH


@pytest.mark.django_db
def test_lockout_keys_on_user_name_and_real_client(client, django_user_model, settings):
    """Behind the proxy, failures from one client lock that user for that
    client only: the same account still logs in from another address."""
    settings.TRUSTED_PROXIES = 1
    django_user_model.objects.create_user(
        "redaktion", password="richtig-Passwort-1", is_staff=True
    )
    url = reverse("admin:login")
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    staff = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.10"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "redaktion", "password": "falsch"}, **attacker)
    refused = client.post(
        url, {"username": "redaktion", "password": "richtig-Passwort-1"}, **attacker
    )
    assert refused.status_code == 429
    accepted = client.post(
        url, {"username": "redaktion", "password": "richtig-Passwort-1"}, **staff
    )
    assert accepted.status_code == 302


def test_content_security_policy_is_django_csps(rf, settings):
    """The policy built once per process is the one django-csp builds from
    the settings; a changed setting and a view's own policy still count."""
    from django.http import HttpResponse

    from csp.utils import build_policy

    from kassel_integration.middleware import ContentSecurityPolicy

    def answer(response):
        middleware = ContentSecurityPolicy(lambda request: response)
        return middleware(rf.get("/konzept/"))["Content-Security-Policy"]

    assert answer(HttpResponse()) == build_policy()
    own = HttpResponse()
    own._csp_update = {"img-src": ["https://karten.kassel.de"]}
    assert "https://karten.kassel.de" in answer(own)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert answer(HttpResponse()) == "default-src 'none'"
