"""Goal tables and status badges as HTML, built in Python.

A goal table has a row per goal with links to the goal and to each
responsible unit, its indicators and its Umsetzungsstand. Through the
template engine (an ``{% include %}`` per row and per badge, a ``reverse()``
per link) that was most of the time of the field, organisation and
``/konzept/ziele/`` pages; written here once per row it costs a few
microseconds. The markup is the one the templates wrote; every text is
escaped with ``html.escape``, as the template engine's autoescape does.

The status is duck-typed (``status``, ``get_status_display()``, ``year``):
the concept app knows no ``GoalStatus`` (monitoring adds it to the goals of
a table through ``concept.extensions.register_goal_prefetch``).
"""

from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

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


def goal_status(goal):
    """The status a table shows for ``goal`` (its prefetched ``status_list``)."""
    statuses = getattr(goal, "status_list", None)
    return statuses[0] if statuses else None


def unit_items_html(units) -> str:
    """Responsible units, given as (label, address of the unit's page) pairs,
    as list items linking to their pages."""
    return "".join(
        f'<li><a href="{escape(url)}">{escape(label)}</a></li>' for label, url in units
    )


def responsibility_items_html(goal) -> str:
    """The responsible units of ``goal`` (its ``responsibility_list``) as list
    items linking to their pages."""
    return unit_items_html(
        (responsibility.label, responsibility.organisation.get_absolute_url())
        for responsibility in goal.responsibility_list
    )


def _indicators_html(goal) -> str:
    indicators = goal.indicator_list
    if len(indicators) > 1:
        items = "".join(f"<li>{escape(i.text)}</li>" for i in indicators)
        return f'\n    <ul class="indicator-list">{items}</ul>\n    '
    return "".join(escape(indicator.text) for indicator in indicators)


def _goal_row_html(goal) -> str:
    code = escape(goal.code)
    footnote = (
        f' <span class="note">Anmerkung: {escape(goal.footnote)}</span>'
        if goal.footnote
        else ""
    )
    url = escape(goal.get_absolute_url())
    return (
        f'\n<tr id="ziel-{code}">\n'
        f'  <th scope="row"><a href="{url}">{code}</a></th>\n'
        f"  <td>{escape(goal.text)}{footnote}</td>\n"
        f"  <td>\n    {_indicators_html(goal)}\n  </td>\n"
        f'  <td>\n    <ul class="plain-list">{responsibility_items_html(goal)}</ul>\n'
        f"  </td>\n"
        f"  <td>{status_badge_html(goal_status(goal))}</td>\n"
        "</tr>\n"
    )


def goal_table_rows_html(goals) -> SafeString:
    """The body rows of a goal table (field, Teilbereich and organisation
    pages): code, goal, indicators, responsible units, latest Umsetzungsstand.
    ``goals`` carry ``indicator_list`` and ``responsibility_list``."""
    return mark_safe("".join(_goal_row_html(goal) for goal in goals))  # noqa: S308 - escaped above
