"""Escaping many texts at once for the lists written in Python (issue #20)."""

from django.utils.html import escape

SEPARATOR = "\x00"  # in no text: PostgreSQL cannot store it, escape() keeps it


def escape_each(values: list[str]) -> list[str]:
    """``escape()`` of each of ``values``, escaping them joined in one call:
    escaping replaces character by character, and one call instead of
    hundreds saves about a dozen Python calls per value (issue #20). Values
    that contain the separator are escaped one by one."""
    parts = escape(SEPARATOR.join(values)).split(SEPARATOR)
    if len(parts) != len(values):
        return [escape(value) for value in values]
    return parts
