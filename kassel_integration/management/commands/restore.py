"""manage.py restore FILE: load a backup into an empty, migrated database."""

import gzip
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from kassel_integration.freshness import CONTENT_APPS
from kassel_integration.markdown import stored_html_render_all


class Command(BaseCommand):
    help = "Lädt eine mit backup geschriebene Datei in eine leere, migrierte Datenbank."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Die Datei {path} gibt es nicht.")
        filled = [
            model._meta.verbose_name_plural
            for app in sorted(CONTENT_APPS)
            for model in apps.get_app_config(app).get_models()
            if model.objects.exists()
        ]
        if filled:
            raise CommandError(
                "Die Datenbank ist nicht leer (z. B. "
                + ", ".join(map(str, filled[:3]))
                + "). Eine Sicherung wird nur in eine leere, migrierte Datenbank "
                "geladen."
            )
        with tempfile.TemporaryDirectory() as folder:
            plain = Path(folder) / "sicherung.json"
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rb") as source, plain.open("wb") as target:
                shutil.copyfileobj(source, target)
            # The backup holds the history; loading must not add entries to it.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", str(plain), verbosity=0)
        # The HTML in the file is not trusted: rendered anew from the Markdown.
        stored_html_render_all()
        self.stdout.write(f"Sicherung geladen: {path}")
