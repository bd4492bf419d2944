"""Generated monitoring: twenty yearly statuses per generated goal, metrics
and their values for the city, the Stadtteile and by gender."""

import datetime
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify

from inquiries.models import Inquiry
from monitoring.models import District, GoalStatus, Metric, Observation

from .common import (
    GENDER_YEARS,
    LAST_YEAR,
    SLUG_PREFIX,
    SOURCE,
    UTC,
    YEARS,
    Progress,
    bulk_create,
    no_progress,
    planned_counts,
)
from .concept import ConceptData
from .vocabulary import METRIC_GROUPS, METRIC_THEMES, NARRATIVES

STAGES = (
    GoalStatus.Status.NOT_STARTED,
    GoalStatus.Status.PLANNED,
    GoalStatus.Status.IN_PROGRESS,
    GoalStatus.Status.ACHIEVED,
    GoalStatus.Status.ESTABLISHED,
)
PROGRESS = {
    GoalStatus.Status.NOT_STARTED: (0, 0),
    GoalStatus.Status.PLANNED: (5, 15),
    GoalStatus.Status.IN_PROGRESS: (20, 90),
    GoalStatus.Status.ACHIEVED: (100, 100),
    GoalStatus.Status.ESTABLISHED: (100, 100),
}


def synthesize_monitoring(
    rng: random.Random,
    scale: int,
    progress: Progress = no_progress,
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
# Statuses


@dataclass
class Course:
    """Where a goal stands: its stage in ``STAGES``, the years it is still
    deferred, and whether it was dropped."""

    stage: int = 0
    paused: int = 0
    dropped: bool = False

    def next_status(self, rng: random.Random) -> str:
        """The status of the next year: mostly the same stage, sometimes one
        further; rarely deferred for up to three years or dropped for good."""
        if self.dropped:
            return GoalStatus.Status.DROPPED
        if self.paused:
            self.paused -= 1
            return GoalStatus.Status.DEFERRED
        roll = rng.random()
        if roll < 0.004 and self.stage >= 1:
            self.dropped = True
            return GoalStatus.Status.DROPPED
        if roll < 0.04 and self.stage >= 1:
            self.paused = rng.randint(0, 2)
            return GoalStatus.Status.DEFERRED
        if roll > 0.85 and self.stage < len(STAGES) - 1:
            self.stage += 1
        return STAGES[self.stage]


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
        course = Course()
        reporter = concept.organisations_by_goal[goal.pk][0]
        for year in YEARS:
            item = _goal_status(rng, goal, year, course.next_status(rng), reporter)
            statuses.append(item)
            if item.approved_at and inquiries_by_year.get(year) and rng.random() < 0.05:
                evidence.append((item, rng.choice(inquiries_by_year[year])))
    bulk_create(GoalStatus, statuses, label="Umsetzungsstände", progress=progress)
    through = GoalStatus.evidence_inquiries.through
    bulk_create(
        through,
        [through(goalstatus_id=s.pk, inquiry_id=i.pk) for s, i in evidence],
        label=None,
        progress=progress,
    )


def _goal_status(rng, goal, year: int, status: str, reporter) -> GoalStatus:
    """The status report of ``goal`` for ``year`` (not saved)."""
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
    return GoalStatus(
        goal=goal,
        year=year,
        status=status,
        progress=None if low is None else rng.randint(low, high),
        narrative=narrative,
        evidence=(
            f"Jahresbericht {reporter.name} {year}" if rng.random() < 0.5 else ""
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


# --------------------------------------------------------------------------
# Metrics and values


@dataclass(frozen=True)
class Series:
    """A generated metric and the course of its values."""

    metric: Metric
    field_id: int
    percent: bool
    start: float
    end: float


def _synthesize_metrics(rng, scale, concept: ConceptData, districts, progress):
    plan = planned_counts(scale=scale)
    per_metric = len(YEARS) * (1 + len(districts)) + 2 * len(GENDER_YEARS)
    count = math.ceil(plan["observations"] / per_metric)
    used: dict[str, int] = {}
    series = [_series(rng, index, concept, used) for index in range(count)]
    bulk_create(
        Metric, [s.metric for s in series], label="Kennzahlen", progress=progress
    )
    _synthesize_metric_links(rng, concept, series, progress)
    observations = [
        observation
        for one in series
        for observation in _observations(rng, one, districts)
    ]
    observations = observations[: plan["observations"]]
    bulk_create(Observation, observations, label="Messwerte", progress=progress)


def _series(rng, index: int, concept: ConceptData, used: dict[str, int]) -> Series:
    """Metric number ``index``: the themes in turn, then again for each
    group; a name that comes round again is numbered."""
    name, unit, percent, direction, field_index, low, high = METRIC_THEMES[
        index % len(METRIC_THEMES)
    ]
    name += METRIC_GROUPS[(index // len(METRIC_THEMES)) % len(METRIC_GROUPS)]
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
    return Series(metric, fld.pk, percent, start, end)


def _synthesize_metric_links(rng, concept: ConceptData, series, progress) -> None:
    """Each metric's field, one or two of its goals and an indicator of each."""
    goal_links, field_links, indicator_links = [], [], []
    for one in series:
        metric_id = one.metric.pk
        field_links.append(
            Metric.fields_of_action.through(
                metric_id=metric_id, fieldofaction_id=one.field_id
            )
        )
        goals = concept.goals_by_field[one.field_id]
        for goal in rng.sample(goals, min(len(goals), rng.randint(1, 2))):
            goal_links.append(
                Metric.goals.through(metric_id=metric_id, goal_id=goal.pk)
            )
            indicator = rng.choice(concept.indicators_by_goal[goal.pk])
            indicator_links.append(
                Metric.indicators.through(
                    metric_id=metric_id, indicator_id=indicator.pk
                )
            )
    for links in (field_links, goal_links, indicator_links):
        bulk_create(type(links[0]), links, label=None, progress=progress)


def _observations(rng, series: Series, districts) -> list[Observation]:
    """Twenty years of values from ``start`` to ``end`` with some noise: the
    city, each Stadtteil by a fixed weight, and women and men."""
    weights = [rng.uniform(0.3, 2.0) for _ in districts]
    stichtag = rng.random() < 0.5
    observations = []
    for step, year in enumerate(YEARS):
        value = (
            series.start + (series.end - series.start) * step / (len(YEARS) - 1)
        ) * rng.uniform(0.95, 1.05)
        date = datetime.date(year, 12, 31) if stichtag else None
        for amount, extra in _year_values(rng, series, value, year, districts, weights):
            observations.append(
                Observation(
                    metric=series.metric,
                    year=year,
                    date=date,
                    value=(
                        Decimal(f"{min(amount, 100.0):.1f}")
                        if series.percent
                        else Decimal(round(amount))
                    ),
                    **extra,
                )
            )
    return observations


def _year_values(rng, series: Series, value, year, districts, weights):
    """(amount, what it is for) of one year: the city, the Stadtteile, and
    in the gender years women and men."""
    total_weight = sum(weights)
    rows = [(value, {"qualifier": "rund" if rng.random() < 0.02 else ""})]
    for district, weight in zip(districts, weights, strict=True):
        share = weight / total_weight
        if series.percent:
            amount = value * share * len(districts) * rng.uniform(0.8, 1.2)
        else:
            amount = value * share * rng.uniform(0.9, 1.1)
        rows.append((amount, {"district": district}))
    if year in GENDER_YEARS:
        if series.percent:
            women = value * rng.uniform(0.85, 1.15)
            men = value * rng.uniform(0.85, 1.15)
        else:
            women = value * rng.uniform(0.42, 0.58)
            men = value - women
        rows += [(women, {"gender": "weiblich"}), (men, {"gender": "männlich"})]
    return rows
