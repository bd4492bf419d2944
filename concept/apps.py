from django.apps import AppConfig


class ConceptConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "concept"
    verbose_name = "Integrationskonzept"
