from django.apps import AppConfig


class ConceptConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "concept"
    verbose_name = "Integrationskonzept"

    def ready(self):
        from .search import register_search

        register_search()
