"""System checks of the project (``manage.py check --deploy``, and with
``--database default`` the stored HTML)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from .markdown import (
    RENDERER_VERSION,
    stored_html_models,
    stored_html_stale,
    stored_renderings,
)

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs):
    """The PDF report links to DJANGO_SITE_URL; left at its default in
    production, every link in an issued report points to a local address."""
    if settings.DEBUG or settings.SITE_URL != DEFAULT_SITE_URL:
        return []
    return [
        Warning(
            f"DJANGO_SITE_URL steht auf dem Vorgabewert {DEFAULT_SITE_URL}.",
            hint=(
                "Setzen Sie DJANGO_SITE_URL auf die öffentliche Adresse, z. B. "
                "https://integration.kassel.de; sonst verweisen die Links im "
                "Integrationsbericht auf einen lokalen Rechner."
            ),
            id="kassel_integration.W001",
        )
    ]


@register(Tags.database)
def stored_html_is_current(app_configs, databases=None, **kwargs):
    """Stored HTML older than the renderer (RENDERER_VERSION raised, no data
    migration yet): pages show the old rendering until it is rendered anew.
    Runs where Django runs database checks (migrate, check --database)."""
    stale = []
    for alias in databases or []:
        for model in stored_html_models():
            try:
                if stored_html_stale(model).using(alias).exists():
                    stale.append(str(model._meta.verbose_name_plural))
            except DatabaseError:  # not migrated yet
                return []
        for rendering in stored_renderings():
            try:
                if rendering.stale().using(alias).exists():
                    stale.append(rendering.name)
            except DatabaseError:  # not migrated yet
                return []
    if not stale:
        return []
    return [
        Warning(
            "Gespeichertes HTML oder gespeicherter Text ist älter als sein "
            f"Renderer (Markdown-Renderer Version {RENDERER_VERSION}): "
            + ", ".join(stale)
            + ".",
            hint="Führen Sie `manage.py markdown_render` aus.",
            id="kassel_integration.W002",
        )
    ]
