from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inquiries"
    verbose_name = "Anfragen"

    def ready(self):
        from .search import register_search

        register_search()
        from .oparl.tracking import connect_signals

        connect_signals()
        from kassel_integration.markdown import (
            StoredRendering,
            stored_rendering_register,
        )

        from .models import Inquiry
        from .oparl.files import full_text_refresh, full_text_stale

        stored_rendering_register(
            StoredRendering(
                "Volltexte der Anfragen",
                # always all: a question loaded raw (load_seed) leaves its
                # inquiry's version as it was
                lambda stale_only: full_text_refresh(Inquiry._base_manager.all()),
                full_text_stale,
            )
        )
        from kassel_integration.private_files import register_private_files

        from .files import attachment_access

        register_private_files("anfragen/anlagen/", attachment_access)
        from concept.extensions import register_section

        from .selectors import goal_questions_section

        register_section(
            "goal", "inquiries/includes/goal_questions.html", goal_questions_section
        )
