"""The synthetic app is installed only with debug on or when asked for."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "integration.kassel.de",
    "DJANGO_SITE_URL": "https://integration.kassel.de",
}


def installed_apps(**variables: str | None) -> list[str]:
    """INSTALLED_APPS as a fresh process reads them from ``variables`` (None:
    unset) on top of the production environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_DEBUG", "DJANGO_SYNTHETIC", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(PRODUCTION)
    env.update({key: value for key, value in variables.items() if value is not None})
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from kassel_integration import settings; "
            "print(' '.join(settings.INSTALLED_APPS))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


@pytest.mark.parametrize("debug", [None, "0"])
def test_production_settings_leave_synthetic_out(debug):
    """With debug off and no DJANGO_SYNTHETIC, `manage.py synthesize` does not
    exist: the app that writes generated data is not installed."""
    apps = installed_apps(DJANGO_DEBUG=debug)
    assert "concept" in apps
    assert "synthetic" not in apps


@pytest.mark.parametrize(("debug", "synthetic"), [("1", None), ("0", "1"), (None, "1")])
def test_debug_or_the_setting_installs_synthetic(debug, synthetic):
    """Debug mode, or DJANGO_SYNTHETIC=1 (as `make bench` sets it), installs it."""
    assert "synthetic" in installed_apps(DJANGO_DEBUG=debug, DJANGO_SYNTHETIC=synthetic)


def test_the_setting_can_leave_synthetic_out_in_debug_mode():
    """DJANGO_SYNTHETIC=0 wins over debug mode."""
    assert "synthetic" not in installed_apps(DJANGO_DEBUG="1", DJANGO_SYNTHETIC="0")
