"""Recommendations and the event table as HTML, written by one Python
function per list instead of a template loop with nested includes: a page of
twenty recommendations with their follow-ups otherwise spends most of its
time looking up template variables, formatting dates and reversing the same
URL patterns (issue #20). The markup is that of the former templates
(``roundtable/includes/recommendation*.html``, the rows of
``roundtable/event_list.html``). Whole numbers are written as the templates
wrote them without ``USE_THOUSAND_SEPARATOR``."""

from dataclasses import dataclass
from functools import lru_cache

from django import template
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from kassel_integration.escaping import escape_each
from roundtable.models import Event, Feedback

register = template.Library()

SLOT = "9999999999"  # stands for a key in a reversed address
MARK = "\x00"  # around the number of a text to escape: in no text or markup


@dataclass(frozen=True)
class _Shared:
    """What every recommendation of every page shares, for one language, URL
    configuration and script prefix (``_shared``). Read only."""

    item: str
    event: str
    field: str
    months: list[str]
    kinds: dict[str, str]
    dispositions: dict[str, tuple[str, str]]
    event_kinds: dict[str, str]


@lru_cache(maxsize=16)
def _shared(language: str, resolver, prefix: str) -> _Shared:
    """Addresses reversed with a slot for the key, month names and the
    labels of the choices, translated and escaped once per process for each
    language, URL configuration and script prefix (the key: ``reverse``
    depends on the last two). Doing it per page cost about 0.3 ms:
    get_FOO_display() and the lazy labels translate every choice per call."""
    kinds, dispositions = Feedback.Kind.choices, Feedback.Disposition.choices
    labels = iter(escape_each([str(label) for _, label in kinds + dispositions]))
    return _Shared(
        item=reverse("roundtable:recommendation-detail", kwargs={"pk": SLOT}),
        event=reverse("roundtable:event-detail", kwargs={"slug": SLOT}),
        field=reverse("concept:field-detail", kwargs={"number": SLOT}),
        months=[str(MONTHS[number]) for number in range(1, 13)],
        kinds={value: next(labels) for value, _ in kinds},
        # the values are slugs of the code: nothing to escape
        dispositions={value: (value, next(labels)) for value, _ in dispositions},
        event_kinds={value: str(label) for value, label in Event.Kind.choices},
    )


class _Page:
    """What every recommendation of a page shares: the addresses (with the
    key filled in per item), the month names and labels (``_shared``), and
    the texts to escape, all in one call when the page is filled in."""

    def __init__(self):
        shared = _shared(
            get_language(), get_resolver(get_urlconf()), get_script_prefix()
        )
        self.item, self.event, self.field = shared.item, shared.event, shared.field
        self.months, self.kinds = shared.months, shared.kinds
        self.dispositions, self.event_kinds = shared.dispositions, shared.event_kinds
        self.texts: list[str] = []

    def escape(self, text: str) -> str:
        """A numbered mark where ``text`` goes, escaped by :meth:`fill`
        together with every other text of the page in one call
        (``escape_each``)."""
        self.texts.append(str(text))  # as escape() does
        return f"{MARK}{len(self.texts) - 1}{MARK}"

    def fill(self, html: str) -> SafeString:
        """``html`` with each mark replaced by its text, escaped."""
        parts = html.split(MARK)
        texts, self.texts = escape_each(self.texts), []
        parts[1::2] = [texts[int(number)] for number in parts[1::2]]
        return mark_safe("".join(parts))  # every text went through escape_each()

    def date(self, day) -> str:
        """``day`` as "3. März 2019" (the templates' ``date:"j. F Y"``)."""
        return f"{day.day}. {self.months[day.month - 1]} {day.year}"


def _meta(item, page: _Page) -> str:
    kind = page.kinds.get(item.kind)
    parts = [kind if kind is not None else page.escape(item.kind)]
    if item.source_organisation:
        parts.append(f" von {page.escape(item.source_organisation.name)}")
    elif item.source_name:
        parts.append(f" von {page.escape(item.source_name)}")
    if item.event:
        url = page.event.replace(SLOT, item.event.slug)
        parts.append(
            f' · <a href="{page.escape(url)}">{page.escape(item.event.title)}</a>'
        )
    if item.received_on:
        parts.append(f" · {page.date(item.received_on)}")
        if item.received_on_basis:
            parts.append(
                ' <span class="editorial">(Datum abgeleitet, nicht aus der Quelle: '
                f"{page.escape(item.received_on_basis)})</span>"
            )
    for field in item.field_list:
        url = page.field.replace(SLOT, str(field.number))
        parts.append(f' · <a href="{url}">Handlungsfeld {field.number}</a>')
    return f'  <p class="meta">{"".join(parts)}</p>\n'


def _step(step, page: _Page) -> str:
    when = ""
    if step.date:
        when = (
            f'<time datetime="{step.date.isoformat()}">{page.date(step.date)}</time>: '
        )
    elif step.date_note:
        when = f"{page.escape(step.date_note)}: "
    extra = ""
    if step.organisation:
        extra += f' <span class="meta">({page.escape(step.organisation.name)})</span>'
    if step.measure:
        extra += (
            f' <span class="meta">– Maßnahme: {page.escape(step.measure.title)}</span>'
        )
    return f"    <li>{when}{page.escape(step.text)}{extra}</li>\n"


def _body(item, page: _Page) -> str:
    """Meta line, text, disposition, justification and follow-ups."""
    key, label = page.dispositions.get(item.disposition) or (
        page.escape(item.disposition),
        page.escape(item.disposition),
    )
    html = [
        _meta(item, page),
        f"  <p>{page.escape(item.text)}</p>\n",
        "  <p><strong>Umgang:</strong> <span class="
        f'"disposition disposition-{key}">{label}</span></p>\n',
    ]
    if item.justification:
        html.append(
            f"  <p><strong>Begründung:</strong> {page.escape(item.justification)}</p>\n"
        )
    if item.follow_up_list:
        html.append('  <h4>Was daraus wurde</h4>\n  <ol class="follow-ups">\n')
        html += [_step(step, page) for step in item.follow_up_list]
        html.append("  </ol>\n")
    return "".join(html)


@register.simple_tag
def recommendation_body(item) -> SafeString:
    """One recommendation of ``selectors._feedback_for_pages()`` without its
    title (the permalink page has it as its heading)."""
    page = _Page()
    return page.fill(_body(item, page))


@register.simple_tag
def recommendation_articles(items) -> SafeString:
    """Each recommendation of ``items`` as an ``<article>`` with an ``<h3>``
    title linking to its permalink page."""
    page, html = _Page(), []
    for item in items:
        anchor = f"empfehlung-{item.pk}"
        url = page.item.replace(SLOT, str(item.pk))
        html.append(
            f'<article class="recommendation" id="{anchor}" '
            f'aria-labelledby="{anchor}-titel">\n'
            f'  <h3 id="{anchor}-titel"><a href="{url}">{page.escape(item.title)}'
            "</a></h3>\n"
            f"{_body(item, page)}</article>"
        )
    return page.fill("".join(html))


@register.simple_tag
def disposition_definitions(legend) -> SafeString:
    """The definitions of the dispositions (``selectors.disposition_legend()``)
    as a ``<details>`` list."""
    rows = "".join(
        f'<dt><span class="disposition disposition-{escape(key)}">{escape(label)}'
        f"</span></dt><dd>{escape(definition)}</dd>"
        for key, label, definition in legend
    )
    return mark_safe(  # every value went through escape()
        '<details class="definitions">\n'
        "  <summary>Was der Umgang bedeutet</summary>\n"
        f"  <dl>{rows}</dl>\n"
        "</details>"
    )


def _participants(event, page: _Page) -> str:
    if event.participants:
        about = "ca. " if event.participants_approximate else ""
        scope = ""
        if event.participants_scope:
            scope = (
                f' <span class="meta">({page.escape(event.participants_scope)})</span>'
            )
        return f"{about}{event.participants}{scope}"
    if event.body_size:
        about = "ca. " if event.body_size_approximate else ""
        return (
            '<span class="meta">keine Angabe; Mitglieder des Gremiums: '
            f"{about}{event.body_size}</span>"
        )
    return ""


def _documents(event, page: _Page) -> str:
    html = ""
    if event.documents_sent_on:
        html = (
            f"{page.date(event.documents_sent_on)} "
            f"({event.documents_lead_days} Tage vorher)"
        )
    if event.documents:
        html += f' <a href="{page.escape(event.documents.url)}">Unterlagen</a>'
    return html


@register.simple_tag
def event_rows(events) -> SafeString:
    """A table row per event of ``selectors.event_list()``: date, title with
    kind, state, participants, documents and the number of recommendations."""
    page, html = _Page(), []
    for event in events:
        date = page.date(event.date) if event.date else page.escape(event.date_note)
        url = page.event.replace(SLOT, event.slug)
        kind = page.event_kinds.get(event.kind, event.kind)
        html.append(
            "  <tr>\n"
            f'    <td data-label="Datum">{date}</td>\n'
            f'    <th scope="row"><a href="{page.escape(url)}">'
            f"{page.escape(event.title)}</a>"
            f'<br><span class="meta">{page.escape(kind)}</span></th>\n'
            f'    <td data-label="Stand">{page.escape(event.state_label)}</td>\n'
            f'    <td data-label="Teilnehmende">{_participants(event, page)}</td>\n'
            '    <td data-label="Unterlagen versandt">'
            f"{_documents(event, page)}</td>\n"
            '    <td class="value" data-label="Empfehlungen">'
            f"{event.feedback_count}</td>\n"
            "  </tr>\n"
        )
    return page.fill("".join(html))
