"""Template filters and tags of the inquiry pages."""

from django import template
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from concept.links import page_url_builder
from inquiries.models import Inquiry
from kassel_integration.escaping import escape_each
from kassel_integration.search import excerpt, plain, with_marks

register = template.Library()


@register.simple_tag
def inquiry_items(rows, searched) -> SafeString:
    """The ``<li>`` of each row of ``selectors.inquiry_search()``, written in
    Python rather than by a template loop (issue #20): the markup the list
    template wrote, the snippet only for a search (``searched``). The texts
    of all rows are escaped in one call (``escape_each``)."""
    url = page_url_builder("inquiries:detail", "reference_number")
    months = [str(MONTHS[number]) for number in range(1, 13)]
    # get_status_display() translates every choice of the field per call
    statuses = {value: str(label) for value, label in Inquiry.Status.choices}
    texts = []
    for row in rows:
        number, status, snippet = row["reference_number"], row["status"], ""
        if searched and row.get("snippet"):
            snippet = row["snippet"]
            if terms := row.get("fallback_terms"):  # SQLite: cut and mark here
                snippet = excerpt(snippet, terms.split())
        texts += [
            number,
            row["faction_name"],
            statuses.get(status, status),
            url(number),
            row["title"],
            snippet,
        ]
    escaped = escape_each(texts)
    html = []
    for index, row in enumerate(rows):
        number, faction, status, address, title, snippet = escaped[
            6 * index : 6 * index + 6
        ]
        meta = [f"Vorlage-Nr. {number} · {faction}"]
        if day := row["submitted_on"]:
            meta.append(f" · eingereicht {day.day}. {months[day.month - 1]} {day.year}")
        if day := row["answered_on"]:
            meta.append(f" · beantwortet {day.day}. {months[day.month - 1]} {day.year}")
        count = row["question_count"]
        meta.append(f" · {count} Frage{'' if count == 1 else 'n'} · {status}")
        html.append(
            f'\n  <li>\n    <h3><a href="{address}">{title}</a></h3>\n'
            f'    <p class="meta">{"".join(meta)}</p>\n'
        )
        if searched and row.get("snippet"):
            html.append(f'    <p class="snippet">{with_marks(snippet)}</p>\n')
        html.append("  </li>")
    return mark_safe("".join(html))  # noqa: S308 - every value escaped above


@register.simple_tag
def question_index(questions) -> SafeString:
    """The ``<li>`` of each question of the page's index (its number and
    ``summary``), written in Python rather than by a template loop (issue
    #20); ``questions``: rows of ``selectors.inquiry_question_rows()``."""
    numbers = escape_each([question["number"] for question in questions])
    summaries = escape_each([summary(question["text"]) for question in questions])
    return mark_safe(  # noqa: S308 - every value escaped above
        "".join(
            f'<li><a href="#frage-{number}"><span class="number">Frage {number}'
            f"</span>{text}</a></li>"
            for number, text in zip(numbers, summaries, strict=True)
        )
    )


_CONCERNS = (
    '\n    <p class="meta editorial">Betrifft (Zuordnung der Redaktion, nicht'
    " Teil der Anfrage oder Antwort):\n      {fields}\n      {goals}\n    </p>\n    "
)


def _links(concerns) -> list[str]:
    return [
        f'<a href="{escape(concern.url)}">{escape(concern.label)}</a>'
        for concern in concerns
    ]


@register.simple_tag
def question_items(questions, answered) -> SafeString:
    """The ``<article>`` of each question with its answer (``answered``) and
    the fields and goals it concerns, written in Python rather than by a
    template loop (issue #20): the markup the detail template wrote. The
    stored HTML (``text_html``, ``answer_html``) was sanitised when saved."""
    numbers = escape_each([question["number"] for question in questions])
    back = (
        '<p class="meta"><a href="#fragen-uebersicht">Zur Übersicht der Fragen</a></p>'
        if len(questions) > 1
        else ""
    )
    html = []
    for question, number in zip(questions, numbers, strict=True):
        html.append(
            f'\n  <article class="question" id="frage-{number}"'
            f' aria-labelledby="frage-{number}-titel">\n'
            f'    <h3 id="frage-{number}-titel">Frage {number}</h3>\n'
            f'    <div class="question-text prose">{question["text_html"]}</div>\n    '
        )
        if answered and question["answer"]:
            html.append(
                "\n    <h4>Antwort des Magistrats</h4>\n"
                f'    <div class="answer prose">{question["answer_html"]}</div>\n    '
            )
        html.append("\n    ")
        fields = _links(question["field_list"])
        goals = _links(question["goal_list"])
        if fields or goals:
            html.append(
                _CONCERNS.format(
                    fields=", ".join(fields) + (", " if fields and goals else ""),
                    goals=", ".join(goals),
                )
            )
        html.append(f"\n    {back}\n  </article>\n  ")
    return mark_safe("".join(html))  # noqa: S308 - every value escaped above


@register.filter
def summary(text: str, words: int = 16) -> str:
    """The first words of Markdown ``text`` as plain text (question index)."""
    return Truncator(plain(text)).words(words, truncate=" …")
