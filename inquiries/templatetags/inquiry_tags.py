"""Template filters and tags of the inquiry pages."""

from django import template
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from concept.links import page_url_builder
from inquiries.models import Inquiry
from kassel_integration.search import excerpt, marked, plain

register = template.Library()


def _snippet(snippet: str | None, terms: str | None) -> SafeString:
    snippet = snippet or ""
    if terms:  # SQLite: cut a window around the first hit and mark the terms
        snippet = excerpt(snippet, terms.split())
    return marked(snippet)


@register.filter(name="snippet")
def snippet_html(inquiry) -> SafeString:
    """The search snippet of ``inquiry`` as safe HTML with ``<mark>`` highlights."""
    return _snippet(
        getattr(inquiry, "snippet", None), getattr(inquiry, "fallback_terms", None)
    )


@register.simple_tag
def inquiry_items(rows, searched) -> SafeString:
    """The ``<li>`` of each row of ``selectors.inquiry_search()``, written in
    Python rather than by a template loop (issue #20): the markup the list
    template wrote, the snippet only for a search (``searched``)."""
    url = page_url_builder("inquiries:detail", "reference_number")
    months = [str(MONTHS[number]) for number in range(1, 13)]
    # get_status_display() translates every choice of the field per call
    statuses = {value: str(label) for value, label in Inquiry.Status.choices}
    html = []
    for row in rows:
        number = row["reference_number"]
        meta = [f"Vorlage-Nr. {escape(number)} · {escape(row['faction_name'])}"]
        if day := row["submitted_on"]:
            meta.append(f" · eingereicht {day.day}. {months[day.month - 1]} {day.year}")
        if day := row["answered_on"]:
            meta.append(f" · beantwortet {day.day}. {months[day.month - 1]} {day.year}")
        count = row["question_count"]
        status = row["status"]
        meta.append(
            f" · {count} Frage{'' if count == 1 else 'n'}"
            f" · {escape(statuses.get(status, status))}"
        )
        html.append(
            f'\n  <li>\n    <h3><a href="{escape(url(number))}">'
            f"{escape(row['title'])}</a></h3>\n"
            f'    <p class="meta">{"".join(meta)}</p>\n'
        )
        if searched and row.get("snippet"):
            snippet = _snippet(row["snippet"], row.get("fallback_terms"))
            html.append(f'    <p class="snippet">{snippet}</p>\n')
        html.append("  </li>")
    return mark_safe("".join(html))  # noqa: S308 - every value escaped above


@register.filter
def summary(text: str, words: int = 16) -> str:
    """The first words of Markdown ``text`` as plain text (question index)."""
    return Truncator(plain(text)).words(words, truncate=" …")
