"""Read queries for the monitoring, shared by public pages, downloads and the
annual report. Public readers see approved statuses only."""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)

from concept.models import Concept, FieldOfAction, Goal, Organisation
from concept.selectors import responsible_units_by_goal_query
from inquiries.selectors import public_inquiries
from kassel_integration.compiled import Query, compiled, together
from kassel_integration.permissions import restrict_to_units

from .models import (
    STATUS_DEFINITIONS,
    AnnualReport,
    GoalStatus,
    Metric,
    Observation,
)

APPROVED = GoalStatus.Review.APPROVED


@dataclass(frozen=True)
class StatusRow:
    """The status counts of one Handlungsfeld (or of the whole edition)."""

    label: str
    counts: list[tuple[str, str, int]]  # (status key, German label, count)
    total: int
    goal_total: int
    field_number: int | None = None

    @property
    def missing(self) -> int:
        """Goals of the field without an approved status."""
        return self.goal_total - self.total


def status_legend() -> list[tuple[str, str, str]]:
    """Every status with its label and one-sentence public definition."""
    return [
        (status.value, status.label, STATUS_DEFINITIONS[status])
        for status in GoalStatus.Status
    ]


def goal_status_public_list(*, goal: Goal) -> list[GoalStatus]:
    """Approved statuses of ``goal``, newest year first, with their evidence:
    inquiries and values with metric and district (3 queries; 1 without
    statuses, the evidence queries then not even built)."""
    statuses = _approved_statuses(goal.pk)
    if statuses:
        prefetch_related_objects(statuses, *_evidence_prefetches())
    return statuses


@compiled(objects=True)
def _approved_statuses(goal_id: int) -> QuerySet[GoalStatus]:
    return (
        GoalStatus.objects.filter(goal=goal_id, review=APPROVED)
        .select_related("reporting_organisation")
        .order_by("-year")
    )


def _evidence_prefetches() -> list[Prefetch]:
    return [
        Prefetch(
            "evidence_inquiries",
            queryset=public_inquiries()
            .only("reference_number", "title")
            .order_by("reference_number"),
            to_attr="inquiry_list",
        ),
        Prefetch(
            "evidence_observations",
            queryset=Observation.objects.select_related("metric", "district").order_by(
                "metric__name", "year", "district__number", "pk"
            ),
            to_attr="observation_list",
        ),
    ]


def status_latest_year(*, concept: Concept) -> int | None:
    """The newest year with an approved status of a goal of ``concept``."""
    years = _status_years(concept.pk)
    return years[0][0] if years else None


def status_distribution(
    *, concept: Concept, year: int, fields: list[FieldOfAction] | None = None
) -> list[StatusRow]:
    """Approved status counts per Handlungsfeld for ``year`` (2 queries)."""
    by_field: dict[int, dict[str, int]] = {}
    for field_id, status, count in _status_counts(concept.pk, year):
        by_field.setdefault(field_id, {})[status] = count
    if fields is None:
        fields = list(
            FieldOfAction.objects.filter(concept=concept)
            .annotate(goal_count=Count("topics__goals"))
            .order_by("number")
        )
    rows = []
    for field in fields:
        found = by_field.get(field.pk, {})
        rows.append(
            StatusRow(
                label=f"{field.number}. {field.title}",
                counts=[
                    (status.value, status.label, found.get(status.value, 0))
                    for status in GoalStatus.Status
                ],
                total=sum(found.values()),
                goal_total=field.goal_count,
                field_number=field.number,
            )
        )
    return rows


@compiled
def _status_counts(concept_id: int, year: int) -> QuerySet:
    """(field id, status, count) of the approved statuses of ``year``."""
    return (
        GoalStatus.objects.filter(goal__concept=concept_id, year=year, review=APPROVED)
        .values("goal__topic__field_id", "status")
        .annotate(n=Count("pk"))
        .values_list("goal__topic__field_id", "status", "n")
    )


def status_completeness(*, concept: Concept, year: int) -> QuerySet[Organisation]:
    """Per responsible unit: its goals, and how many lack an approved status."""
    approved = Q(
        goals__statuses__year=year,
        goals__statuses__review=APPROVED,
        goals__concept=concept,
    )
    return (
        Organisation.objects.filter(goals__concept=concept)
        .annotate(
            goal_total=Count("goals", filter=Q(goals__concept=concept), distinct=True),
            approved_total=Count("goals", filter=approved, distinct=True),
            open_total=F("goal_total") - F("approved_total"),
        )
        .order_by("name")
    )


def metric_list() -> QuerySet[Metric]:
    """Metrics with their Handlungsfelder (2 queries)."""
    return (
        Metric.objects.all()
        .prefetch_related(
            Prefetch(
                "fields_of_action",
                queryset=FieldOfAction.objects.order_by("number"),
                to_attr="field_list",
            )
        )
        .order_by("name")
    )


@compiled
def metric_index_rows() -> QuerySet:
    """For the overview: (key, name, unit, has values, field number, field
    title) per metric and Handlungsfeld (field None for a metric of none),
    by name (1 query compiled once, plain tuples: the page shows no more
    than these)."""
    return (
        Metric.objects.annotate(
            has_values=Exists(Observation.objects.filter(metric=OuterRef("pk")))
        )
        .values_list(
            "key",
            "name",
            "unit",
            "has_values",
            "fields_of_action__number",
            "fields_of_action__title",
        )
        .order_by("name", "pk", "fields_of_action__number")
    )


@compiled(objects=True)
def _metrics(key: str) -> QuerySet[Metric]:
    return Metric.objects.filter(key=key)


@compiled(objects=True)
def _metric_goals(metric_id: int) -> QuerySet[Goal]:
    return Goal.objects.filter(metrics=metric_id)


@compiled(objects=True)
def _metric_observations(metric_id: int) -> QuerySet[Observation]:
    return observation_list(metric=metric_id)


def metric_get(key: str) -> Metric | None:
    """The metric ``key`` with its goals in reading order
    (``Goal.Meta.ordering``) as ``goal_list``, or None (2 queries, compiled
    once: the Kennzahl page and its downloads)."""
    metrics = _metrics(key)
    if not metrics:
        return None
    metric = metrics[0]
    metric.goal_list = _metric_goals(metric.pk)
    return metric


def metric_observations(metric: Metric) -> list[Observation]:
    """``observation_list()`` of ``metric`` as a list (1 query, compiled once)."""
    return _metric_observations(metric.pk)


def observation_list(*, metric: Metric | int) -> QuerySet[Observation]:
    """All values of ``metric`` (an instance or primary key) in a stable
    reading order (1 query)."""
    return (
        Observation.objects.filter(metric=metric)
        .select_related("district")
        .order_by(
            "year",
            "district__number",
            "area",
            "age_group",
            "gender",
            "provider_type",
            "pk",
        )
    )


def observation_is_suppressed(observation: Observation, metric: Metric) -> bool:
    """A breakdown value below the metric's disclosure threshold is not shown."""
    threshold = metric.disclosure_threshold
    is_breakdown = bool(
        observation.district_id
        or observation.age_group
        or observation.gender
        or observation.area
        or observation.provider_type
    )
    return bool(
        threshold
        and is_breakdown
        and not observation.is_total
        and observation.value < Decimal(threshold)
    )


def goal_status_year_map(*, concept: Concept, year: int) -> dict[int, GoalStatus]:
    """Approved statuses of ``year`` by goal id, with their evidence (3 queries)."""
    statuses = (
        GoalStatus.objects.filter(goal__concept=concept, year=year, review=APPROVED)
        .select_related("reporting_organisation")
        .prefetch_related(*_evidence_prefetches())
    )
    return {status.goal_id: status for status in statuses}


def observation_list_until(*, year: int) -> QuerySet[Observation]:
    """Every value up to ``year`` in the metric pages' reading order (1 query)."""
    return (
        Observation.objects.filter(year__lte=year)
        .select_related("district")
        .order_by(
            "metric_id",
            "year",
            "district__number",
            "area",
            "age_group",
            "gender",
            "provider_type",
            "pk",
        )
    )


def annual_report_issued_list() -> QuerySet[AnnualReport]:
    """Every issued report, newest year and version first (1 query)."""
    return AnnualReport.objects.filter(state=AnnualReport.State.ISSUED).order_by(
        "-year", "-version"
    )


@compiled(objects=True)
def annual_report_issued_summaries() -> QuerySet[AnnualReport]:
    """``annual_report_issued_list()`` with what the list of reports shows:
    year, version, date, size, pages and checksum, not the file (1 query,
    compiled once)."""
    return annual_report_issued_list().only(
        "year", "version", "issued_at", "sha256", "size", "page_count"
    )


def annual_report_baseline(*, year: int) -> AnnualReport | None:
    """The report "Was hat sich geändert" compares with: the newest issued
    version of the latest earlier year."""
    return annual_report_issued_list().filter(year__lt=year).first()


# Goals with their Umsetzungsstand (/konzept/ziele/, badges in goal tables)

NO_STATUS = "ohne_angabe"  # the filter key for goals without an approved status


def goal_status_prefetch(*, year: int | None = None) -> Prefetch:
    """For goals: ``status_list`` holds the approved status of ``year`` or,
    without a year, the latest approved one: 0 or 1 item (1 query for all
    goals). The one place that says which status a goal "has". Unordered:
    a goal has one status a year, and the model's ordering would join the
    goal, its edition, topic and field only to sort."""
    statuses = GoalStatus.objects.filter(review=APPROVED).order_by()
    if year is None:
        newest = (
            GoalStatus.objects.filter(goal=OuterRef("goal"), review=APPROVED)
            .order_by("-year")
            .values("year")[:1]
        )
        statuses = statuses.filter(year=Subquery(newest))
    else:
        statuses = statuses.filter(year=year)
    return Prefetch("statuses", queryset=statuses, to_attr="status_list")


def status_years_query(*, concept: Concept) -> Query:
    """Berichtsjahre with approved statuses, newest first (1 query, not yet
    run)."""
    return _status_years.query(concept.pk).then(lambda rows: [year for (year,) in rows])


@compiled
def _status_years(concept_id: int) -> QuerySet:
    return (
        GoalStatus.objects.filter(goal__concept=concept_id, review=APPROVED)
        .values_list("year")
        .distinct()
        .order_by("-year")
    )


@dataclass(frozen=True)
class GoalFilters:
    """What /konzept/ziele/ is filtered and sorted by (all optional)."""

    year: int | None = None
    status: str = ""  # a GoalStatus.Status key or NO_STATUS
    field_number: int | None = None
    topic_code: str = ""
    organisation: Organisation | None = None
    order: str = "nr"


GOAL_ORDERINGS = {
    "nr": ("topic__field__number", "topic__number", "number"),
    "stand": ("status_position", "topic__field__number", "topic__number", "number"),
    "fortschritt": (
        F("status_progress").desc(nulls_last=True),
        "topic__field__number",
        "topic__number",
        "number",
    ),
}


@dataclass(frozen=True)
class GoalRow:
    """A goal of /konzept/ziele/ as plain data: the list shows every goal of
    the edition, and a model instance for each goal, topic, field, unit and
    status was most of the page's time."""

    code: str
    text: str
    field_number: int
    field_title: str
    topic_code: str
    units: list[tuple[str, str]]  # (the unit as the source names it, its slug)
    status: str | None  # the key of the approved status of ``year``; None: none
    year: int | None
    progress: int | None

    @property
    def status_label(self) -> str:
        return str(GoalStatus.Status(self.status).label) if self.status else ""


def goal_status_table(*, concept: Concept, filters: GoalFilters) -> list[GoalRow]:
    """The goals of ``concept`` with their status in ``filters.year``, field,
    topic and responsible units, filtered and sorted (2 queries, sent
    together).

    The status of the year is one LEFT JOIN (at most one per goal and year, a
    named constraint), which filtering and sorting read as ``status_key``,
    ``status_progress`` and ``status_position``."""
    shape, values = _goal_filter_shape(filters)
    rows, units = together(
        _goal_status_rows(shape).query(concept.pk, *values),
        responsible_units_by_goal_query(concept=concept),
    )
    return [
        GoalRow(
            code=code,
            text=text,
            field_number=field_number,
            field_title=field_title,
            topic_code=topic_code,
            units=units.get(pk, []),
            status=key,
            year=filters.year if key else None,
            progress=progress,
        )
        for pk, code, text, field_number, field_title, topic_code, key, progress in rows
    ]


def _goal_filter_shape(filters: GoalFilters) -> tuple[tuple, list]:
    """``filters`` as the shape of the query (which filters are set, the
    order) and the values that go into it, for ``_goal_status_rows``."""
    given = {
        "year": filters.year,
        "status": filters.status if filters.status != NO_STATUS else "",
        "field_number": filters.field_number,
        "topic_code": filters.topic_code,
        "organisation": getattr(filters.organisation, "pk", None),
    }
    names = tuple(name for name, value in given.items() if value not in (None, ""))
    shape = (filters.order, filters.status == NO_STATUS, names)
    return shape, [given[name] for name in names]


@functools.cache
def _goal_status_rows(shape: tuple):
    """The rows of ``goal_status_table()`` for one shape of filters: a
    compiled query per shape (``_goal_filter_shape``)."""
    order, no_status, names = shape

    @compiled
    def rows(concept_id: int, *values) -> QuerySet:
        filters = GoalFilters(
            order=order,
            **dict(zip(names, values, strict=True)),
            **({"status": NO_STATUS} if no_status else {}),
        )
        positions = [
            When(status_key=status.value, then=Value(i))
            for i, status in enumerate(GoalStatus.Status)
        ]
        year_status = FilteredRelation(
            "statuses",
            condition=Q(statuses__review=APPROVED, statuses__year=filters.year),
        )
        goals = (
            Goal.objects.filter(concept=concept_id)
            .annotate(year_status=year_status)
            .annotate(
                status_key=F("year_status__status"),
                status_progress=F("year_status__progress"),
            )
            .annotate(status_position=Case(*positions, default=Value(len(positions))))
        )
        return (
            _goal_filter(goals, filters)
            .order_by(*GOAL_ORDERINGS[filters.order])
            .values_list(
                "pk",
                "code",
                "text",
                "topic__field__number",
                "topic__field__title",
                "topic__code",
                "status_key",
                "status_progress",
            )
        )

    return rows


def _goal_filter(goals: QuerySet[Goal], filters: GoalFilters) -> QuerySet[Goal]:
    if filters.status == NO_STATUS:
        goals = goals.filter(status_key__isnull=True)
    elif filters.status:
        goals = goals.filter(status_key=filters.status)
    if filters.field_number is not None:
        goals = goals.filter(topic__field__number=filters.field_number)
    if filters.topic_code:
        goals = goals.filter(topic__code=filters.topic_code)
    if filters.organisation is not None:
        goals = goals.filter(responsible_organisations=filters.organisation)
    return goals


def reporting_year_open(*, today: datetime.date | None = None) -> int:
    """The year the reporting round is collecting: the past calendar year."""
    return (today or datetime.date.today()).year - 1


def goal_reportable_list(*, user) -> QuerySet[Goal]:
    """The goals ``user`` may report on: every goal for the Redaktion, the
    goals of their own units for a Fachamt user (the roles' object rule)."""
    return restrict_to_units(
        Goal.objects.all(), user=user, lookup="responsible_organisations"
    )


@dataclass(frozen=True)
class RoundSection:
    """One group of the start page "Ihre Ziele": open, submitted, returned or
    approved, with (goal, status or None) rows."""

    key: str
    label: str
    rows: list[tuple[Goal, GoalStatus | None]]


ROUND_SECTIONS = [  # what needs the unit's work first
    (GoalStatus.Review.RETURNED, "zurückgegeben"),
    ("offen", "offen (noch nicht eingereicht)"),
    (GoalStatus.Review.SUBMITTED, "eingereicht"),
    (GoalStatus.Review.APPROVED, "freigegeben"),
]


def goal_status_round(*, user, concept: Concept, year: int) -> list[RoundSection]:
    """The goals of ``user``'s units in ``concept`` grouped by where their
    status of ``year`` stands (2 queries)."""
    goals = (
        goal_reportable_list(user=user)
        .filter(concept=concept)
        .prefetch_related(
            Prefetch(
                "statuses",
                queryset=GoalStatus.objects.filter(year=year),
                to_attr="year_statuses",
            )
        )
    )
    grouped: dict[str, list] = {key: [] for key, _label in ROUND_SECTIONS}
    for goal in goals:
        status = goal.year_statuses[0] if goal.year_statuses else None
        key = status.review if status else "offen"
        grouped.get(key, grouped["offen"]).append((goal, status))
    return [RoundSection(key, label, grouped[key]) for key, label in ROUND_SECTIONS]


CITYWIDE = Q(district__isnull=True, age_group="", gender="", area="", provider_type="")


def metric_list_for_goal(*, goal: Goal) -> list[Metric]:
    """The metrics linked to ``goal`` with their citywide values, newest year
    first, as ``citywide_list`` (2 queries; 1 without metrics, the values'
    query then not even built)."""
    metrics = _goal_metrics(goal.pk)
    if metrics:
        prefetch_related_objects(
            metrics,
            Prefetch(
                "observations",
                queryset=Observation.objects.filter(CITYWIDE).order_by("-year", "pk"),
                to_attr="citywide_list",
            ),
        )
    return metrics


@compiled(objects=True)
def _goal_metrics(goal_id: int) -> QuerySet[Metric]:
    return Metric.objects.filter(goals=goal_id).order_by("name")
