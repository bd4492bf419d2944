"""``{% load goal_list %}``: the rows of /konzept/ziele/, written in Python."""

from django import template
from django.utils.safestring import SafeString

from monitoring.presentation import goal_list_rows_html

register = template.Library()


@register.simple_tag
def goal_list_rows(goals) -> SafeString:
    """``{% goal_list_rows goals %}``: one row per goal with its status."""
    return goal_list_rows_html(goals)
