"""Generated concept editions: organisations, editions with guidelines,
Handlungsfelder, Hauptziele, Teilbereiche, goals, indicators, responsible
units and measures."""

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify

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

from .common import (
    BATCH_SIZE,
    FIRST_YEAR,
    SLUG_PREFIX,
    SOURCE,
    YEARS,
    Progress,
    bulk_create,
    german_number,
    no_progress,
    planned_counts,
    split_evenly,
)
from .vocabulary import (
    FUNDING,
    GOAL_SUFFIXES,
    GUIDELINES,
    INDICATORS,
    MEASURE_TITLES,
    ORGANISATION_PATTERNS,
    THEMES,
    FieldTheme,
)

# Units that can be responsible for goals and answer inquiries.
ADMINISTRATIVE_KINDS = (
    Organisation.Kind.AMT,
    Organisation.Kind.STAFF_UNIT,
    Organisation.Kind.DEPARTMENT,
    Organisation.Kind.MUNICIPAL_BODY,
    Organisation.Kind.PUBLIC_BODY,
)


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

    def fields_by_concept(self) -> list[list[FieldOfAction]]:
        """The fields of each edition, in the order of ``concepts``."""
        return [self.fields[i : i + len(THEMES)] for i in range(0, len(self.fields), 6)]


def synthesize_concept(
    rng: random.Random,
    scale: int,
    progress: Progress = no_progress,
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
    _synthesize_editions(rng, data, plan["concepts"], progress)
    _synthesize_guidelines_and_fields(rng, data)
    goal_specs = _synthesize_topics(
        rng, data, split_evenly(plan["goals"], plan["concepts"])
    )
    _synthesize_goals(rng, data, goal_specs, progress)
    _synthesize_indicators_and_units(rng, data, progress)
    _synthesize_measures(rng, data, progress)
    return data


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


def _synthesize_editions(rng, data: ConceptData, count: int, progress) -> None:
    for index in range(count):
        year = FIRST_YEAR + index * len(YEARS) // count
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
    bulk_create(Concept, data.concepts, label="Fassungen", progress=progress)


def _synthesize_guidelines_and_fields(rng, data: ConceptData) -> None:
    guidelines = []
    for concept in data.concepts:
        for number, text in enumerate(rng.sample(GUIDELINES, 8), start=1):
            guidelines.append(Guideline(concept=concept, number=number, text=text))
        for number, theme in enumerate(THEMES, start=1):
            data.fields.append(
                FieldOfAction(concept=concept, number=number, title=theme.title)
            )
    Guideline.objects.bulk_create(guidelines, batch_size=BATCH_SIZE)
    FieldOfAction.objects.bulk_create(data.fields, batch_size=BATCH_SIZE)


def _synthesize_topics(rng, data: ConceptData, goals_per_edition: list[int]):
    """Main goals and topics of every field; returns what each goal will be:
    (concept, field, topic, number)."""
    main_goals, topics, goal_specs = [], [], []
    for concept, concept_fields, goal_total in zip(
        data.concepts, data.fields_by_concept(), goals_per_edition, strict=True
    ):
        for fld, theme, goal_count in zip(
            concept_fields, THEMES, split_evenly(goal_total, len(THEMES)), strict=True
        ):
            data.theme_by_field[fld.pk] = theme
            chosen = rng.sample(theme.main_goals, rng.randint(1, len(theme.main_goals)))
            for position, text in enumerate(chosen, start=1):
                main_goals.append(MainGoal(field=fld, position=position, text=text))
            for topic, topic_goals in _field_topics(fld, theme, goal_count):
                topics.append(topic)
                goal_specs.extend(
                    (concept, fld, topic, n) for n in range(1, topic_goals + 1)
                )
    MainGoal.objects.bulk_create(main_goals, batch_size=BATCH_SIZE)
    Topic.objects.bulk_create(topics, batch_size=BATCH_SIZE)
    return goal_specs


def _field_topics(fld, theme: FieldTheme, goal_count: int) -> list[tuple[Topic, int]]:
    """The topics of a field with ``goal_count`` goals (about five per topic),
    each with its number of goals."""
    if goal_count == 0:
        return []
    topics = []
    topic_count = math.ceil(goal_count / 5)
    for topic_number, topic_goals in enumerate(
        split_evenly(goal_count, topic_count), start=1
    ):
        title = theme.topics[(topic_number - 1) % len(theme.topics)]
        topic = Topic(
            field=fld,
            number=topic_number,
            code=f"{fld.number}.{topic_number}",
            title=title,
        )
        topics.append((topic, topic_goals))
    return topics


def _synthesize_goals(rng, data: ConceptData, goal_specs, progress) -> None:
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
    bulk_create(Goal, data.goals, label="Ziele", progress=progress)


def _synthesize_indicators_and_units(rng, data: ConceptData, progress) -> None:
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
    bulk_create(Indicator, indicators, label="Indikatoren", progress=progress)
    bulk_create(through, responsibilities, label=None, progress=progress)


def _synthesize_measures(rng, data: ConceptData, progress) -> None:
    links = []
    for concept, concept_fields in zip(
        data.concepts, data.fields_by_concept(), strict=True
    ):
        goals = [g for f in concept_fields for g in data.goals_by_field.get(f.pk, [])]
        for _ in range(max(1, len(goals) // 4)):
            measure, served = _measure(rng, data, concept, goals)
            links.append((measure, served))
            data.measures.append(measure)
    bulk_create(Measure, data.measures, label="Maßnahmen", progress=progress)
    _synthesize_measure_links(rng, data, links, progress)


def _measure(rng, data: ConceptData, concept: Concept, goals: list[Goal]):
    """One measure for a random goal of ``concept``, and the goals it serves."""
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
        funding=f"{german_number(amount)} € jährlich, {rng.choice(FUNDING)}",
        funding_amount=Decimal(amount),
        source=SOURCE,
    )
    served = {goal.pk: goal}
    for other in rng.sample(goals, min(len(goals), rng.randint(0, 2))):
        served.setdefault(other.pk, other)
    return measure, list(served.values())


def _synthesize_measure_links(rng, data: ConceptData, links, progress) -> None:
    """The goals, the field (of the measure's first goal) and the providers."""
    measure_goals, measure_fields, providers = [], [], []
    for measure, goals in links:
        measure_goals.extend(
            Measure.goals.through(measure_id=measure.pk, goal_id=g.pk) for g in goals
        )
        measure_fields.append(
            Measure.fields_of_action.through(
                measure_id=measure.pk, fieldofaction_id=goals[0].field_id_cache
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
            bulk_create(
                type(model_objects[0]), model_objects, label=None, progress=progress
            )
