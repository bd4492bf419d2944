"""``{% load concept_tables %}``: goal-table rows and status badges written in
Python (``concept.tables``), not by an include per row."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from concept.tables import (
    field_items_html,
    goal_table_rows_html,
    organisation_items_html,
    provider_links_html,
    status_badge_html,
    unit_links_html,
)

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


@register.simple_tag
def organisation_items(organisations) -> SafeString:
    """``{% organisation_items organisations %}``: list items of the units
    with their goal counts, from (name, slug, goal count) rows."""
    return organisation_items_html(organisations)


@register.simple_tag
def field_items(fields) -> SafeString:
    """``{% field_items fields %}``: list items of the overview's fields."""
    return field_items_html(fields)


@register.simple_tag
def unit_links(units) -> SafeString:
    """``{% unit_links units %}``: list items linking the responsible units,
    from (label, slug) pairs."""
    return unit_links_html(units)


@register.simple_tag
def provider_links(providers) -> SafeString:
    """``{% provider_links measure.providers %}``: links to the providers,
    from (name, slug) pairs, separated by commas."""
    return provider_links_html(providers)
