"""The version history in German: each change shown as a word diff.

simple-history shortens long values to "[N chars]" and prints ``None``,
``True`` or raw choice keys. Here a value reads as the admin shows it
("ja", "15.03.2021", the choice label, "–" for empty) and the words that
changed are marked with ``<del>``/``<ins>``. This module imports no app.
"""

import datetime
import difflib
import re
from decimal import Decimal

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe

from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "–"
WORDS = re.compile(r"\s*\S+|\s+$")  # each word with the space before it


def display_value(field, value) -> str:
    """``value`` of ``field`` as a staff member reads it."""
    if value in (None, "", []):
        return EMPTY
    if isinstance(value, list):
        return ", ".join(sorted(str(item) for item in value)) or EMPTY
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime | datetime.date | Decimal | float):
        return formats.localize(value, use_l10n=True)
    return str(value)


def word_diff(old: str, new: str) -> tuple[str, str]:
    """HTML of ``old`` and ``new`` with removed words in ``<del>`` and added
    words in ``<ins>``; everything else escaped as it is."""
    if EMPTY in (old, new):  # from or to nothing: the whole value changed
        return (
            escape(old) if old == EMPTY else f"<del>{escape(old)}</del>",
            escape(new) if new == EMPTY else f"<ins>{escape(new)}</ins>",
        )
    before, after = WORDS.findall(old), WORDS.findall(new)
    old_html, new_html = [], []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if tag == "equal":
            old_html.append(escape(removed))
            new_html.append(escape(added))
            continue
        if removed:
            old_html.append(_marked("del", removed))
        if added:
            new_html.append(_marked("ins", added))
    return "".join(old_html), "".join(new_html)


def _marked(tag: str, text: str) -> str:
    """``text`` escaped inside ``tag``, its leading space left outside."""
    words = text.lstrip()
    space = text[: len(text) - len(words)]
    return f"{escape(space)}<{tag}>{escape(words)}</{tag}>"


class GermanHistoryContextHelper(HistoricalRecordContextHelper):
    """Changes of one history record as German text with a word diff."""

    def stringify_delta_change_values(self, change, old, new):
        field = self.model._meta.get_field(change.field)
        old_html, new_html = word_diff(
            display_value(field, old), display_value(field, new)
        )
        return mark_safe(old_html), mark_safe(new_html)  # noqa: S308 (escaped)
