"""manage.py search_index: rebuild the site search index."""

from django.core.management.base import BaseCommand
from django.db import transaction

from kassel_integration.search import rebuild


class Command(BaseCommand):
    help = (
        "Baut den Index der Seitensuche neu auf (nach Massenimporten, die "
        "einzelne Speichervorgänge umgehen)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            total = rebuild(progress=lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(
            self.style.SUCCESS(f"Suchindex neu aufgebaut: {total} Einträge.")
        )
