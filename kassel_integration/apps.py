from django.apps import AppConfig


class KasselIntegrationConfig(AppConfig):
    name = "kassel_integration"
    verbose_name = "Integrationskonzept Kassel"

    def ready(self):
        from . import (
            checks,  # noqa: F401 (registers the deploy checks)
            database,
            freshness,
        )

        freshness.connect_signals(self)
        database.connect_signals()
