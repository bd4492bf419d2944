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

from html import escape

from django.utils.safestring import SafeString, mark_safe

NO_STATUS_BADGE = (
    '<span class="status-badge status-ohne_angabe">'
    '<span class="status-mark" aria-hidden="true"></span>ohne Angabe</span>'
)


def status_badge_html(status, *, without_year: bool = False) -> str:
    """A goal's Umsetzungsstand as a text badge: "zurückgestellt · 2025", or
    "ohne Angabe" without a status; ``without_year`` leaves out the year where
    it stands next to the badge. The text carries the meaning; colour and
    symbol only repeat it."""
    if not status:
        return NO_STATUS_BADGE
    year = "" if without_year else f" · {status.year}"
    return (
        f'<span class="status-badge status-{escape(str(status.status))}">'
        '<span class="status-mark" aria-hidden="true"></span>'
        f"{escape(str(status.get_status_display()))}{year}</span>"
    )


def goal_status(goal):
    """The status a table shows for ``goal`` (its prefetched ``status_list``)."""
    statuses = getattr(goal, "status_list", None)
    return statuses[0] if statuses else None


def responsibility_items_html(goal) -> str:
    """The responsible units of ``goal`` as list items linking to their pages."""
    return "".join(
        f'<li><a href="{escape(responsibility.organisation.get_absolute_url())}">'
        f"{escape(responsibility.label)}</a></li>"
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
