"""The Integrationsbericht with production settings: DEBUG off, static files
collected with hashed names (issue #14: the report failed in production
because the fetcher looked for ``report.css`` where only
``report.<hash>.css`` exists)."""

import re
import subprocess

from django.core.management import call_command

import page
import pypdf
import pytest

pytestmark = pytest.mark.django_db

PRODUCTION_STATIC = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def production_static(settings, tmp_path):
    """Production settings for static files, collected into a fresh folder."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": PRODUCTION_STATIC},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_report_renders_from_hashed_static_files_with_debug_off(
    seed, production_static, tmp_path
):
    """With DEBUG=False the PDF is laid out with the collected, hashed
    stylesheet (Open Sans embedded, 20+ pages) and passes the PDF/UA-1 check."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    hashed = staticfiles_storage.stored_name("css/report.css")
    assert re.search(r"report\.[0-9a-f]{12}\.css$", hashed), hashed
    output = tmp_path / "bericht.pdf"

    call_command("integrationsbericht", "2020", "--output", str(output), verbosity=0)

    reader = pypdf.PdfReader(output)
    assert len(reader.pages) > 20
    fonts = subprocess.run(
        ["pdffonts", str(output)], capture_output=True, text=True, check=True
    ).stdout
    assert "Open-Sans" in fonts, "the stylesheet's font, so the CSS was applied"
    result = page.validate_pdf(str(output), profile="ua1")
    assert result.is_compliant, [failure.rule_id for failure in result.failures]


def test_report_refuses_a_missing_stylesheet_loudly():
    """A static file that is not there stops the rendering with a clear
    error instead of an AttributeError or an unstyled report."""
    from monitoring.report.pdf import StaticFileFetcher

    fetcher = StaticFileFetcher()
    with pytest.raises(ValueError, match="nur eigene statische Dateien"):
        fetcher.fetch("file:///static/css/fehlt.css")
    with pytest.raises(ValueError, match="nur eigene statische Dateien"):
        fetcher.fetch("file:///static/../../etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.org/x.css")
