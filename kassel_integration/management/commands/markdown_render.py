"""manage.py markdown_render: render the stored HTML of every rich-text field
anew, after the renderer or its allow-list changed (RENDERER_VERSION), and
the other stored renderings (the inquiries' full texts)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from kassel_integration.freshness import data_changed
from kassel_integration.markdown import RENDERER_VERSION, stored_html_render_all


class Command(BaseCommand):
    help = (
        "Erzeugt das gespeicherte HTML aller Markdown-Felder und die Volltexte "
        "der Anfragen neu (nach einer Änderung des Renderers oder seiner "
        "erlaubten Elemente)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--nur-veraltete",
            action="store_true",
            dest="stale_only",
            help="nur Datensätze, deren HTML älter als der Renderer ist "
            "(die Volltexte der Anfragen immer alle)",
        )

    def handle(self, *args, stale_only, **options):
        with transaction.atomic():
            count = stored_html_render_all(stale_only=stale_only)
            if count:
                data_changed()  # bulk writes send no signals
        self.stdout.write(
            f"HTML neu erzeugt: {count} Datensätze (Renderer-Version "
            f"{RENDERER_VERSION})."
        )
