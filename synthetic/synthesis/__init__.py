"""Synthetic, realistic German data on top of the seeds (``manage.py synthesize``).

At scale N the generator adds, next to the faithful seed fixtures:

- ceil(N / 10) concept editions with 10·N goals in all (100 per edition at
  N ≥ 10), their Leitlinien, Handlungsfelder, Hauptziele, Teilbereiche,
  Indikatoren and Maßnahmen, and 20 yearly Umsetzungsstände per goal
  (2006–2025);
- 100·N inquiries with 600·N questions and answers;
- 2·N metrics with 1,000·N observations (each metric: 20 years for the whole
  city and the 23 Stadtteile, plus women/men for the last 10 years);
- N events with 50·N feedback items and their follow-ups.

Every generated row is recognisable, so that ``--replace`` can remove it and
no identifier collides with the seeds: slugs and keys start with ``synth-``
(editions, organisations, events, metrics), Vorlage-Nrn. with ``990.``, and
measures and feedback carry ``SOURCE`` as their source. Fraktionen,
Ausschüsse and Personen come from small fixed catalogues
(``vocabulary``); existing rows of the same name are reused, and on
replacing, catalogue rows that nothing references any more are removed. Any
other row of the content apps is a real record (``records``): the generator
refuses a database holding one unless it is forced.

The data depends only on scale, seed and the seed rows already present (their
organisations and Stadtteile). Rows are written with ``bulk_create``, so
simple-history records no history for them and ``data_changed()`` is called
explicitly so that no cached public page outlives them. The PostgreSQL
full-text triggers of the inquiries fire as for any insert, and VACUUM
ANALYZE renews the planner's statistics and visibility map afterwards. The
seed edition stays the current one, so the public concept pages keep showing
it; the generated editions, inquiries, metrics and feedback appear on the
other public pages.

One module per app (``concept``, ``inquiries``, ``monitoring``,
``roundtable``), each with its own random generator, so that changing one
app's part leaves the others' data alone.
"""

import random

from django.db import connection, transaction

from kassel_integration.freshness import data_changed
from kassel_integration.search import rebuild as search_index_rebuild
from monitoring.models import District

from .common import (
    DEFAULT_SEED,
    REFERENCE_PREFIX,
    SOURCE,
    Progress,
    RealDataPresent,
    SynthesisError,
    SyntheticDataExists,
    no_progress,
    planned_counts,
)
from .concept import synthesize_concept
from .inquiries import synthesize_inquiries
from .monitoring import synthesize_monitoring
from .records import (
    COUNT_LABELS,
    real_data_message,
    real_record_counts,
    synthetic_counts,
    synthetic_data_delete,
    synthetic_data_exists,
)
from .roundtable import synthesize_roundtable

__all__ = [
    "COUNT_LABELS",
    "DEFAULT_SEED",
    "REFERENCE_PREFIX",
    "SOURCE",
    "RealDataPresent",
    "SynthesisError",
    "SyntheticDataExists",
    "planned_counts",
    "real_record_counts",
    "synthesize",
    "synthetic_counts",
    "synthetic_data_delete",
    "synthetic_data_exists",
]

EXISTING_MESSAGE = (
    "Es sind bereits synthetische Daten vorhanden (Fassungen, Anfragen, Kennzahlen "
    "oder Veranstaltungen mit „synth-“ bzw. „990.“). Mit --replace werden sie "
    "zuerst gelöscht und neu erzeugt."
)


def synthesize(
    *,
    scale: int,
    seed: int = DEFAULT_SEED,
    replace: bool = False,
    force: bool = False,
    progress: Progress = no_progress,
) -> dict[str, int]:
    """Generate the synthetic data in one transaction; return the counts.
    Refuses a database with real records unless ``force``."""
    if scale < 1:
        raise SynthesisError("Die Größe (--scale) muss mindestens 1 sein.")
    with transaction.atomic():
        _prepare(replace=replace, force=force, progress=progress)
        districts = list(District.objects.order_by("number"))
        if not districts:
            raise SynthesisError(
                "Es sind keine Stadtteile erfasst. Bitte zuerst die Stammdaten "
                "laden (manage.py load_seed) und die Testdaten dann mit --force "
                "darauf erzeugen."
            )
        _generate(seed, scale, districts, progress)
        progress("Suchindex aufbauen", 0, 1)
        search_index_rebuild()  # bulk writes send no signals
        progress("Suchindex aufbauen", 1, 1)
        data_changed()  # likewise: no cached page stays
    _update_statistics(progress)
    return synthetic_counts()


def _prepare(*, replace: bool, force: bool, progress: Progress) -> None:
    """Stop at real records (unless forced) and at earlier generated data
    (unless it is to be replaced, which deletes it)."""
    if not force and (real := real_record_counts()):
        raise RealDataPresent(real_data_message(real))
    if synthetic_data_exists():
        if not replace:
            raise SyntheticDataExists(EXISTING_MESSAGE)
        synthetic_data_delete(progress=progress)


def _generate(seed: int, scale: int, districts: list[District], progress) -> None:
    names = [district.name for district in districts]
    concept = synthesize_concept(
        _rng(seed, "concept"), scale, progress, districts=names
    )
    inquiries = synthesize_inquiries(
        _rng(seed, "inquiries"), scale, progress, concept=concept
    )
    synthesize_monitoring(
        _rng(seed, "monitoring"),
        scale,
        progress,
        concept=concept,
        inquiries=inquiries,
        districts=districts,
    )
    synthesize_roundtable(_rng(seed, "roundtable"), scale, progress, concept=concept)


def _rng(seed: int, part: str) -> random.Random:
    """One generator per app, so that changing one app leaves the others' data
    alone (string seeds are hashed with SHA-512: stable across runs)."""
    return random.Random(f"{seed}/{part}")


def _update_statistics(progress: Progress) -> None:
    """PostgreSQL plans queries from table statistics and answers counts from
    indexes alone once the visibility map is set; autovacuum renews both only
    some time after a bulk load, and until then the search pages pick slow
    plans. VACUUM ANALYZE does it at once (ANALYZE alone inside an enclosing
    transaction, where VACUUM cannot run)."""
    if connection.vendor != "postgresql":
        return
    progress("Statistiken der Datenbank aktualisieren", 0, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    progress("Statistiken der Datenbank aktualisieren", 1, 1)
