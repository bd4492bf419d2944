"""Goal tables and status badges as HTML, built in Python.

A goal table has a row per goal with links to the goal and to each
responsible unit, its indicators and its Umsetzungsstand. Through the
template engine (an ``{% include %}`` per row and per badge, a ``reverse()``
per link) that was most of the time of the field, organisation and
``/konzept/ziele/`` pages; written here once per row it costs a few
microseconds. The markup is the one the templates wrote; every text is
escaped with ``html.escape``, as the template engine's autoescape does.

The concept app knows no ``GoalStatus``: a table row carries its status as
(key, label, year), read through ``concept.extensions``; a badge of a goal
in the search results takes the status duck-typed (``status``,
``get_status_display()``, ``year``).
"""

from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .links import page_url_builder, topic_url_builder

NO_STATUS_BADGE = (
    '<span class="status-badge status-ohne_angabe">'
    '<span class="status-mark" aria-hidden="true"></span>ohne Angabe</span>'
)


@lru_cache(maxsize=16)
def _status_labels(model, language: str | None) -> dict[str, str]:
    """The labels of ``model.status`` by key, in ``language``
    (``get_status_display()`` rebuilds and hashes the choices on every call)."""
    choices = model._meta.get_field("status").flatchoices
    return {str(key): str(label) for key, label in choices}


def _status_label(status) -> str:
    label = _status_labels(type(status), get_language()).get(status.status)
    return label if label is not None else str(status.get_status_display())


def badge_html(key: str | None, label: str = "", year=None) -> str:
    """The badge of status ``key`` with its ``label`` and, unless ``None``,
    its ``year``; no key: "ohne Angabe"."""
    if not key:
        return NO_STATUS_BADGE
    year_text = "" if year is None else f" · {year}"
    return (
        f'<span class="status-badge status-{escape(key)}">'
        '<span class="status-mark" aria-hidden="true"></span>'
        f"{escape(label)}{year_text}</span>"
    )


def status_badge_html(status, *, without_year: bool = False) -> str:
    """A goal's Umsetzungsstand as a text badge: "zurückgestellt · 2025", or
    "ohne Angabe" without a status; ``without_year`` leaves out the year where
    it stands next to the badge. The text carries the meaning; colour and
    symbol only repeat it."""
    if not status:
        return NO_STATUS_BADGE
    year = None if without_year else status.year
    return badge_html(str(status.status), _status_label(status), year)


def unit_items_html(units) -> str:
    """Responsible units, given as (label, address of the unit's page) pairs,
    as list items linking to their pages."""
    return "".join(
        f'<li><a href="{escape(url)}">{escape(label)}</a></li>' for label, url in units
    )


def unit_links_html(units) -> SafeString:
    """Responsible units, given as (label, slug) pairs, as list items linking
    to their pages."""
    unit_url = page_url_builder("concept:organisation-detail", "slug")
    return mark_safe(  # noqa: S308 - escaped in unit_items_html
        unit_items_html((label, unit_url(slug)) for label, slug in units)
    )


def provider_links_html(providers) -> SafeString:
    """Providers of a measure, given as (name, slug) pairs, as links to their
    pages separated by commas."""
    unit_url = page_url_builder("concept:organisation-detail", "slug")
    return mark_safe(  # noqa: S308 - escaped here
        ", ".join(
            f'<a href="{escape(unit_url(slug))}">{escape(name)}</a>'
            for name, slug in providers
        )
    )


def _indicators_html(indicators: list[str]) -> str:
    if len(indicators) > 1:
        items = "".join(f"<li>{escape(text)}</li>" for text in indicators)
        return f'\n    <ul class="indicator-list">{items}</ul>\n    '
    return "".join(escape(text) for text in indicators)


def _goal_row_html(goal, goal_url, unit_url) -> str:
    code = escape(goal.code)
    footnote = (
        f' <span class="note">Anmerkung: {escape(goal.footnote)}</span>'
        if goal.footnote
        else ""
    )
    units = unit_items_html((label, unit_url(slug)) for label, slug in goal.units)
    badge = badge_html(*goal.status) if goal.status else NO_STATUS_BADGE
    return (
        f'\n<tr id="ziel-{code}">\n'
        f'  <th scope="row"><a href="{escape(goal_url(goal.code))}">{code}</a></th>\n'
        f"  <td>{escape(goal.text)}{footnote}</td>\n"
        f"  <td>\n    {_indicators_html(goal.indicators)}\n  </td>\n"
        f'  <td>\n    <ul class="plain-list">{units}</ul>\n'
        f"  </td>\n"
        f"  <td>{badge}</td>\n"
        "</tr>\n"
    )


def goal_table_rows_html(goals) -> SafeString:
    """The body rows of a goal table (field, Teilbereich and organisation
    pages): code, goal, indicators, responsible units, latest Umsetzungsstand.
    ``goals`` are ``concept.selectors.GoalTableRow``."""
    goal_url = page_url_builder("concept:goal-detail", "code")
    unit_url = page_url_builder("concept:organisation-detail", "slug")
    return mark_safe(  # noqa: S308 - escaped above
        "".join(_goal_row_html(goal, goal_url, unit_url) for goal in goals)
    )


def organisation_items_html(organisations) -> SafeString:
    """The units responsible for goals, given as (name, slug, goal count)
    rows, as list items linking to their pages: "Jugendamt (3 Ziele)"."""
    unit_url = page_url_builder("concept:organisation-detail", "slug")
    return mark_safe(  # noqa: S308 - escaped here
        "".join(
            f'<li><a href="{escape(unit_url(slug))}">{escape(name)}</a> '
            f'<span class="meta">({count} Ziel{"" if count == 1 else "e"})</span></li>'
            for name, slug, count in organisations
        )
    )


def field_items_html(fields) -> SafeString:
    """The Handlungsfelder of the overview (with ``goal_count`` and
    ``topic_list`` of (code, title) pairs) as list items: title, counts and
    links to their topics."""
    field_url = page_url_builder("concept:field-detail", "number")
    topic_url = topic_url_builder()
    items = []
    for field in fields:
        topics = "".join(
            f'<li><a href="{escape(topic_url(code))}">'
            f"{escape(code)} {escape(title)}</a></li>"
            for code, title in field.topic_list
        )
        goals, topic_count = field.goal_count, len(field.topic_list)
        items.append(
            "\n    <li>\n"
            f'      <h3><a href="{escape(field_url(field.number))}">'
            f"{field.number}. {escape(field.title)}</a></h3>\n"
            f'      <p class="meta">{goals} Ziel{"" if goals == 1 else "e"} in '
            f"{topic_count} Teilbereich{'' if topic_count == 1 else 'en'}</p>\n"
            '      <ul class="topic-list">\n'
            f"        {topics}\n"
            "      </ul>\n"
            "    </li>\n    "
        )
    return mark_safe("".join(items))  # noqa: S308 - escaped here
