from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = "Monitoring und Berichtswesen"

    def ready(self):
        from .search import register_search

        register_search()
        from concept.extensions import register_goal_prefetch, register_section

        from . import sections, selectors

        register_goal_prefetch(selectors.goal_status_prefetch)
        register_section(
            "index", "monitoring/includes/status_overview.html", sections.index_status
        )
        register_section(
            "field", "monitoring/includes/status_overview.html", sections.field_status
        )
        register_section(
            "goal", "monitoring/includes/goal_status.html", sections.goal_status
        )
