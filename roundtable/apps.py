from django.apps import AppConfig


class RoundtableConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roundtable"
    verbose_name = "Runder Tisch Integration"

    def ready(self):
        from .search import register_search

        register_search()
        from concept.extensions import register_section

        from . import selectors

        template = "roundtable/includes/recommendations_section.html"
        register_section("goal", template, selectors.recommendations_for_goal)
        register_section("field", template, selectors.recommendations_for_field)
