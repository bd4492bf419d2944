"""``{% load concept_tables %}``: goal-table rows and status badges written in
Python (``concept.tables``), not by an include per row."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from concept.tables import goal_table_rows_html, status_badge_html

register = template.Library()


@register.simple_tag
def status_badge(status, without_year=False) -> SafeString:
    """``{% status_badge goal_status %}`` → "zurückgestellt · 2025" as a
    badge, "ohne Angabe" for no status; ``without_year=True`` drops the year."""
    return mark_safe(status_badge_html(status, without_year=without_year))  # noqa: S308 - escaped in status_badge_html


@register.simple_tag
def goal_rows(goals) -> SafeString:
    """``{% goal_rows goals %}``: the body rows of a goal table."""
    return goal_table_rows_html(goals)
