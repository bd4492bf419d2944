"""Which rows are generated: counting them, telling them from real records,
and removing them."""

from django.apps import apps
from django.db.models import Model, QuerySet

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
from kassel_integration.freshness import CONTENT_APPS, data_changed
from kassel_integration.search import rebuild as search_index_rebuild
from monitoring.models import District, GoalStatus, Metric, Observation
from roundtable.models import Event, Feedback, FollowUp, WorkingGroup

from .common import REFERENCE_PREFIX, SLUG_PREFIX, SOURCE, Progress, no_progress
from .vocabulary import FACTIONS, FIELD_COMMITTEES, INTEGRATION_COMMITTEES, MAGISTRATE

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
    for label in sorted(CONTENT_APPS):
        for model in apps.get_app_config(label).get_models():
            if model in SHARED_MODELS or issubclass(model, HistoricalChanges):
                continue
            rows = model._base_manager.all()
            if model in generated:
                rows = rows.exclude(pk__in=generated[model].values("pk"))
            if count := rows.count():
                counts[model] = count
    return counts


def real_data_message(counts: dict[type[Model], int]) -> str:
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


def synthetic_data_delete(progress: Progress = no_progress) -> None:
    """Remove every generated row, children first, and the catalogue rows
    (Fraktionen, Ausschüsse, Personen) that nothing references any more."""
    steps = _generated_rows() + _unused_catalogue_rows()
    for done, (model, queryset) in enumerate(steps, start=1):
        _delete(model, queryset)
        progress("Vorhandene synthetische Daten löschen", done, len(steps))
    search_index_rebuild()  # raw deletes leave no trace in the search index
    data_changed()


def _generated_rows() -> list[tuple[type[Model], QuerySet]]:
    """The generated rows of each model, children before their parents."""
    prefix = {"slug__startswith": SLUG_PREFIX}
    concepts = Concept.objects.filter(**prefix)
    inquiries = Inquiry.objects.filter(reference_number__startswith=REFERENCE_PREFIX)
    feedback = Feedback.objects.filter(source=SOURCE)
    events = Event.objects.filter(**prefix)
    metrics = Metric.objects.filter(key__startswith=SLUG_PREFIX)
    return [
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
    ]


def _unused_catalogue_rows() -> list[tuple[type[Model], QuerySet]]:
    """The catalogue's Personen, Fraktionen and Ausschüsse nothing refers to."""
    people = [name for *_f, members in FACTIONS.values() for name, _r in members]
    people += [name for name, _role in MAGISTRATE]
    committees = [name for name, *_ in INTEGRATION_COMMITTEES]
    committees += list(FIELD_COMMITTEES)
    return [
        (
            Person,
            Person.objects.filter(
                name__in=people, signed_inquiries=None, signed_answers=None
            ),
        ),
        (
            Faction,
            Faction.objects.filter(
                name__in=list(FACTIONS), inquiries=None, members=None
            ),
        ),
        (Committee, Committee.objects.filter(name__in=committees, inquiries=None)),
    ]
