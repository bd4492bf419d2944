"""How monitoring values are shown to people: formatting, disclosure and the
chart data of a metric. Pure functions without queries; pages, downloads and
the annual report share them."""

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

import tablib

from concept.links import page_url_builder
from concept.tables import badge_html, unit_items_html
from kassel_integration.spreadsheets import GermanCSV, escape_cell

from .charts import Point, bar_chart_svg, format_number, line_chart_svg, stacked_bar_svg
from .models import Metric, Observation
from .selectors import NO_STATUS, GoalRow, StatusRow, observation_is_suppressed


@dataclass(frozen=True)
class ValueRow:
    observation: Observation
    breakdown: str
    display: str
    suppressed: bool


def observation_display(observation: Observation, metric: Metric) -> str:
    """ "über 50 %", "rund 2.000 Personen", or "< 5 Personen" when suppressed."""
    if observation_is_suppressed(observation, metric):
        number = f"< {format_number(metric.disclosure_threshold)}"
    else:
        number = format_number(float(observation.value))
        if observation.qualifier:
            number = f"{observation.qualifier} {number}"
    return f"{number} {metric.unit}" if metric.unit else number


def _breakdown(observation: Observation) -> str:
    parts = [observation.district.name] if observation.district_id else []
    parts.append(observation.breakdown)
    label = " · ".join(part for part in parts if part)
    if observation.is_total:
        label = f"{label} (Summe)" if label else "Summe"
    return label or "gesamte Stadt"


def value_rows(*, metric: Metric, observations: list[Observation]) -> list[ValueRow]:
    return [
        ValueRow(
            observation=observation,
            breakdown=_breakdown(observation),
            display=observation_display(observation, metric),
            suppressed=observation_is_suppressed(observation, metric),
        )
        for observation in observations
    ]


CROSS_CUTTING = "Übergreifende Kennzahlen"


@dataclass(frozen=True)
class MetricLink:
    """A metric as the overview lists it: its page, name and unit (and
    "noch keine Werte" for one without values)."""

    url: str
    name: str
    meta: str


def metric_groups(*, rows: Iterable[tuple]) -> list[tuple[str, list[MetricLink]]]:
    """The metrics of ``rows`` (``selectors.metric_index_rows``) under the
    Handlungsfelder they belong to, fields by number, then those of no field
    under "Übergreifende Kennzahlen"; a metric of two fields stands under
    both. The address is reversed once, not once per metric."""
    address = reverse("monitoring:metric-detail", kwargs={"key": KEY_SLOT})
    groups: dict[tuple, tuple[str, list[MetricLink]]] = {}
    for key, name, unit, has_values, number, title in rows:
        meta = unit if has_values else f"noch keine Werte, {unit}"
        link = MetricLink(address.replace(KEY_SLOT, key), name, meta.strip(", "))
        group = ((0, number, title), f"{number}. {title}")
        if number is None:
            group = ((1,), CROSS_CUTTING)
        groups.setdefault(group[0], (group[1], []))[1].append(link)
    return [groups[key] for key in sorted(groups)]


KEY_SLOT = "kennzahl-schluessel"  # a slug no address contains otherwise


def district_sources(*, rows: list[ValueRow]) -> list[str]:
    """Where the districts named in ``rows`` come from, each once."""
    sources = OrderedDict()
    for row in rows:
        district = row.observation.district
        if district is not None and district.source:
            sources[district.source] = None
    return list(sources)


def _is_citywide(observation: Observation) -> bool:
    return not (
        observation.district_id
        or observation.age_group
        or observation.gender
        or observation.area
        or observation.provider_type
    )


def metric_charts(*, metric: Metric, rows: list[ValueRow]) -> list[str]:
    """A line chart of the citywide series (two or more years) and a bar chart
    of the latest year's breakdown (two or more values), as SVG. A breakdown
    by district (also mixed with areas the source names otherwise) is drawn
    against the citywide value of the same year where the source has one;
    other breakdowns against the target."""
    target = _target(metric)
    series = OrderedDict()
    for row in rows:
        if _is_citywide(row.observation):
            series[row.observation.year] = row
    charts = [_line_chart(metric, series, target)] if len(series) >= 2 else []
    breakdown = [
        row
        for row in rows
        if not _is_citywide(row.observation) and not row.observation.is_total
    ]
    if breakdown:
        latest = max(row.observation.year for row in breakdown)
        latest_rows = [row for row in breakdown if row.observation.year == latest]
        if len(latest_rows) >= 2:
            if any(row.observation.district_id for row in latest_rows):
                target = _city_reference(metric, series.get(latest))
            charts.append(_breakdown_chart(metric, latest, latest_rows, target))
    return charts


def _target(metric: Metric) -> tuple[float | None, str]:
    """The metric's target and its label, e.g. "Ziel 300 Personen (2030)"."""
    if metric.target_value is None:
        return None, ""
    target = float(metric.target_value)
    label = f"Ziel {format_number(target)} {metric.unit}".strip()
    if metric.target_year:
        label += f" ({metric.target_year})"
    return target, label


def _city_reference(metric: Metric, city: ValueRow | None) -> tuple[float | None, str]:
    """The citywide value as the reference line of a district chart; none
    where the source gives no citywide value for that year."""
    if city is None or city.suppressed:
        return None, ""
    return float(city.observation.value), f"Stadt gesamt: {city.display}"


def _point(row: ValueRow, label: str) -> Point:
    value = None if row.suppressed else float(row.observation.value)
    return Point(label, value, row.display)


def _line_chart(metric, series, target) -> str:
    return line_chart_svg(
        title=f"{metric.name}: Entwicklung",
        description=f"{metric.name} in {metric.unit} je Jahr.",
        points=[_point(row, str(year)) for year, row in series.items()],
        unit=metric.unit,
        target=target[0],
        target_label=target[1],
    )


def _breakdown_chart(metric, year, rows, reference) -> str:
    return bar_chart_svg(
        title=f"{metric.name} {year}",
        description=f"{metric.name} {year} nach Untergruppen, in {metric.unit}.",
        points=[_point(row, row.breakdown) for row in rows],
        unit=metric.unit,
        target=reference[0],
        target_label=reference[1],
    )


def status_chart(*, title: str, rows: list[StatusRow]) -> str:
    """The status distribution per Handlungsfeld as a stacked bar chart."""
    legend = [(key, label) for key, label, _count in rows[0].counts] if rows else []
    legend += [(NO_STATUS, "ohne Angabe")] if rows else []
    return stacked_bar_svg(
        title=title,
        description=(
            "Anteile der Umsetzungsstände der Ziele je Handlungsfeld, auch der "
            "Ziele ohne Angabe; die Tabelle darunter nennt die Zahlen."
        ),
        rows=[
            (
                row.label,
                [(key, count) for key, _label, count in row.counts]
                + [(NO_STATUS, row.missing)],
            )
            for row in rows
        ],
        legend=legend,
    )


def metric_trend(*, metric: Metric, rows: list[ValueRow]) -> list[str]:
    """Sentences on the citywide development: the latest value against the
    one before and against the target, judged by the metric's direction."""
    series = _citywide_rows(rows)
    if not series:
        return ["Für die gesamte Stadt liegt kein Wert vor."]
    latest = series[-1].observation
    unit = " Prozentpunkte" if metric.unit == "%" else f" {metric.unit}".rstrip()
    sentences = [f"Letzter Wert ({latest.year}): {series[-1].display}."]
    earlier = [row.observation for row in series if row.observation.year < latest.year]
    if earlier:
        before = earlier[-1]
        change = float(latest.value - before.value)
        if change == 0:
            sentences.append(f"Unverändert gegenüber {before.year}.")
        else:
            sign = "+" if change > 0 else "−"
            judged = _judgement(metric, change)
            sentences.append(
                f"Gegenüber {before.year}: {sign}{format_number(abs(change))}{unit}"
                f"{judged}."
            )
    else:
        sentences.append("Ein früherer Vergleichswert liegt nicht vor.")
    if metric.target_value is not None:
        target = f"{format_number(float(metric.target_value))} {metric.unit}".strip()
        by = f" bis {metric.target_year}" if metric.target_year else ""
        gap = float(metric.target_value - latest.value)
        reached = (
            gap <= 0
            if metric.direction == Metric.Direction.HIGHER
            else gap >= 0
            if metric.direction == Metric.Direction.LOWER
            else gap == 0
        )
        if reached:
            sentences.append(f"Zielwert {target}{by} erreicht.")
        else:
            sentences.append(
                f"Zielwert {target}{by}: noch {format_number(abs(gap))}{unit} entfernt."
            )
    return sentences


def _judgement(metric: Metric, change: float) -> str:
    if metric.direction == Metric.Direction.NEUTRAL:
        return ""
    better = (change > 0) == (metric.direction == Metric.Direction.HIGHER)
    return (
        " (Entwicklung in die gewünschte Richtung)"
        if better
        else (" (Entwicklung gegen die gewünschte Richtung)")
    )


def goal_table_rows(goals: list[GoalRow]) -> list[dict]:
    """/konzept/ziele/ as rows for CSV and JSON, one per goal (German keys;
    the text cells are formula-safe in a spreadsheet)."""
    return [
        {
            "Nr": goal.code,
            "Ziel": escape_cell(goal.text),
            "Handlungsfeld": goal.field_number,
            "Teilbereich": goal.topic_code,
            "Verantwortlich": escape_cell(" | ".join(label for label, _ in goal.units)),
            "Umsetzungsstand": goal.status_label if goal.status else "ohne Angabe",
            "Berichtsjahr": goal.year,
            "Fortschritt in %": goal.progress,
        }
        for goal in goals
    ]


def _goal_list_row_html(goal: GoalRow, urls: dict) -> str:
    code = escape(goal.code)
    url = escape(urls["goal"](goal.code))
    field_url = escape(urls["field"](goal.field_number))
    units = unit_items_html((label, urls["unit"](slug)) for label, slug in goal.units)
    badge = badge_html(goal.status, goal.status_label, goal.year)
    progress = "–" if goal.progress is None else f"{goal.progress} %"
    return (
        f'\n    <tr id="ziel-{code}">\n'
        f'      <th scope="row"><a href="{url}">{code}</a></th>\n'
        f'      <td data-label="Ziel">{escape(goal.text)}</td>\n'
        f'      <td data-label="Handlungsfeld"><a href="{field_url}">'
        f"{goal.field_number}. {escape(goal.field_title)}</a></td>\n"
        '      <td data-label="Verantwortlich"><ul class="plain-list">'
        f"{units}</ul></td>\n"
        f'      <td data-label="Umsetzungsstand">{badge}</td>\n'
        f'      <td data-label="Fortschritt" class="value">{progress}</td>\n'
        "    </tr>\n    "
    )


def goal_list_rows_html(goals: list[GoalRow]) -> SafeString:
    """The rows of /konzept/ziele/ (code, goal, field, units, status, progress),
    written in Python: an include and five links per row through the template
    engine were most of the page's time (``concept.tables``)."""
    urls = {
        "goal": page_url_builder("concept:goal-detail", "code"),
        "field": page_url_builder("concept:field-detail", "number"),
        "unit": page_url_builder("concept:organisation-detail", "slug"),
    }
    return mark_safe("".join(_goal_list_row_html(goal, urls) for goal in goals))  # noqa: S308 - escaped above


def goal_table_csv(rows: list[dict]) -> str:
    """German CSV (semicolons, UTF-8 with BOM, so Excel keeps the umlauts)."""
    dataset = tablib.Dataset(headers=list(GOAL_COLUMNS))
    for row in rows:
        dataset.append([row[column] for column in GOAL_COLUMNS])
    return GermanCSV().export_data(dataset, delimiter=";")


GOAL_COLUMNS = (
    "Nr",
    "Ziel",
    "Handlungsfeld",
    "Teilbereich",
    "Verantwortlich",
    "Umsetzungsstand",
    "Berichtsjahr",
    "Fortschritt in %",
)


@dataclass(frozen=True)
class Course:
    """Whether a metric's latest citywide value is on course to its target."""

    key: str  # "erreicht", "auf_kurs", "nicht_auf_kurs"
    label: str  # "Ziel erreicht", "auf Kurs", "nicht auf Kurs"
    rule: str  # the rule applied, in words, with the values used


COURSE_LABELS = {
    "erreicht": "Ziel erreicht",
    "auf_kurs": "auf Kurs",
    "nicht_auf_kurs": "nicht auf Kurs",
}


def metric_course(*, metric: Metric, series: list[Observation]) -> Course | None:
    """Judge the latest of the citywide ``series`` (oldest first) against the
    target. None without a target, without a direction, without a value, or
    when the course needs an earlier value that is missing."""
    if metric.target_value is None or metric.direction == Metric.Direction.NEUTRAL:
        return None
    if not series:
        return None
    latest, target = series[-1], float(metric.target_value)
    sign = 1 if metric.direction == Metric.Direction.HIGHER else -1
    gap = sign * (target - float(latest.value))  # > 0: still to go
    target_text = f"{format_number(target)} {metric.unit}".strip()
    if gap <= 0:
        rule = (
            f"Der letzte Wert ({latest.year}) erreicht den Zielwert {target_text} "
            f"({metric.get_direction_display()})."
        )
        return Course("erreicht", COURSE_LABELS["erreicht"], rule)
    earlier = [o for o in series if o.year < latest.year]
    if not earlier:
        return None
    return _course_by_pace(metric, earlier[-1], latest, gap, sign, target_text)


def _course_by_pace(metric, before, latest, gap, sign, target_text) -> Course:
    """On course: the change per year between the last two values, if it goes
    on, reaches the target by the target year (without one: goes towards it)."""
    years = latest.year - before.year
    pace = sign * float(latest.value - before.value) / years  # > 0: towards it
    basis = f"Veränderung je Jahr von {before.year} bis {latest.year}"
    if metric.target_year is None:
        on_course = pace > 0
        rule = (
            f"Auf Kurs heißt hier: die {basis} geht in Richtung des Zielwerts "
            f"{target_text}."
        )
    else:
        remaining = metric.target_year - latest.year
        on_course = remaining > 0 and pace * remaining >= gap
        rule = (
            f"Auf Kurs heißt hier: hält die {basis} an, ist der Zielwert "
            f"{target_text} bis {metric.target_year} erreicht."
        )
    key = "auf_kurs" if on_course else "nicht_auf_kurs"
    return Course(key, COURSE_LABELS[key], rule)


@dataclass(frozen=True)
class MetricSummary:
    """A metric as the goal page names it: latest citywide value and course."""

    metric: Metric
    latest: Observation | None
    display: str
    course: Course | None


def metric_summary(metric: Metric) -> MetricSummary:
    """From a metric of ``selectors.metric_list_for_goal`` (no queries)."""
    series = list(reversed(metric.citywide_list))
    latest = series[-1] if series else None
    display = observation_display(latest, metric) if latest else ""
    course = metric_course(metric=metric, series=series)
    return MetricSummary(metric, latest, display, course)


@dataclass(frozen=True)
class TimelineEntry:
    """One approved status of a goal with its evidence values, readable."""

    status: object  # GoalStatus
    values: list[tuple[Observation, str]]  # (value, "Name 2024, Stadtteil: 5 %")


def timeline_entry(status) -> TimelineEntry:
    """From a status of ``selectors.goal_status_public_list`` (no queries)."""
    values = []
    for observation in status.observation_list:
        where = f", {_breakdown(observation)}" if not _is_citywide(observation) else ""
        shown = observation_display(observation, observation.metric)
        label = f"{observation.metric.name} {observation.year}{where}: {shown}"
        values.append((observation, label))
    return TimelineEntry(status, values)


def _citywide_rows(rows: list[ValueRow]) -> list[ValueRow]:
    return [row for row in rows if _is_citywide(row.observation) and not row.suppressed]


def metric_course_of_rows(*, metric: Metric, rows: list[ValueRow]) -> Course | None:
    """:func:`metric_course` of the citywide values among a metric's ``rows``."""
    series = [row.observation for row in _citywide_rows(rows)]
    return metric_course(metric=metric, series=series)
