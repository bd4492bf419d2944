"""System checks of the project (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

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
