"""manage.py load_seed: load the seed fixtures without ever overwriting data.

Unlike ``loaddata``, which saves every record of a fixture over the row with
the same primary key, this command only adds records that are missing. On an
empty database it loads the whole seed; on a filled one it leaves every
existing record as it is (a staff edit to a seed goal survives a restart) and
says what it skipped.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction

from kassel_integration.markdown import stored_html_render_all

SEED_FIXTURES = [
    "fixtures/concept.json",
    "fixtures/inquiries.json",
    "fixtures/monitoring.json",
    "fixtures/roundtable.json",
]


def _plural(model) -> str:
    return str(model._meta.verbose_name_plural)


def _fixture_paths(names: list[str]) -> list[Path]:
    """The files, relative to the project folder unless absolute; each must
    exist."""
    paths = [Path(name) for name in names]
    paths = [path if path.is_absolute() else settings.BASE_DIR / path for path in paths]
    for path in paths:
        if not path.is_file():
            raise CommandError(f"Die Seed-Datei {path} gibt es nicht.")
    return paths


@dataclass
class SeedLoad:
    """One run into ``database``: what it added, skipped and could not save."""

    database: str
    added: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)
    models: set = field(default_factory=set)

    def load_file(self, path: Path) -> None:
        # read lazily, as loaddata does: a natural key may name a record
        # saved a few objects earlier in the same file
        deferred = []
        with path.open("rb") as handle:
            for item in serializers.deserialize(
                "json", handle, using=self.database, handle_forward_references=True
            ):
                if self.load_item(item) and item.deferred_fields:
                    deferred.append(item)
        for item in deferred:
            item.save_deferred_fields(using=self.database)

    def load_item(self, item) -> bool:
        """Save ``item`` unless its primary key is taken; whether it was."""
        model = type(item.object)
        self.models.add(model)
        manager = model._base_manager.using(self.database)
        if item.object.pk is not None and manager.filter(pk=item.object.pk).exists():
            self.skipped[model] += 1
            return False
        try:
            with transaction.atomic(using=self.database):
                item.save(using=self.database)
        except IntegrityError as error:
            self.conflicts.append(
                f"{model._meta.verbose_name} {item.object.pk}: "
                f"{str(error).splitlines()[0]}"
            )
            return False
        self.added[model] += 1
        return True

    def reset_sequences(self) -> None:
        """Explicit primary keys leave PostgreSQL's sequences behind."""
        connection = connections[self.database]
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.models))
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


class Command(BaseCommand):
    help = (
        "Lädt die Seed-Daten (fixtures/*.json): in eine leere Datenbank ganz, in "
        "eine gefüllte nur die fehlenden Datensätze; vorhandene bleiben unverändert."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "fixtures",
            nargs="*",
            help="Fixture-Dateien (Vorgabe: die vier Seed-Dateien in fixtures/)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, fixtures, database, verbosity, **options):
        paths = _fixture_paths(fixtures or SEED_FIXTURES)
        load = SeedLoad(database)
        with transaction.atomic(using=database):
            for path in paths:
                load.load_file(path)
            # Fixtures load raw, past the fields that render Markdown.
            stored_html_render_all(stale_only=True)
            load.reset_sequences()
        self._summary(load.added, load.skipped, load.conflicts, verbosity)

    def _summary(self, added, skipped, conflicts, verbosity):
        if verbosity == 0:
            return
        total_added, total_skipped = sum(added.values()), sum(skipped.values())
        self.stdout.write(
            f"Seed-Daten: {total_added} Datensätze neu angelegt, "
            f"{total_skipped} schon vorhanden und unverändert gelassen"
            + (
                f", {len(conflicts)} wegen eines Konflikts übersprungen."
                if conflicts
                else "."
            )
        )
        if skipped:
            listing = ", ".join(
                f"{count} {_plural(model)}" for model, count in skipped.most_common()
            )
            self.stdout.write(
                f"  Übersprungen (vorhanden, nicht überschrieben): {listing}"
            )
        if added and total_skipped and verbosity >= 1:
            listing = ", ".join(
                f"{count} {_plural(model)}" for model, count in added.most_common()
            )
            self.stdout.write(f"  Ergänzt: {listing}")
        for conflict in conflicts:
            self.stdout.write(
                self.style.WARNING(f"  Nicht geladen (Konflikt): {conflict}")
            )
