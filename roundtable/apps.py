from django.apps import AppConfig


class RoundtableConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roundtable"
    verbose_name = "Runder Tisch Integration"
