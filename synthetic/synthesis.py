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
Ausschüsse and Personen come from small fixed catalogues below; existing rows
of the same name are reused, and on replacing, catalogue rows that nothing
references any more are removed.

The data depends only on scale, seed and the seed rows already present (their
organisations and Stadtteile). Rows are written with ``bulk_create``, so
simple-history records no history for them and ``data_changed()`` is called
explicitly so that no cached public page outlives them. The PostgreSQL
full-text triggers of the inquiries fire as for any insert, and VACUUM
ANALYZE renews the planner's statistics and visibility map afterwards. The
seed edition stays the current one, so the public concept pages keep showing
it; the generated editions, inquiries, metrics and feedback appear on the
other public pages.
"""

import datetime
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.utils.text import slugify

from simple_history.models import HistoricalChanges

from concept.models import (
    Concept,
    FieldOfAction,
    Goal,
    Guideline,
    Indicator,
    MainGoal,
    Measure,
    Organisation,
    Topic,
)
from inquiries.models import Attachment, Committee, Faction, Inquiry, Person, Question
from inquiries.services import inquiry_due_date_default
from kassel_integration.freshness import data_changed
from kassel_integration.search import rebuild as search_index_rebuild
from monitoring.models import District, GoalStatus, Metric, Observation
from roundtable.models import Event, Feedback, FollowUp, WorkingGroup

DEFAULT_SEED = 2026
BATCH_SIZE = 2000
SLUG_PREFIX = "synth-"
REFERENCE_PREFIX = "990."
SOURCE = "Synthetische Testdaten (manage.py synthesize)"
FIRST_YEAR, LAST_YEAR = 2006, 2025
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
GENDER_YEARS = range(LAST_YEAR - 9, LAST_YEAR + 1)
# Inquiries submitted after this day may still be open; older ones are answered.
OPEN_SINCE = datetime.date(LAST_YEAR, 10, 1)
UTC = datetime.UTC

EXISTING_MESSAGE = (
    "Es sind bereits synthetische Daten vorhanden (Fassungen, Anfragen, Kennzahlen "
    "oder Veranstaltungen mit „synth-“ bzw. „990.“). Mit --replace werden sie "
    "zuerst gelöscht und neu erzeugt."
)

Progress = Callable[[str, int, int], None]


def _no_progress(label: str, done: int, total: int) -> None:
    pass


class SynthesisError(Exception):
    """The data cannot be generated; the message is German and user-facing."""


class SyntheticDataExists(SynthesisError):
    pass


class RealDataPresent(SynthesisError):
    pass


# --------------------------------------------------------------------------
# Counts


COUNT_LABELS = {
    "concepts": "Fassungen",
    "goals": "Ziele",
    "indicators": "Indikatoren",
    "measures": "Maßnahmen",
    "organisations": "Organisationen",
    "goal_statuses": "Umsetzungsstände",
    "inquiries": "Anfragen",
    "questions": "Fragen",
    "metrics": "Kennzahlen",
    "observations": "Messwerte",
    "events": "Veranstaltungen",
    "feedback": "Rückmeldungen",
    "follow_ups": "Weiterverfolgungen",
}


def planned_counts(*, scale: int) -> dict[str, int]:
    """The documented, exact numbers of the main rows at ``scale`` (with the
    23 Stadtteile of the seeds)."""
    goals = 10 * scale
    return {
        "concepts": math.ceil(scale / 10),
        "goals": goals,
        "goal_statuses": goals * len(YEARS),
        "inquiries": 100 * scale,
        "questions": 600 * scale,
        "metrics": 2 * scale,
        "observations": 1000 * scale,
        "events": scale,
        "feedback": 50 * scale,
    }


def _synthetic_querysets() -> dict[str, QuerySet]:
    concepts = Concept.objects.filter(slug__startswith=SLUG_PREFIX)
    inquiries = Inquiry.objects.filter(reference_number__startswith=REFERENCE_PREFIX)
    metrics = Metric.objects.filter(key__startswith=SLUG_PREFIX)
    feedback = Feedback.objects.filter(source=SOURCE)
    return {
        "concepts": concepts,
        "goals": Goal.objects.filter(concept__in=concepts),
        "indicators": Indicator.objects.filter(goal__concept__in=concepts),
        "measures": Measure.objects.filter(source=SOURCE),
        "organisations": Organisation.objects.filter(slug__startswith=SLUG_PREFIX),
        "goal_statuses": GoalStatus.objects.filter(goal__concept__in=concepts),
        "inquiries": inquiries,
        "questions": Question.objects.filter(inquiry__in=inquiries),
        "metrics": metrics,
        "observations": Observation.objects.filter(metric__in=metrics),
        "events": Event.objects.filter(slug__startswith=SLUG_PREFIX),
        "feedback": feedback,
        "follow_ups": FollowUp.objects.filter(feedback__in=feedback),
    }


def synthetic_counts() -> dict[str, int]:
    """How many synthetic rows of each kind the database holds."""
    return {key: qs.count() for key, qs in _synthetic_querysets().items()}


def synthetic_data_exists() -> bool:
    return any(qs.exists() for qs in _synthetic_querysets().values())


# --------------------------------------------------------------------------
# Real records

CONTENT_APPS = ("concept", "inquiries", "monitoring", "roundtable")
# Rows the generator needs or shares rather than makes: the Stadtteile it
# spreads values over, and the Fraktionen, Ausschüsse and Personen it reuses
# by name. History rows only mirror other records.
SHARED_MODELS = (District, Faction, Committee, Person)


def _generated_querysets() -> dict[type[Model], QuerySet]:
    """Per model, the rows that synthesize makes."""
    querysets = {qs.model: qs for qs in _synthetic_querysets().values()}
    concepts = querysets[Concept]
    querysets.update(
        {
            Guideline: Guideline.objects.filter(concept__in=concepts),
            FieldOfAction: FieldOfAction.objects.filter(concept__in=concepts),
            MainGoal: MainGoal.objects.filter(field__concept__in=concepts),
            Topic: Topic.objects.filter(field__concept__in=concepts),
            Goal.responsible_organisations.through: (
                Goal.responsible_organisations.through.objects.filter(
                    goal__concept__in=concepts
                )
            ),
        }
    )
    return querysets


def real_record_counts() -> dict[type[Model], int]:
    """Real records: rows of the content apps that synthesize did not make
    (the seed fixtures' rows are real), by model, leaving out the shared rows
    above and history."""
    generated = _generated_querysets()
    counts = {}
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model in SHARED_MODELS or issubclass(model, HistoricalChanges):
                continue
            rows = model._base_manager.all()
            if model in generated:
                rows = rows.exclude(pk__in=generated[model].values("pk"))
            if count := rows.count():
                counts[model] = count
    return counts


def _real_data_message(counts: dict[type[Model], int]) -> str:
    found = ", ".join(
        f"{count} "
        + str(
            model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
        )
        for model, count in counts.items()
    )
    return (
        f"Die Datenbank enthält echte Datensätze, die nicht von synthesize "
        f"stammen ({found}). Synthetische Testdaten gehören in eine eigene "
        f"Datenbank (DATABASE_URL). Sollen sie bewusst zu diesen Daten "
        f"hinzukommen, etwa zu den Seed-Daten für Lasttests, rufen Sie den "
        f"Befehl mit --force auf."
    )


# --------------------------------------------------------------------------
# Helpers


def _bulk_create(
    model: type[Model], objects: list, *, label: str | None, progress: Progress
) -> list:
    """Insert ``objects`` in batches; the objects get their primary keys."""
    total = len(objects)
    if label:
        progress(label, 0, total)
    for start in range(0, total, BATCH_SIZE):
        model.objects.bulk_create(
            objects[start : start + BATCH_SIZE], batch_size=BATCH_SIZE
        )
        if label:
            progress(label, min(start + BATCH_SIZE, total), total)
    return objects


def _day(rng: random.Random, start: datetime.date, end: datetime.date):
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _german_number(value: float | int) -> str:
    """12345.5 → "12.345,5"; integers without decimals."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.1f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _catalogue_rows(model, keys: list[dict], defaults: list[dict]) -> list:
    """Existing rows matching ``keys`` (in order), the missing ones created
    (in bulk, like all generated rows: without history)."""
    rows, missing = [], []
    for lookup, extra in zip(keys, defaults, strict=True):
        row = model.objects.filter(**lookup).first()
        if row is None:
            row = model(**lookup, **extra)
            missing.append(row)
        rows.append(row)
    model.objects.bulk_create(missing)
    return rows


# --------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class FieldTheme:
    title: str
    topics: tuple[str, ...]
    main_goals: tuple[str, ...]
    subjects: tuple[str, ...]
    predicates: tuple[str, ...]
    offers: tuple[str, ...]  # dative plural: "an …", "von …", "bei …"


THEMES = (
    FieldTheme(
        "Bildung und Sprachförderung",
        (
            "Frühkindliche Bildung in Kindertagesstätten",
            "Sprachförderung für Kinder und Jugendliche",
            "Deutschkurse für Erwachsene",
            "Schulerfolg und Übergang in den Beruf",
            "Elternbildung und Elternbeteiligung",
            "Außerschulische Bildung und Lernhilfen",
        ),
        (
            "Die Sprachkompetenz der Menschen mit Migrationshintergrund hat sich "
            "verbessert.",
            "Kinder und Jugendliche mit Migrationshintergrund erreichen "
            "gleichwertige Bildungsabschlüsse.",
            "Eltern begleiten die Bildungswege ihrer Kinder aktiv und gut informiert.",
        ),
        (
            "Kinder mit Migrationshintergrund",
            "Neu zugewanderte Jugendliche",
            "Eltern mit geringen Deutschkenntnissen",
            "Geflüchtete Erwachsene",
            "Schülerinnen und Schüler nichtdeutscher Herkunftssprache",
            "Zugewanderte Frauen mit kleinen Kindern",
        ),
        (
            "besuchen früher und regelmäßiger eine Kindertageseinrichtung",
            "nehmen häufiger an Sprachkursen teil",
            "erreichen häufiger einen qualifizierten Schulabschluss",
            "finden wohnortnah passende Lern- und Förderangebote",
            "kennen die Bildungsangebote in ihrem Stadtteil",
            "werden bei Übergängen im Bildungssystem verlässlich begleitet",
            "nutzen Angebote der Hausaufgabenhilfe und Lernförderung",
        ),
        (
            "Integrationskursen",
            "Mama-lernt-Deutsch-Kursen",
            "Sprachförderangeboten in Kindertagesstätten",
            "Hausaufgabenhilfen",
            "Elterncafés an Grundschulen",
            "Intensivklassen",
        ),
    ),
    FieldTheme(
        "Kultur / Interkultur und interreligiöser Dialog",
        (
            "Interkulturelle Kulturarbeit",
            "Interreligiöser Dialog",
            "Migrantenorganisationen und Ehrenamt",
            "Erinnerungskultur und Stadtgeschichte",
            "Begegnung im öffentlichen Raum",
        ),
        (
            "Die kulturelle Vielfalt der Stadt ist im Kulturangebot sichtbar.",
            "Religionsgemeinschaften stehen in einem regelmäßigen Dialog miteinander.",
            "Migrantenorganisationen sind anerkannte Partner der Stadt.",
        ),
        (
            "Migrantenorganisationen",
            "Religionsgemeinschaften",
            "Kultureinrichtungen der Stadt",
            "Ehrenamtlich Engagierte mit Migrationshintergrund",
            "Künstlerinnen und Künstler mit Zuwanderungsgeschichte",
        ),
        (
            "sind in den Gremien der Kulturförderung vertreten",
            "beteiligen sich an gemeinsamen Veranstaltungen im Stadtteil",
            "werden bei der Beantragung von Fördermitteln beraten",
            "erreichen mit ihren Angeboten neue Zielgruppen",
            "pflegen einen regelmäßigen Austausch miteinander",
        ),
        (
            "interkulturellen Wochen",
            "Festen der Kulturen",
            "Führungen durch Moscheen, Kirchen und Synagogen",
            "Projekten der Stadtteilkultur",
            "Lesungen in mehreren Sprachen",
        ),
    ),
    FieldTheme(
        "Sport und Gesundheit",
        (
            "Sport im Verein",
            "Bewegung im Stadtteil",
            "Gesundheitsvorsorge",
            "Psychosoziale Versorgung",
            "Pflege und Alter",
        ),
        (
            "Menschen mit Migrationshintergrund treiben ebenso häufig Sport wie "
            "alle anderen.",
            "Die gesundheitliche Versorgung ist kultursensibel und für alle "
            "zugänglich.",
        ),
        (
            "Mädchen mit Migrationshintergrund",
            "Ältere Migrantinnen und Migranten",
            "Familien mit Zuwanderungsgeschichte",
            "Geflüchtete mit traumatischen Erfahrungen",
            "Sportvereine",
        ),
        (
            "sind in den Sportvereinen stärker vertreten",
            "nehmen die Vorsorgeuntersuchungen regelmäßig wahr",
            "finden kultursensible Pflege- und Beratungsangebote",
            "erhalten zeitnah psychosoziale Unterstützung",
            "öffnen ihre Angebote für neue Mitglieder",
        ),
        (
            "Schwimmkursen für Frauen",
            "Vorsorgeuntersuchungen",
            "Gesundheitslotsen-Projekten",
            "offenen Sporttreffs",
            "Beratungsstunden in mehreren Sprachen",
        ),
    ),
    FieldTheme(
        "Teilhabe am Arbeitsmarkt",
        (
            "Ausbildung",
            "Anerkennung ausländischer Abschlüsse",
            "Beschäftigung und Qualifizierung",
            "Selbstständigkeit und Gründung",
        ),
        (
            "Menschen mit Migrationshintergrund sind gleichberechtigt am "
            "Arbeitsmarkt beteiligt.",
            "Jugendliche mit Migrationshintergrund finden einen Ausbildungsplatz.",
        ),
        (
            "Jugendliche mit Migrationshintergrund",
            "Zugewanderte Fachkräfte",
            "Langzeitarbeitslose Migrantinnen und Migranten",
            "Unternehmerinnen und Unternehmer mit Zuwanderungsgeschichte",
            "Geflüchtete mit Arbeitserlaubnis",
        ),
        (
            "beginnen häufiger eine duale Ausbildung",
            "erhalten schneller eine Anerkennung ihrer Berufsabschlüsse",
            "finden eine sozialversicherungspflichtige Beschäftigung",
            "werden von Betrieben gezielt angesprochen",
            "nutzen die Gründungsberatung der Wirtschaftsförderung",
        ),
        (
            "Ausbildungspatenschaften",
            "Anerkennungsberatungen",
            "berufsbezogenen Deutschkursen",
            "Qualifizierungsmaßnahmen des Jobcenters",
            "Gründungsseminaren",
        ),
    ),
    FieldTheme(
        "Wohnen und Leben im Stadtteil",
        (
            "Nachbarschaft und Zusammenleben",
            "Wohnraumversorgung",
            "Stadtteilarbeit",
            "Beteiligung im Stadtteil",
        ),
        (
            "Menschen unterschiedlicher Herkunft leben gut zusammen in allen "
            "Stadtteilen.",
            "Zugewanderte beteiligen sich an der Entwicklung ihres Stadtteils.",
        ),
        (
            "Bewohnerinnen und Bewohner der Stadtteile",
            "Zugewanderte Familien",
            "Stadtteilzentren",
            "Wohnungsbaugesellschaften",
            "Ortsbeiräte",
        ),
        (
            "beteiligen sich an der Gestaltung ihres Wohnumfelds",
            "finden bezahlbaren Wohnraum in allen Stadtteilen",
            "bieten Treffpunkte für alle Generationen und Herkunftsgruppen",
            "berücksichtigen die Vielfalt der Mieterschaft",
            "beziehen Migrantenorganisationen in ihre Arbeit ein",
        ),
        (
            "Stadtteilkonferenzen",
            "Nachbarschaftsfesten",
            "Mieterberatungen",
            "Quartiersmanagements",
            "Stadtteilspaziergängen",
        ),
    ),
    FieldTheme(
        "kommunale Verwaltung – Integration als Querschnittsaufgabe",
        (
            "Interkulturelle Öffnung der Verwaltung",
            "Personalgewinnung",
            "Information und Beratung",
            "Integrationsmonitoring",
        ),
        (
            "Die Verwaltung ist interkulturell geöffnet.",
            "Integration ist als Querschnittsaufgabe in allen Ämtern verankert.",
        ),
        (
            "Beschäftigte der Stadtverwaltung",
            "Ämter und Eigenbetriebe",
            "Bürgerinnen und Bürger nichtdeutscher Herkunftssprache",
            "Auszubildende der Stadt Kassel",
            "Führungskräfte der Verwaltung",
        ),
        (
            "nehmen an Fortbildungen zur interkulturellen Kompetenz teil",
            "stellen wichtige Informationen in mehreren Sprachen bereit",
            "finden in allen Dienststellen verständliche Beratung",
            "spiegeln die Vielfalt der Stadtgesellschaft wider",
            "berichten jährlich über ihre Beiträge zum Integrationskonzept",
        ),
        (
            "interkulturellen Fortbildungen",
            "Dolmetscherdiensten",
            "mehrsprachigen Informationsblättern",
            "Ausbildungsmessen",
            "Sprechstunden im Bürgerbüro",
        ),
    ),
)

GUIDELINES = (
    "Integration bedeutet miteinander, nicht nebeneinander; sie ist Aufgabe "
    "der ganzen Stadtgesellschaft.",
    "Vielfalt ist eine Stärke der Stadt Kassel und wird sichtbar gemacht.",
    "Sprache ist ein Schlüssel zur Teilhabe; Mehrsprachigkeit wird geschätzt.",
    "Alle Menschen haben gleiche Chancen auf Bildung, Arbeit und Wohnen.",
    "Zugewanderte gestalten die Integrationspolitik mit.",
    "Die Stadtverwaltung öffnet sich interkulturell.",
    "Integration wird vor Ort in den Stadtteilen gestaltet.",
    "Diskriminierung wird entschieden entgegengetreten.",
    "Erfolge und Defizite werden regelmäßig gemessen und öffentlich berichtet.",
    "Ehrenamtliches Engagement wird anerkannt und unterstützt.",
    "Religionsfreiheit und der Dialog der Religionen werden gefördert.",
    "Neu Zugewanderte werden von Anfang an willkommen geheißen.",
)

GOAL_SUFFIXES = (
    "",
    "",
    "",
    " – insbesondere in Stadtteilen mit hohem Zuwanderungsanteil",
    " bis zum Ende des Umsetzungszeitraums",
    " in allen Stadtteilen",
)

INDICATORS = (
    "Zahl der Teilnehmenden an {offer}",
    "Entwicklung der Nachfrage nach {offer} nach Stadtteilen",
    "Befragung der Teilnehmenden an {offer} zur Zufriedenheit",
    "Wartezeiten bei {offer}",
    "Zahl der Stadtteile mit {offer}",
    "Jährlicher Sachbericht der Träger von {offer}",
)

MEASURE_TITLES = (
    ("Ausbau von {offer}", Measure.Kind.MEASURE),
    ("Koordinierungsstelle zu {offer}", Measure.Kind.BODY),
    ("Modellprojekt mit {offer} in {district}", Measure.Kind.PROJECT),
    ("Förderprogramm für Träger von {offer}", Measure.Kind.PROGRAMME),
    ("Netzwerk zu {offer} im Stadtteil {district}", Measure.Kind.BODY),
    ("Regelangebot mit {offer}", Measure.Kind.OFFER),
)

FUNDING = (
    "Städtischer Haushalt",
    "Landesprogramm „WIR“ des Landes Hessen",
    "Bundesprogramm, kommunaler Eigenanteil 20 %",
    "Europäischer Sozialfonds (ESF) und städtische Mittel",
    "Spenden und Stiftungsmittel",
)

ORGANISATION_PATTERNS = (
    ("Stadtteilzentrum {district}", Organisation.Kind.MUNICIPAL_BODY),
    ("Interkultureller Treffpunkt {district}", Organisation.Kind.ASSOCIATION),
    ("Nachbarschaftsverein {district} e. V.", Organisation.Kind.ASSOCIATION),
    ("Familienzentrum {district}", Organisation.Kind.PROVIDER),
    ("Jugendtreff {district}", Organisation.Kind.MUNICIPAL_BODY),
    ("Kulturverein {district} e. V.", Organisation.Kind.ASSOCIATION),
    ("Frauentreff {district}", Organisation.Kind.ASSOCIATION),
    (
        "Deutsch-Türkischer Freundeskreis {district} e. V.",
        Organisation.Kind.MIGRANT_ORGANISATION,
    ),
    (
        "Afrikanischer Elternverein {district} e. V.",
        Organisation.Kind.MIGRANT_ORGANISATION,
    ),
    ("Lernhilfe {district} e. V.", Organisation.Kind.ASSOCIATION),
    ("Sportgemeinschaft {district} e. V.", Organisation.Kind.ASSOCIATION),
    ("Evangelische Kirchengemeinde {district}", Organisation.Kind.RELIGIOUS),
)

# Units that can be responsible for goals and answer inquiries.
ADMINISTRATIVE_KINDS = (
    Organisation.Kind.AMT,
    Organisation.Kind.STAFF_UNIT,
    Organisation.Kind.DEPARTMENT,
    Organisation.Kind.MUNICIPAL_BODY,
    Organisation.Kind.PUBLIC_BODY,
)

# name → (full name, weight of its inquiries, its people (name, role))
FACTIONS = {
    "SPD": (
        "SPD-Fraktion",
        20,
        [("Sabine Hartmann", "Fraktionsvorsitzende"), ("Mehmet Yıldırım", "")],
    ),
    "B90/Grüne": (
        "Fraktion Bündnis 90/Die Grünen",
        25,
        [("Jana Kowalski", "Fraktionsvorsitzende"), ("Thomas Brenner", "")],
    ),
    "CDU": (
        "CDU-Fraktion",
        20,
        [("Klaus Wiegand", "Fraktionsvorsitzender"), ("Petra Lindner", "")],
    ),
    "FDP": (
        "FDP-Fraktion",
        10,
        [("Miriam Schäfer", "Fraktionsvorsitzende"), ("Jörg Nolte", "")],
    ),
    "Kasseler Linke": (
        "Fraktion Kasseler Linke",
        20,
        [("Dragan Petrović", "Fraktionsvorsitzender"), ("Fatma Aksoy", "")],
    ),
    "Freie Wähler": (
        "Fraktion Freie Wähler",
        5,
        [("Uwe Rettberg", "Fraktionsvorsitzender"), ("Katharina Vogt", "")],
    ),
}
MEMBER_ROLE = "Stadtverordnete/r"
MAGISTRATE = [
    ("Leyla Rahimi", "Bürgermeisterin"),
    ("Stefan Hildebrandt", "Stadtrat"),
    ("Ute Sommerfeld", "Stadträtin"),
    ("Martin Eckhardt", "Im Auftrag"),
]
# name → (valid from, valid until, years it is chosen for the integration topic)
INTEGRATION_COMMITTEES = (
    ("Ausschuss für Sicherheit, Recht, Integration und Gleichstellung", None, 2015),
    ("Ausschuss für Recht, Sicherheit, Integration und Gleichstellung", 2016, 2020),
    ("Ausschuss für Soziales, Gesundheit, Integration und Sport", 2021, None),
)
FIELD_COMMITTEES = (
    "Ausschuss für Schule, Jugend und Bildung",
    "Ausschuss für Kultur",
    "Ausschuss für Soziales, Gesundheit und Sport",
    "Ausschuss für Wirtschaft, Finanzen und Beschäftigung",
    "Ausschuss für Stadtentwicklung, Mobilität und Verkehr",
    "Ausschuss für Personal und Verwaltung",
)
CONTACTS = (
    "Frau Albers",
    "Herr Brückner",
    "Frau Celik",
    "Herr Dietrich",
    "Frau Engel",
    "Herr Franke",
    "Frau Gül",
    "Herr Heinemann",
)
# Elections of the Stadtverordnetenversammlung: Wahlperiode 16 began 2006.
ELECTIONS = [datetime.date(year, 4, 1) for year in (2006, 2011, 2016, 2021)]

# Metric themes: (name, unit, percent?, direction, field index, low, high)
METRIC_THEMES = (
    ("Kinder mit Migrationshintergrund in Kindertagesstätten", "Kinder", False,
     "hoeher", 0, 800, 3000),
    ("Teilnehmende an Integrationskursen", "Personen", False, "hoeher", 0, 300, 1500),
    ("Schulabgänger*innen ohne Abschluss", "%", True, "niedriger", 0, 4, 18),
    ("Sprachstandserhebungen mit Förderbedarf", "%", True, "niedriger", 0, 15, 45),
    ("Besuchende interkultureller Veranstaltungen", "Personen", False, "hoeher",
     1, 500, 8000),
    ("Geförderte interkulturelle Projekte", "Projekte", False, "hoeher", 1, 5, 60),
    ("Wahlbeteiligung bei der Ausländerbeiratswahl", "%", True, "hoeher", 1, 5, 20),
    ("Mitglieder mit Migrationshintergrund in Sportvereinen", "Personen", False,
     "hoeher", 2, 1000, 6000),
    ("Teilnahme an der Vorsorgeuntersuchung U9", "%", True, "hoeher", 2, 70, 95),
    ("Schwimmfähige Kinder am Ende der Grundschule", "%", True, "hoeher", 2, 40, 85),
    ("Arbeitslosenquote von Ausländer*innen", "%", True, "niedriger", 3, 8, 22),
    ("Auszubildende mit ausländischer Staatsangehörigkeit", "Personen", False,
     "hoeher", 3, 150, 900),
    ("Anerkennungsverfahren für ausländische Berufsabschlüsse", "Verfahren", False,
     "neutral", 3, 50, 600),
    ("Anteil der Bevölkerung mit Migrationshintergrund", "%", True, "neutral",
     4, 20, 45),
    ("Einbürgerungen", "Personen", False, "hoeher", 4, 300, 1200),
    ("Teilnehmende an Stadtteilkonferenzen", "Personen", False, "hoeher", 4, 50, 600),
    ("Beschäftigte mit Migrationshintergrund in der Stadtverwaltung", "%", True,
     "hoeher", 5, 5, 25),
    ("Teilnehmende an interkulturellen Fortbildungen", "Personen", False, "hoeher",
     5, 40, 500),
    ("Mehrsprachige Informationsangebote der Verwaltung", "Dokumente", False,
     "hoeher", 5, 10, 200),
)  # fmt: skip
METRIC_GROUPS = (
    "",
    " – Geflüchtete",
    " – Drittstaatsangehörige",
    " – EU-Bürger*innen",
    " – unter 25 Jahren",
    " – ab 55 Jahren",
    " – Neuzugewanderte",
    " – Spätaussiedler*innen",
)

EVENT_VENUES = (
    "Rathaus Kassel, Bürgersaal",
    "Stadtteilzentrum {district}",
    "Kulturzentrum Schlachthof",
    "Volkshochschule Region Kassel",
    "Bürgerhaus {district}",
)


# --------------------------------------------------------------------------
# Concept


@dataclass
class ConceptData:
    """What the other apps link to: the generated editions and their parts."""

    concepts: list[Concept] = field(default_factory=list)
    fields: list[FieldOfAction] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    goals_by_field: dict[int, list[Goal]] = field(default_factory=dict)
    indicators_by_goal: dict[int, list[Indicator]] = field(default_factory=dict)
    organisations_by_goal: dict[int, list[Organisation]] = field(default_factory=dict)
    measures: list[Measure] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    administrative_units: list[Organisation] = field(default_factory=list)
    theme_by_field: dict[int, FieldTheme] = field(default_factory=dict)
    districts: list[str] = field(default_factory=list)

    def fields_with_goals(self) -> list[FieldOfAction]:
        return [f for f in self.fields if self.goals_by_field.get(f.pk)]


def _split(total: int, parts: int) -> list[int]:
    """``total`` as ``parts`` near-equal whole numbers, larger ones first."""
    base, rest = divmod(total, parts)
    return [base + (1 if index < rest else 0) for index in range(parts)]


def _synthesize_organisations(
    rng: random.Random, scale: int, districts: list[str]
) -> list[Organisation]:
    taken = set(Organisation.objects.values_list("name", flat=True))
    candidates = [
        (pattern.format(district=district), kind)
        for pattern, kind in ORGANISATION_PATTERNS
        for district in districts
    ]
    rng.shuffle(candidates)
    wanted = max(6, scale // 2)
    organisations, slugs = [], set()
    for name, kind in candidates:
        slug = f"{SLUG_PREFIX}{slugify(name)}"[:200]
        if name in taken or slug in slugs:
            continue
        slugs.add(slug)
        organisations.append(
            Organisation(name=name, slug=slug, kind=kind, description=f"{SOURCE}.")
        )
        if len(organisations) == wanted:
            break
    return Organisation.objects.bulk_create(organisations, batch_size=BATCH_SIZE)


def synthesize_concept(
    rng: random.Random,
    scale: int,
    progress: Progress = _no_progress,
    *,
    districts: list[str],
) -> ConceptData:
    """Editions with guidelines, fields, main goals, topics, goals, indicators,
    responsible units and measures: 10·``scale`` goals in ceil(scale/10)
    editions."""
    data = ConceptData(districts=districts)
    data.organisations = _synthesize_organisations(rng, scale, districts)
    data.administrative_units = list(
        Organisation.objects.filter(kind__in=ADMINISTRATIVE_KINDS)
        .exclude(slug__startswith=SLUG_PREFIX)
        .order_by("name")
    ) or list(data.organisations)

    plan = planned_counts(scale=scale)
    edition_count = plan["concepts"]
    goals_per_edition = _split(plan["goals"], edition_count)
    for index in range(edition_count):
        year = FIRST_YEAR + index * len(YEARS) // edition_count
        stand = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        adopted = (
            stand + datetime.timedelta(days=rng.randint(30, 120))
            if rng.random() < 0.8
            else None
        )
        data.concepts.append(
            Concept(
                title=f"Integrationskonzept der Stadt Kassel – Fortschreibung {year}",
                slug=f"{SLUG_PREFIX}{index + 1:02d}",
                stand_date=stand,
                period_start=year + 1,
                period_end=year + 5,
                adopted_on=adopted,
                is_current=False,
                source=SOURCE,
                reading_note=(
                    "Synthetische Fassung für Last- und Darstellungstests; "
                    "Inhalte sind erfunden."
                ),
            )
        )
    _bulk_create(Concept, data.concepts, label="Fassungen", progress=progress)

    guidelines, main_goals = [], []
    for concept in data.concepts:
        for number, text in enumerate(rng.sample(GUIDELINES, 8), start=1):
            guidelines.append(Guideline(concept=concept, number=number, text=text))
        for number, theme in enumerate(THEMES, start=1):
            data.fields.append(
                FieldOfAction(concept=concept, number=number, title=theme.title)
            )
    Guideline.objects.bulk_create(guidelines, batch_size=BATCH_SIZE)
    FieldOfAction.objects.bulk_create(data.fields, batch_size=BATCH_SIZE)

    topics, goal_specs = [], []
    fields_by_concept = [
        data.fields[i : i + len(THEMES)] for i in range(0, len(data.fields), 6)
    ]
    for concept, concept_fields, goal_total in zip(
        data.concepts, fields_by_concept, goals_per_edition, strict=True
    ):
        for fld, theme, goal_count in zip(
            concept_fields, THEMES, _split(goal_total, len(THEMES)), strict=True
        ):
            data.theme_by_field[fld.pk] = theme
            chosen = rng.sample(theme.main_goals, rng.randint(1, len(theme.main_goals)))
            for position, text in enumerate(chosen, start=1):
                main_goals.append(MainGoal(field=fld, position=position, text=text))
            if goal_count == 0:
                continue
            topic_count = math.ceil(goal_count / 5)
            for topic_number, topic_goals in enumerate(
                _split(goal_count, topic_count), start=1
            ):
                title = theme.topics[(topic_number - 1) % len(theme.topics)]
                topic = Topic(
                    field=fld,
                    number=topic_number,
                    code=f"{fld.number}.{topic_number}",
                    title=title,
                )
                topics.append(topic)
                goal_specs.extend(
                    (concept, fld, topic, n) for n in range(1, topic_goals + 1)
                )
    MainGoal.objects.bulk_create(main_goals, batch_size=BATCH_SIZE)
    Topic.objects.bulk_create(topics, batch_size=BATCH_SIZE)

    for concept, fld, topic, number in goal_specs:
        theme = data.theme_by_field[fld.pk]
        text = (
            f"{rng.choice(theme.subjects)} {rng.choice(theme.predicates)}"
            f"{rng.choice(GOAL_SUFFIXES)}."
        )
        goal = Goal(
            concept=concept,
            topic=topic,
            number=number,
            code=f"{topic.code}.{number}",
            text=text,
        )
        goal.field_id_cache = fld.pk
        data.goals.append(goal)
    _bulk_create(Goal, data.goals, label="Ziele", progress=progress)

    indicators, responsibilities = [], []
    through = Goal.responsible_organisations.through
    for goal in data.goals:
        data.goals_by_field.setdefault(goal.field_id_cache, []).append(goal)
        theme = data.theme_by_field[goal.field_id_cache]
        templates = rng.sample(INDICATORS, rng.randint(1, 3))
        goal_indicators = [
            Indicator(
                goal=goal,
                position=position,
                text=template.format(offer=rng.choice(theme.offers)),
            )
            for position, template in enumerate(templates, start=1)
        ]
        indicators.extend(goal_indicators)
        data.indicators_by_goal[goal.pk] = goal_indicators
        units = rng.sample(
            data.administrative_units,
            min(rng.randint(1, 2), len(data.administrative_units)),
        )
        data.organisations_by_goal[goal.pk] = units
        responsibilities.extend(
            through(goal_id=goal.pk, organisation_id=unit.pk) for unit in units
        )
    _bulk_create(Indicator, indicators, label="Indikatoren", progress=progress)
    _bulk_create(through, responsibilities, label=None, progress=progress)

    _synthesize_measures(rng, data, fields_by_concept, progress)
    return data


def _synthesize_measures(rng, data: ConceptData, fields_by_concept, progress):
    measure_goals, measure_fields, providers = [], [], []
    links = []
    for concept, concept_fields in zip(data.concepts, fields_by_concept, strict=True):
        goals = [g for f in concept_fields for g in data.goals_by_field.get(f.pk, [])]
        for _ in range(max(1, len(goals) // 4)):
            goal = rng.choice(goals)
            theme = data.theme_by_field[goal.field_id_cache]
            template, kind = rng.choice(MEASURE_TITLES)
            offer = rng.choice(theme.offers)
            start = concept.period_start + rng.randint(-2, 3)
            end = start + rng.randint(1, 6) if rng.random() < 0.7 else None
            amount = rng.randint(2, 120) * 2500
            measure = Measure(
                title=template.format(offer=offer, district=rng.choice(data.districts)),
                kind=kind,
                description=(
                    f"Die Maßnahme dient dem Ziel {goal.code} der Fortschreibung "
                    f"{concept.period_start - 1}."
                ),
                start_year=start,
                end_year=end,
                funding=f"{_german_number(amount)} € jährlich, {rng.choice(FUNDING)}",
                funding_amount=Decimal(amount),
                source=SOURCE,
            )
            served = {goal.pk: goal}
            for other in rng.sample(goals, min(len(goals), rng.randint(0, 2))):
                served.setdefault(other.pk, other)
            links.append((measure, list(served.values()), goal.field_id_cache))
            data.measures.append(measure)
    _bulk_create(Measure, data.measures, label="Maßnahmen", progress=progress)
    for measure, goals, field_id in links:
        measure_goals.extend(
            Measure.goals.through(measure_id=measure.pk, goal_id=g.pk) for g in goals
        )
        measure_fields.append(
            Measure.fields_of_action.through(
                measure_id=measure.pk, fieldofaction_id=field_id
            )
        )
        for provider in rng.sample(data.organisations, rng.randint(1, 2)):
            providers.append(
                Measure.providers.through(
                    measure_id=measure.pk, organisation_id=provider.pk
                )
            )
    for model_objects in (measure_goals, measure_fields, providers):
        if model_objects:
            _bulk_create(
                type(model_objects[0]), model_objects, label=None, progress=progress
            )


# --------------------------------------------------------------------------
# Inquiries


QUESTION_KINDS = (
    "count",
    "table",
    "providers",
    "funding",
    "goal",
    "plans",
    "waiting",
    "gaps",
    "participation",
    "working_group",
)

PREAMBLES = (
    "Das Integrationskonzept der Stadt Kassel nennt für das Handlungsfeld "
    "„{field}“ verbindliche Ziele und Indikatoren.",
    "Aus den Stadtteilen erreichen uns Hinweise, dass die Nachfrage nach "
    "{offer} das Angebot deutlich übersteigt.",
    "Der letzte Integrationsbericht hat gezeigt, dass im Teilbereich „{topic}“ "
    "noch erheblicher Handlungsbedarf besteht.",
    "Die Träger von {offer} berichten von steigenden Teilnehmendenzahlen und "
    "unsicherer Finanzierung.",
    "Beim Runden Tisch Integration wurde mehrfach angeregt, die Angebote im "
    "Stadtteil {district} besser abzustimmen.",
)
INTRODUCTIONS = (
    "Die Anfrage beantworte ich wie folgt:",
    "Namens des Magistrats beantworte ich die Anfrage wie folgt:",
    "Die Fragen beantworte ich nach Rücksprache mit den beteiligten Ämtern wie folgt:",
    "",
)
ASSESSMENTS = (
    "Der Magistrat bewertet die Entwicklung insgesamt positiv.",
    "Die Zielerreichung ist in den einzelnen Stadtteilen unterschiedlich weit "
    "fortgeschritten.",
    "Der Magistrat sieht weiteren Handlungsbedarf, insbesondere bei der "
    "Erreichbarkeit der Angebote.",
    "Die Angebote werden gut angenommen; die Nachfrage übersteigt teilweise "
    "die vorhandenen Plätze.",
    "Eine abschließende Bewertung ist erst nach Vorliegen des nächsten "
    "Integrationsberichts möglich.",
)


def _question_numbers(rng: random.Random, count: int) -> list[str]:
    """ "1", "2", … and now and then a last question split into "3a", "3b"."""
    if count >= 3 and rng.random() < 0.15:
        lettered = rng.randint(2, min(4, count - 1))
        base = count - lettered + 1
        return [str(n) for n in range(1, base)] + [
            f"{base}{letter}" for letter in "abcd"[:lettered]
        ]
    return [str(n) for n in range(1, count + 1)]


def _question(rng, kind, *, year, theme, topic, district, districts, goal, orgs):
    """The text of one question and its Markdown answer."""
    offer = rng.choice(theme.offers)
    if kind == "count":
        before, now = rng.randint(80, 900), rng.randint(80, 900)
        change = round(abs(now - before) / before * 100)
        trend = "gestiegen" if now >= before else "gesunken"
        return (
            f"Wie viele Personen haben im Jahr {year - 1} an {offer} teilgenommen, "
            f"und wie hat sich die Zahl seit {year - 4} entwickelt?",
            f"Im Jahr {year - 1} haben {_german_number(now)} Personen an {offer} "
            f"teilgenommen. {year - 4} waren es {_german_number(before)}; die Zahl "
            f"ist damit um {change} % {trend}.",
        )
    if kind == "table":
        rows = "\n".join(
            f"| {name} | {rng.randint(5, 240)} | {rng.randint(5, 240)} |"
            for name in rng.sample(districts, min(len(districts), rng.randint(3, 6)))
        )
        return (
            f"Wie verteilen sich die Teilnehmenden an {offer} auf die Stadtteile?",
            f"Die Teilnehmendenzahlen nach Stadtteilen (Auswahl):\n\n"
            f"| Stadtteil | {year - 2} | {year - 1} |\n| --- | ---: | ---: |\n{rows}"
            f"\n\nFür die übrigen Stadtteile liegen keine getrennten Zahlen vor.",
        )
    if kind == "providers":
        listed = "\n".join(f"- {org.name}" for org in orgs)
        return (
            f"Welche Träger sind im Stadtteil {district} an {offer} beteiligt?",
            f"Im Stadtteil {district} sind derzeit beteiligt:\n\n{listed}\n\n"
            f"Die Koordination liegt beim Zukunftsbüro.",
        )
    if kind == "funding":
        amount = rng.randint(4, 160) * 2500
        return (
            f"Wie hoch war die städtische Förderung von {offer} im Haushaltsjahr "
            f"{year - 1}?",
            f"Die städtische Förderung von {offer} betrug im Haushaltsjahr "
            f"{year - 1} **{_german_number(amount)} €**. Hinzu kommen Mittel des "
            f"Landes Hessen aus dem Landesprogramm „WIR“.",
        )
    if kind == "goal":
        return (
            f"Wie bewertet der Magistrat den Stand der Umsetzung des Ziels "
            f"„{goal.text.rstrip('.')}“?",
            f"{rng.choice(ASSESSMENTS)} {rng.choice(ASSESSMENTS)}",
        )
    if kind == "plans":
        return (
            f"Welche Maßnahmen plant der Magistrat im Teilbereich „{topic}“ für die "
            f"Jahre {year + 1} bis {year + 3}?",
            f"Geplant sind:\n\n1. die Fortführung von {offer},\n2. eine "
            f"Bestandsaufnahme im Stadtteil {district} und\n3. ein Bericht im "
            f"zuständigen Ausschuss bis Ende {year + 1}.",
        )
    if kind == "waiting":
        weeks = rng.randint(2, 30)
        return (
            f"Gibt es Wartelisten bei {offer}, und wie lang sind sie derzeit?",
            f"Ja. Die durchschnittliche Wartezeit beträgt derzeit etwa {weeks} "
            f"Wochen; auf den Wartelisten stehen rund "
            f"{_german_number(rng.randint(10, 400))} Personen.",
        )
    if kind == "gaps":
        missing = ", ".join(rng.sample(districts, min(len(districts), 3)))
        return (
            f"In welchen Stadtteilen reicht das Angebot an {offer} nach Kenntnis "
            f"des Magistrats nicht aus?",
            f"Nach Einschätzung der Fachämter vor allem in {missing}. "
            f"{rng.choice(ASSESSMENTS)}",
        )
    if kind == "participation":
        return (
            f"Wie werden Migrantenorganisationen in die Planung von {offer} "
            f"einbezogen?",
            "Migrantenorganisationen sind in der städtischen AG Integration und in "
            "den Unter-Arbeitsgruppen vertreten und werden vor jeder "
            "Fortschreibung schriftlich beteiligt.",
        )
    return (
        f"Welche Ergebnisse hat die Unter-Arbeitsgruppe „{theme.title}“ seit dem "
        f"letzten Runden Tisch erarbeitet?",
        f"Die Unter-Arbeitsgruppe hat sich {rng.randint(2, 6)}-mal getroffen und "
        f"Empfehlungen zu {offer} erarbeitet, die dem nächsten Runden Tisch "
        f"vorgelegt werden.",
    )


def _wahlperiode(day: datetime.date) -> int:
    return 15 + sum(1 for election in ELECTIONS if election <= day)


def _inquiry_catalogues():
    factions = _catalogue_rows(
        Faction,
        [{"name": name} for name in FACTIONS],
        [{"full_name": full} for full, _weight, _people in FACTIONS.values()],
    )
    signers = {}
    for faction, (_full, _weight, people) in zip(
        factions, FACTIONS.values(), strict=True
    ):
        signers[faction.pk] = _catalogue_rows(
            Person,
            [{"name": name, "role": role or MEMBER_ROLE} for name, role in people],
            [{"faction": faction} for _ in people],
        )
    magistrate = _catalogue_rows(
        Person,
        [{"name": name, "role": role} for name, role in MAGISTRATE],
        [{} for _ in MAGISTRATE],
    )
    integration = _catalogue_rows(
        Committee,
        [{"name": name} for name, _f, _u in INTEGRATION_COMMITTEES],
        [{"valid_from": f, "valid_until": u} for _n, f, u in INTEGRATION_COMMITTEES],
    )
    by_field = _catalogue_rows(
        Committee,
        [{"name": name} for name in FIELD_COMMITTEES],
        [{} for _ in FIELD_COMMITTEES],
    )
    return factions, signers, magistrate, integration, by_field


def synthesize_inquiries(
    rng: random.Random,
    scale: int,
    progress: Progress = _no_progress,
    *,
    concept: ConceptData,
) -> list[Inquiry]:
    """100·``scale`` inquiries with 600·``scale`` numbered questions; most are
    answered, the latest ones partly still open."""
    factions, signers, magistrate, integration, by_field = _inquiry_catalogues()
    weights = [weight for _full, weight, _people in FACTIONS.values()]
    plan = planned_counts(scale=scale)
    count = plan["inquiries"]
    # Pairs of inquiries with 6 ± d questions: exactly 6 per inquiry on average.
    sizes = []
    for _ in range(count // 2):
        delta = rng.randint(-5, 5)
        sizes.extend([6 + delta, 6 - delta])
    if len(sizes) < count:
        sizes.append(6)
    days = sorted(
        _day(rng, datetime.date(FIRST_YEAR, 1, 2), datetime.date(LAST_YEAR, 12, 15))
        for _ in range(count)
    )
    fields = concept.fields_with_goals()
    running: dict[int, int] = {}
    inquiries, specs = [], []
    for submitted, size in zip(days, sizes, strict=True):
        wp = _wahlperiode(submitted)
        running[wp] = running.get(wp, 0) + 1
        fld = rng.choice(fields)
        theme = concept.theme_by_field[fld.pk]
        faction = rng.choices(factions, weights)[0]
        meeting = submitted + datetime.timedelta(days=rng.randint(14, 60))
        if submitted >= OPEN_SINCE:
            status = rng.choice(Inquiry.Status.values)
        else:
            status = (
                Inquiry.Status.ANSWERED
                if rng.random() < 0.98
                else Inquiry.Status.IN_PROGRESS
            )
        answered = status == Inquiry.Status.ANSWERED
        answered_on = None
        if answered:
            late = rng.random() < 0.15
            answered_on = (
                meeting + datetime.timedelta(days=rng.randint(1, 60))
                if late
                else submitted
                + datetime.timedelta(
                    days=rng.randint(5, max(5, (meeting - submitted).days - 7))
                )
            )
        if submitted.year < 2016:
            committee = integration[0]
        elif submitted.year < 2021:
            committee = integration[1]
        else:
            committee = integration[2]
        if rng.random() < 0.3:
            committee = by_field[fld.number - 1]
        topic_title = rng.choice(theme.topics)
        district = rng.choice(concept.districts)
        offer = rng.choice(theme.offers)
        title = rng.choice(
            (
                f"{topic_title}: Sachstand {submitted.year}",
                f"{topic_title} im Stadtteil {district}",
                f"Nachfrage nach {offer}",
                f"Finanzierung von {offer}",
                f"Umsetzung des Integrationskonzepts im Handlungsfeld „{theme.title}“",
                f"Wartezeiten bei {offer}",
            )
        )
        preamble = " ".join(
            text.format(
                field=theme.title, offer=offer, topic=topic_title, district=district
            )
            for text in rng.sample(PREAMBLES, rng.randint(1, 2))
        )
        inquiry = Inquiry(
            reference_number=f"{REFERENCE_PREFIX}{wp}.{running[wp]}",
            title=title,
            faction=faction,
            signed_by=rng.choice(signers[faction.pk]),
            submitted_on=submitted,
            committee=committee,
            meeting_date=meeting,
            due_date=inquiry_due_date_default(meeting_date=meeting),
            preamble=f"{preamble}\n\nWir fragen den Magistrat:",
            status=status,
            answering_organisation=rng.choice(concept.administrative_units),
            answered_on=answered_on,
            answer_received_on=(
                answered_on + datetime.timedelta(days=rng.randint(0, 3))
                if answered_on
                else None
            ),
            answer_signed_by=rng.choice(magistrate) if answered else None,
            answer_introduction=rng.choice(INTRODUCTIONS) if answered else "",
            internal_contact=f"{rng.choice(CONTACTS)}, Tel. {rng.randint(1000, 7999)}",
            internal_note=(
                f"Rückfrage beim Fachamt am "
                f"{submitted + datetime.timedelta(days=3):%d.%m.%Y}."
                if rng.random() < 0.2
                else ""
            ),
        )
        inquiries.append(inquiry)
        specs.append((inquiry, size, fld, theme, topic_title, district))
    _bulk_create(Inquiry, inquiries, label="Anfragen", progress=progress)

    responsible = [
        Inquiry.responsible_organisations.through(
            inquiry_id=inquiry.pk, organisation_id=unit.pk
        )
        for inquiry in inquiries
        for unit in {inquiry.answering_organisation}
        | set(rng.sample(concept.administrative_units, 1))
    ]
    _bulk_create(type(responsible[0]), responsible, label=None, progress=progress)

    questions, goal_links, field_links = [], [], []
    for inquiry, size, fld, theme, topic_title, district in specs:
        goals = concept.goals_by_field[fld.pk]
        kinds = rng.sample(QUESTION_KINDS, min(size, len(QUESTION_KINDS)))
        kinds += [rng.choice(QUESTION_KINDS) for _ in range(size - len(kinds))]
        answered_count = {
            Inquiry.Status.ANSWERED: size,
            Inquiry.Status.DRAFT: size,
            Inquiry.Status.IN_PROGRESS: size // 2,
            Inquiry.Status.RECEIVED: 0,
        }[inquiry.status]
        numbers = _question_numbers(rng, size)
        for position, (number, kind) in enumerate(
            zip(numbers, kinds, strict=True), start=1
        ):
            goal = rng.choice(goals)
            text, answer = _question(
                rng,
                kind,
                year=inquiry.submitted_on.year,
                theme=theme,
                topic=topic_title,
                district=district,
                districts=concept.districts,
                goal=goal,
                orgs=rng.sample(
                    concept.organisations, min(3, len(concept.organisations))
                ),
            )
            question = Question(
                inquiry=inquiry,
                position=position,
                number=number,
                text=text,
                answer=answer if position <= answered_count else "",
            )
            questions.append(question)
            if kind == "goal" or rng.random() < 0.15:
                goal_links.append((question, goal))
            if rng.random() < 0.4:
                field_links.append((question, fld))
    _bulk_create(Question, questions, label="Fragen", progress=progress)
    _bulk_create(
        Question.goals.through,
        [Question.goals.through(question_id=q.pk, goal_id=g.pk) for q, g in goal_links],
        label=None,
        progress=progress,
    )
    _bulk_create(
        Question.fields_of_action.through,
        [
            Question.fields_of_action.through(question_id=q.pk, fieldofaction_id=f.pk)
            for q, f in field_links
        ],
        label=None,
        progress=progress,
    )
    return inquiries


# --------------------------------------------------------------------------
# Monitoring


STAGES = (
    GoalStatus.Status.NOT_STARTED,
    GoalStatus.Status.PLANNED,
    GoalStatus.Status.IN_PROGRESS,
    GoalStatus.Status.ACHIEVED,
    GoalStatus.Status.ESTABLISHED,
)
NARRATIVES = {
    GoalStatus.Status.NOT_STARTED: (
        "Zuständigkeiten und Mittel sind noch nicht geklärt.",
        "Die Umsetzung soll nach Abschluss der Haushaltsberatungen beginnen.",
    ),
    GoalStatus.Status.PLANNED: (
        "Ein Konzept liegt vor und wurde in der AG Integration abgestimmt.",
        "Die Mittel sind im Haushalt {next} eingeplant.",
    ),
    GoalStatus.Status.IN_PROGRESS: (
        "Die Angebote wurden {year} fortgeführt und in {n} Stadtteilen ausgebaut.",
        "Im Jahr {year} haben {n}0 Personen an den Angeboten teilgenommen.",
        "Die Zusammenarbeit mit den Trägern wurde **verstetigt**.",
    ),
    GoalStatus.Status.ACHIEVED: (
        "Das Ziel ist erreicht; die Indikatoren belegen es.",
        "Die Zielwerte wurden {year} erstmals erreicht.",
    ),
    GoalStatus.Status.ESTABLISHED: (
        "Das Angebot ist als Regelangebot im Haushalt abgesichert.",
        "Die Struktur arbeitet seit {n} Jahren dauerhaft.",
    ),
    GoalStatus.Status.DEFERRED: (
        "Die Umsetzung ruht, weil die Mittel {year} nicht bereitgestellt wurden.",
    ),
    GoalStatus.Status.DROPPED: (
        "Das Ziel wird nicht weiter verfolgt; es ist in einem anderen Ziel "
        "aufgegangen.",
    ),
}
PROGRESS = {
    GoalStatus.Status.NOT_STARTED: (0, 0),
    GoalStatus.Status.PLANNED: (5, 15),
    GoalStatus.Status.IN_PROGRESS: (20, 90),
    GoalStatus.Status.ACHIEVED: (100, 100),
    GoalStatus.Status.ESTABLISHED: (100, 100),
}


def _review(rng: random.Random, year: int) -> str:
    Review = GoalStatus.Review
    roll = rng.random()
    if year == LAST_YEAR:
        choices = (
            (0.6, Review.APPROVED),
            (0.8, Review.SUBMITTED),
            (0.95, Review.DRAFT),
        )
    else:
        choices = ((0.95, Review.APPROVED), (0.98, Review.SUBMITTED))
    for limit, review in choices:
        if roll < limit:
            return review
    return Review.RETURNED


def _synthesize_goal_statuses(rng, concept: ConceptData, inquiries, progress):
    inquiries_by_year: dict[int, list[Inquiry]] = {}
    for inquiry in inquiries:
        inquiries_by_year.setdefault(inquiry.submitted_on.year, []).append(inquiry)
    statuses, evidence = [], []
    for goal in concept.goals:
        stage, paused, dropped = 0, 0, False
        reporter = concept.organisations_by_goal[goal.pk][0]
        for year in YEARS:
            if dropped:
                status = GoalStatus.Status.DROPPED
            elif paused:
                paused -= 1
                status = GoalStatus.Status.DEFERRED
            else:
                roll = rng.random()
                if roll < 0.004 and stage >= 1:
                    dropped = True
                    status = GoalStatus.Status.DROPPED
                elif roll < 0.04 and stage >= 1:
                    paused = rng.randint(0, 2)
                    status = GoalStatus.Status.DEFERRED
                else:
                    if roll > 0.85 and stage < len(STAGES) - 1:
                        stage += 1
                    status = STAGES[stage]
            low, high = PROGRESS.get(status, (None, None))
            review = _review(rng, year)
            narrative = rng.choice(NARRATIVES[status]).format(
                year=year, next=year + 1, n=rng.randint(2, 9)
            )
            approved_at = None
            if review == GoalStatus.Review.APPROVED:
                approved_at = datetime.datetime(
                    year + 1, rng.randint(3, 7), rng.randint(1, 28), 10, tzinfo=UTC
                )
            item = GoalStatus(
                goal=goal,
                year=year,
                status=status,
                progress=None if low is None else rng.randint(low, high),
                narrative=narrative,
                evidence=(
                    f"Jahresbericht {reporter.name} {year}"
                    if rng.random() < 0.5
                    else ""
                ),
                reporting_organisation=reporter,
                review=review,
                review_comment=(
                    "Bitte die Teilnehmendenzahlen ergänzen."
                    if review == GoalStatus.Review.RETURNED
                    else ""
                ),
                approved_at=approved_at,
            )
            statuses.append(item)
            if approved_at and inquiries_by_year.get(year) and rng.random() < 0.05:
                evidence.append((item, rng.choice(inquiries_by_year[year])))
    _bulk_create(GoalStatus, statuses, label="Umsetzungsstände", progress=progress)
    through = GoalStatus.evidence_inquiries.through
    _bulk_create(
        through,
        [through(goalstatus_id=s.pk, inquiry_id=i.pk) for s, i in evidence],
        label=None,
        progress=progress,
    )


def _synthesize_metrics(rng, scale, concept: ConceptData, districts, progress):
    plan = planned_counts(scale=scale)
    per_metric = len(YEARS) * (1 + len(districts)) + 2 * len(GENDER_YEARS)
    count = math.ceil(plan["observations"] / per_metric)
    themes = list(METRIC_THEMES)
    used: dict[str, int] = {}
    metrics, specs = [], []
    for index in range(count):
        name, unit, percent, direction, field_index, low, high = themes[
            index % len(themes)
        ]
        name += METRIC_GROUPS[(index // len(themes)) % len(METRIC_GROUPS)]
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:
            name += f" ({used[name]}. Reihe)"
        fields = [
            f for f in concept.fields_with_goals() if f.number == field_index + 1
        ] or concept.fields_with_goals()
        fld = rng.choice(fields)
        start = rng.uniform(low, high)
        end = rng.uniform(low, high)
        target = None
        if rng.random() < 0.3:
            target = Decimal(f"{end * rng.uniform(0.9, 1.2):.{1 if percent else 0}f}")
        metric = Metric(
            key=f"{SLUG_PREFIX}{index + 1:04d}-{slugify(name)}"[:80].rstrip("-"),
            name=name,
            unit=unit,
            definition=(
                f"{name}, je Jahr für die gesamte Stadt und die Stadtteile, seit "
                f"{GENDER_YEARS[0]} zusätzlich nach Geschlecht."
            ),
            source=SOURCE,
            direction=direction,
            target_value=min(target, Decimal(100)) if percent and target else target,
            target_year=2030 if target is not None else None,
            disclosure_threshold=5 if not percent and rng.random() < 0.3 else None,
        )
        metrics.append(metric)
        specs.append((metric, fld, percent, start, end))
    _bulk_create(Metric, metrics, label="Kennzahlen", progress=progress)

    goal_links, field_links, indicator_links = [], [], []
    for metric, fld, *_ in specs:
        field_links.append(
            Metric.fields_of_action.through(
                metric_id=metric.pk, fieldofaction_id=fld.pk
            )
        )
        goals = concept.goals_by_field[fld.pk]
        for goal in rng.sample(goals, min(len(goals), rng.randint(1, 2))):
            goal_links.append(
                Metric.goals.through(metric_id=metric.pk, goal_id=goal.pk)
            )
            indicator = rng.choice(concept.indicators_by_goal[goal.pk])
            indicator_links.append(
                Metric.indicators.through(
                    metric_id=metric.pk, indicator_id=indicator.pk
                )
            )
    for links in (field_links, goal_links, indicator_links):
        _bulk_create(type(links[0]), links, label=None, progress=progress)

    observations = []
    for metric, _fld, percent, start, end in specs:
        weights = [rng.uniform(0.3, 2.0) for _ in districts]
        total_weight = sum(weights)
        stichtag = rng.random() < 0.5
        for step, year in enumerate(YEARS):
            value = (start + (end - start) * step / (len(YEARS) - 1)) * rng.uniform(
                0.95, 1.05
            )
            rows = [(value, {"qualifier": "rund" if rng.random() < 0.02 else ""})]
            for district, weight in zip(districts, weights, strict=True):
                share = weight / total_weight
                if percent:
                    amount = value * share * len(districts) * rng.uniform(0.8, 1.2)
                else:
                    amount = value * share * rng.uniform(0.9, 1.1)
                rows.append((amount, {"district": district}))
            if year in GENDER_YEARS:
                if percent:
                    women = value * rng.uniform(0.85, 1.15)
                    men = value * rng.uniform(0.85, 1.15)
                else:
                    women = value * rng.uniform(0.42, 0.58)
                    men = value - women
                rows += [(women, {"gender": "weiblich"}), (men, {"gender": "männlich"})]
            date = datetime.date(year, 12, 31) if stichtag else None
            for amount, extra in rows:
                observations.append(
                    Observation(
                        metric=metric,
                        year=year,
                        date=date,
                        value=(
                            Decimal(f"{min(amount, 100.0):.1f}")
                            if percent
                            else Decimal(round(amount))
                        ),
                        **extra,
                    )
                )
    observations = observations[: plan["observations"]]
    _bulk_create(Observation, observations, label="Messwerte", progress=progress)


def synthesize_monitoring(
    rng: random.Random,
    scale: int,
    progress: Progress = _no_progress,
    *,
    concept: ConceptData,
    inquiries: list[Inquiry],
    districts: list[District],
) -> None:
    """20 yearly statuses per generated goal, 2·``scale`` metrics and
    1,000·``scale`` observations for the city and its Stadtteile."""
    _synthesize_goal_statuses(rng, concept, inquiries, progress)
    _synthesize_metrics(rng, scale, concept, districts, progress)


# --------------------------------------------------------------------------
# Runder Tisch


FEEDBACK_TEXTS = {
    Feedback.Kind.RECOMMENDATION: (
        "Ausbau von {offer} in {district}",
        "Die Unter-Arbeitsgruppe „{field}“ empfiehlt, bei {offer} verbindliche "
        "Qualitätsstandards festzulegen und jährlich über die Ergebnisse zu "
        "berichten.",
    ),
    Feedback.Kind.SUGGESTION: (
        "Anregung zu {offer} im Stadtteil {district}",
        "Angeregt wird, das Angebot an {offer} im Stadtteil {district} "
        "auszubauen und besser mit dem Stadtteilzentrum abzustimmen.",
    ),
    Feedback.Kind.CRITICISM: (
        "Kritik an Wartezeiten bei {offer}",
        "Kritisiert werden lange Wartezeiten bei {offer} und fehlende "
        "Kinderbetreuung während der Angebote.",
    ),
    Feedback.Kind.QUESTION: (
        "Frage zur Finanzierung von {offer}",
        "Gefragt wird, wie die Finanzierung von {offer} ab {next} gesichert wird.",
    ),
}
JUSTIFICATIONS = (
    "Die Empfehlung wurde geprüft; die erforderlichen Mittel stehen im Haushalt "
    "{next} nicht zur Verfügung.",
    "Das Anliegen wird bereits durch ein bestehendes Angebot abgedeckt.",
    "Die Zuständigkeit liegt beim Land Hessen; der Magistrat hat die Anregung "
    "weitergeleitet.",
)
FOLLOW_UPS = (
    "Die Anregung wurde in der städtischen AG Integration vorgestellt und beraten.",
    "Das zuständige Fachamt hat die Anregung aufgegriffen und ein Konzept erarbeitet.",
    "Aufnahme in die Fortschreibung des Integrationskonzepts.",
    "Rückmeldung an die einreichende Organisation versandt.",
    "Bericht im Ausschuss über den Stand der Umsetzung.",
    "Die Maßnahme „{measure}“ wurde um ein Angebot im Stadtteil {district} erweitert.",
)
FOLLOW_UP_COUNTS = {
    Feedback.Disposition.RECEIVED: (0, 0),
    Feedback.Disposition.REVIEWED: (0, 1),
    Feedback.Disposition.ADOPTED: (1, 2),
    Feedback.Disposition.IN_PROGRESS: (1, 3),
    Feedback.Disposition.DONE: (2, 4),
    Feedback.Disposition.NOT_ADOPTED: (0, 1),
}
EVENT_KINDS = (
    Event.Kind.ROUND_TABLE,
    Event.Kind.LOCAL,
    Event.Kind.ROUND_TABLE,
    Event.Kind.WORKING_CIRCLE,
    Event.Kind.LOCAL,
    Event.Kind.PRESENTATION,
    Event.Kind.ROUND_TABLE,
    Event.Kind.KICK_OFF,
)
MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
    "September", "Oktober", "November", "Dezember",
)  # fmt: skip


def _synthesize_events(rng, scale, concept: ConceptData, progress) -> list[Event]:
    count = planned_counts(scale=scale)["events"]
    days = sorted(
        _day(rng, datetime.date(FIRST_YEAR, 1, 15), datetime.date(LAST_YEAR, 11, 30))
        for _ in range(count)
    )
    events = []
    for index, day in enumerate(days):
        kind = EVENT_KINDS[index % len(EVENT_KINDS)]
        district = rng.choice(concept.districts)
        theme = rng.choice(THEMES)
        title = {
            Event.Kind.ROUND_TABLE: f"Runder Tisch Integration {day.year}",
            Event.Kind.LOCAL: f"Lokaltermin {district}",
            Event.Kind.WORKING_CIRCLE: f"Arbeitskreis „{theme.title}“",
            Event.Kind.PRESENTATION: (
                f"Vorstellung des Integrationskonzepts im Ortsbeirat {district}"
            ),
            Event.Kind.KICK_OFF: (
                f"Auftaktveranstaltung zur Fortschreibung {day.year}"
            ),
        }[kind]
        # Every 20th event was postponed, every 20th (offset) cancelled.
        state = {9: Event.State.CANCELLED, 19: Event.State.POSTPONED}.get(
            index % 20, Event.State.HELD
        )
        editions = [c for c in concept.concepts if c.stand_date <= day]
        documents_lead = rng.randint(3, 28)
        later = day + datetime.timedelta(days=rng.randint(60, 150))
        events.append(
            Event(
                slug=f"{SLUG_PREFIX}{index + 1:04d}-{slugify(kind.label)}"[:120],
                kind=kind,
                title=title,
                date=day,
                date_note=(
                    f"verschoben auf {MONTHS[later.month - 1]} {later.year}"
                    if state == Event.State.POSTPONED
                    else ""
                ),
                state=state,
                venue=rng.choice(EVENT_VENUES).format(district=district),
                participants=(
                    rng.randint(12, 150) if state == Event.State.HELD else None
                ),
                participants_approximate=rng.random() < 0.3,
                invitation_sent_on=day - datetime.timedelta(days=rng.randint(35, 56)),
                registration_deadline=day - datetime.timedelta(days=rng.randint(3, 14)),
                documents_sent_on=day - datetime.timedelta(days=documents_lead),
                concept=editions[-1] if editions else None,
                description=(
                    f"Austausch von Verwaltung, Trägern und Migrantenorganisationen "
                    f"zum Handlungsfeld „{theme.title}“."
                ),
                source=SOURCE,
            )
        )
    return _bulk_create(Event, events, label="Veranstaltungen", progress=progress)


def synthesize_roundtable(
    rng: random.Random,
    scale: int,
    progress: Progress = _no_progress,
    *,
    concept: ConceptData,
) -> None:
    """``scale`` events, 50·``scale`` feedback items (most approved and
    public) and their follow-ups."""
    events = _synthesize_events(rng, scale, concept, progress)
    held = [e for e in events if e.state == Event.State.HELD]
    fields = concept.fields_with_goals()
    count = planned_counts(scale=scale)["feedback"]
    Moderation, Disposition = Feedback.Moderation, Feedback.Disposition
    items, specs = [], []
    for _ in range(count):
        event = rng.choice(held) if held and rng.random() < 0.9 else None
        received = (
            event.date
            if event
            else _day(
                rng, datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 1)
            )
        )
        fld = rng.choice(fields)
        theme = concept.theme_by_field[fld.pk]
        kind = rng.choices(list(FEEDBACK_TEXTS), weights=(35, 35, 15, 15))[0]
        title, text = FEEDBACK_TEXTS[kind]
        values = {
            "offer": rng.choice(theme.offers),
            "district": rng.choice(concept.districts),
            "field": theme.title,
            "next": received.year + 1,
        }
        roll = rng.random()
        moderation = (
            Moderation.APPROVED
            if roll < 0.85
            else Moderation.PENDING
            if roll < 0.95
            else Moderation.REJECTED
        )
        is_public = moderation == Moderation.APPROVED and rng.random() < 0.95
        disposition = (
            rng.choices(list(FOLLOW_UP_COUNTS), weights=(10, 20, 20, 20, 20, 10))[0]
            if moderation == Moderation.APPROVED
            else Disposition.RECEIVED
        )
        organisation = rng.choice(concept.organisations) if rng.random() < 0.7 else None
        online = event is None
        item = Feedback(
            kind=kind,
            title=title.format(**values)[:200],
            text=text.format(**values),
            source_organisation=organisation,
            source_name="" if organisation else "Einzelperson (online)",
            event=event,
            received_on=received,
            moderation=moderation,
            is_public=is_public,
            disposition=disposition,
            justification=(
                rng.choice(JUSTIFICATIONS).format(**values)
                if disposition == Disposition.NOT_ADOPTED
                else ""
            ),
            submitter_name=rng.choice(CONTACTS) if online else "",
            submitter_email=(
                f"rueckmeldung{rng.randint(100, 999)}@example.org" if online else ""
            ),
            reply_wanted=online and rng.random() < 0.5,
            source=SOURCE,
        )
        items.append(item)
        specs.append((item, fld))
    _bulk_create(Feedback, items, label="Rückmeldungen", progress=progress)

    field_links, goal_links, follow_ups = [], [], []
    for item, fld in specs:
        field_links.append(
            Feedback.fields_of_action.through(
                feedback_id=item.pk, fieldofaction_id=fld.pk
            )
        )
        if rng.random() < 0.3:
            goal = rng.choice(concept.goals_by_field[fld.pk])
            goal_links.append(
                Feedback.goals.through(feedback_id=item.pk, goal_id=goal.pk)
            )
        low, high = FOLLOW_UP_COUNTS[item.disposition]
        day = item.received_on
        for _ in range(rng.randint(low, high)):
            day = day + datetime.timedelta(days=rng.randint(14, 180))
            measure = rng.choice(concept.measures) if rng.random() < 0.3 else None
            template = FOLLOW_UPS[-1] if measure else rng.choice(FOLLOW_UPS[:-1])
            follow_ups.append(
                FollowUp(
                    feedback=item,
                    date=day,
                    text=template.format(
                        measure=measure.title if measure else "",
                        district=rng.choice(concept.districts),
                    ),
                    organisation=rng.choice(concept.administrative_units),
                    measure=measure,
                )
            )
    _bulk_create(type(field_links[0]), field_links, label=None, progress=progress)
    if goal_links:
        _bulk_create(type(goal_links[0]), goal_links, label=None, progress=progress)
    _bulk_create(FollowUp, follow_ups, label="Weiterverfolgungen", progress=progress)


# --------------------------------------------------------------------------
# Removing


def _through_models(model: type[Model]):
    """The many-to-many tables that refer to ``model`` (auto-created or link
    models such as GoalResponsibility), with the name of their column pointing
    to it."""
    for relation in model._meta.get_fields(include_hidden=True):
        if not relation.many_to_many:
            continue
        through = getattr(relation, "through", None) or relation.remote_field.through
        for column in through._meta.fields:
            if column.is_relation and column.related_model is model:
                yield through, column.name


def _delete(model: type[Model], queryset: QuerySet) -> None:
    """Delete ``queryset`` and its many-to-many rows in plain SQL.

    ``QuerySet.delete()`` would load every row and write a history record for
    each (simple-history listens to deletions); the generated rows never had
    history, and children are deleted first by the caller.
    """
    ids = queryset.values("pk")
    for through, column in _through_models(model):
        links = through.objects.filter(**{f"{column}__in": ids})
        links._raw_delete(links.db)
    queryset._raw_delete(queryset.db)


def synthetic_data_delete(progress: Progress = _no_progress) -> None:
    """Remove every generated row, children first, and the catalogue rows
    (Fraktionen, Ausschüsse, Personen) that nothing references any more."""
    prefix = {"slug__startswith": SLUG_PREFIX}
    concepts = Concept.objects.filter(**prefix)
    inquiries = Inquiry.objects.filter(reference_number__startswith=REFERENCE_PREFIX)
    feedback = Feedback.objects.filter(source=SOURCE)
    events = Event.objects.filter(**prefix)
    metrics = Metric.objects.filter(key__startswith=SLUG_PREFIX)
    steps = [
        (FollowUp, FollowUp.objects.filter(feedback__in=feedback)),
        (Feedback, feedback),
        (WorkingGroup, WorkingGroup.objects.filter(event__in=events)),
        (Event, events),
        (GoalStatus, GoalStatus.objects.filter(goal__concept__in=concepts)),
        (Observation, Observation.objects.filter(metric__in=metrics)),
        (Metric, metrics),
        (Question, Question.objects.filter(inquiry__in=inquiries)),
        (Attachment, Attachment.objects.filter(inquiry__in=inquiries)),
        (Inquiry, inquiries),
        (Measure, Measure.objects.filter(source=SOURCE)),
        (Indicator, Indicator.objects.filter(goal__concept__in=concepts)),
        (Goal, Goal.objects.filter(concept__in=concepts)),
        (Topic, Topic.objects.filter(field__concept__in=concepts)),
        (MainGoal, MainGoal.objects.filter(field__concept__in=concepts)),
        (FieldOfAction, FieldOfAction.objects.filter(concept__in=concepts)),
        (Guideline, Guideline.objects.filter(concept__in=concepts)),
        (Concept, concepts),
        (Organisation, Organisation.objects.filter(**prefix)),
        (
            Person,
            Person.objects.filter(
                name__in=[
                    name for *_f, people in FACTIONS.values() for name, _r in people
                ]
                + [name for name, _role in MAGISTRATE],
                signed_inquiries=None,
                signed_answers=None,
            ),
        ),
        (
            Faction,
            Faction.objects.filter(
                name__in=list(FACTIONS), inquiries=None, members=None
            ),
        ),
        (
            Committee,
            Committee.objects.filter(
                name__in=[name for name, *_ in INTEGRATION_COMMITTEES]
                + list(FIELD_COMMITTEES),
                inquiries=None,
            ),
        ),
    ]
    for done, (model, queryset) in enumerate(steps, start=1):
        _delete(model, queryset)
        progress("Vorhandene synthetische Daten löschen", done, len(steps))
    search_index_rebuild()  # raw deletes leave no trace in the search index
    data_changed()


# --------------------------------------------------------------------------
# Entry point


def _rng(seed: int, part: str) -> random.Random:
    """One generator per app, so that changing one app leaves the others' data
    alone (string seeds are hashed with SHA-512: stable across runs)."""
    return random.Random(f"{seed}/{part}")


def synthesize(
    *,
    scale: int,
    seed: int = DEFAULT_SEED,
    replace: bool = False,
    force: bool = False,
    progress: Progress = _no_progress,
) -> dict[str, int]:
    """Generate the synthetic data in one transaction; return the counts.
    Refuses a database with real records unless ``force``."""
    if scale < 1:
        raise SynthesisError("Die Größe (--scale) muss mindestens 1 sein.")
    with transaction.atomic():
        if not force and (real := real_record_counts()):
            raise RealDataPresent(_real_data_message(real))
        if synthetic_data_exists():
            if not replace:
                raise SyntheticDataExists(EXISTING_MESSAGE)
            synthetic_data_delete(progress=progress)
        districts = list(District.objects.order_by("number"))
        if not districts:
            raise SynthesisError(
                "Es sind keine Stadtteile erfasst. Bitte zuerst die Stammdaten "
                "laden (manage.py load_seed) und die Testdaten dann mit --force "
                "darauf erzeugen."
            )
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
        synthesize_roundtable(
            _rng(seed, "roundtable"), scale, progress, concept=concept
        )
        progress("Suchindex aufbauen", 0, 1)
        search_index_rebuild()  # bulk writes send no signals
        progress("Suchindex aufbauen", 1, 1)
        data_changed()  # likewise: no cached page stays
    _update_statistics(progress)
    return synthetic_counts()


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
