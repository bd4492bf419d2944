"""Markdown to safe HTML for answers, narratives and feedback.

python-markdown renders (tables, lists, emphasis, links); nh3 (the Rust
``ammonia`` sanitiser) then keeps only a safe subset, so scripts, event
handlers and ``javascript:`` links never reach a page. This module imports
no app; the model fields and helpers at the end keep the HTML of every
rich-text field beside its source (rendered when written, not when read).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.safestring import SafeString, mark_safe

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "h3",
    "h4",
    "h5",
    "h6",
    "code",
    "pre",
    "hr",
    "sup",
    "sub",
    "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope", "align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# A header only for screen readers, where the source shows none (the sums
# column of a table): <span class="visually-hidden">Summe</span>.
ALLOWED_CLASSES = {"span": {"visually-hidden"}}


TOTAL = "Summe"
SCROLL_REGION = (
    '<div class="table-scroll" role="region" aria-label="Tabelle" tabindex="0">'
)
SCROLL_HINT = '<p class="scroll-hint">Tabelle seitlich verschiebbar ↔</p>'
WIDE_COLUMNS = 4  # from this many columns a table is wider than a phone
_TABLE = re.compile(r"<table>.*?</table>", re.S)
_NUMBER = re.compile(r"^\*{0,2}-?\d[\d.]*(,\d+)?\*{0,2}$")


def _number(cell: str) -> int | None:
    cell = cell.strip()
    if not _NUMBER.match(cell) or "," in cell:
        return None
    return int(cell.strip("*").replace(".", ""))


def _label_table(rows: list[list[str]]) -> list[list[str]]:
    """A table's unlabelled sum column and sum row get the label "Summe"
    (only where the numbers are the sums), numeric columns align right."""
    header, body = rows[0], rows[2:]
    values = [[_number(cell) for cell in row] for row in body]
    if (
        header[-1].strip() == ""
        and body
        and all(
            v[-1] is not None and v[-1] == sum(x or 0 for x in v[1:-1]) for v in values
        )
    ):
        header[-1] = f" {TOTAL} "
    for index, row in enumerate(body[1:], start=1):
        above = values[:index]
        if row[0].strip() == "" and all(
            v is not None and v == sum(r[col] or 0 for r in above)
            for col, v in enumerate(values[index][1:], start=1)
        ):
            row[0] = f" **{TOTAL}** "
    rows[1] = [
        "---:" if body and all(v[col] is not None for v in values) else cell
        for col, cell in enumerate(rows[1])
    ]
    return rows


def _label_tables(text: str) -> str:
    lines, out, table = text.split("\n"), [], []
    for line in [*lines, ""]:
        if line.startswith("|") and line.rstrip().endswith("|"):
            table.append(line.strip()[1:-1].split("|"))
            continue
        if len(table) >= 3 and set("".join(table[1])) <= set("-: "):
            table = _label_table(table)
        out.extend("|" + "|".join(row) + "|" for row in table)
        table = []
        out.append(line)
    return "\n".join(out[:-1])


def _wrap_table(match: re.Match) -> str:
    """A table scrolls inside a focusable region; wide ones say so on phones."""
    table = match[0]
    head = table.split("</tr>", 1)[0]
    hint = SCROLL_HINT if head.count("<th") >= WIDE_COLUMNS else ""
    return f"{SCROLL_REGION}{hint}{table}</div>"


def render_markdown(text: str) -> SafeString:
    """Render Markdown ``text`` and return sanitised HTML, safe for templates.
    Tables scroll sideways behind a visible hint; sums are labelled."""
    html = markdown_lib.markdown(
        _label_tables(text or ""),
        extensions=["tables", "sane_lists"],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    html = html.replace("<th>", '<th scope="col">').replace(
        '<th align="right">', '<th scope="col" align="right">'
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        allowed_classes=ALLOWED_CLASSES,
        link_rel="noopener noreferrer",
    )
    clean = _TABLE.sub(_wrap_table, clean)
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 above, fixed markup added


# Stored HTML: every rich-text field has a MarkdownHtmlField beside it and the
# model one RendererVersionField. Both render on every write that runs the
# fields' pre_save (save() and bulk_create); loaddata (raw) and bulk_update do
# not, so load_seed and restore call stored_html_render() afterwards.
RENDERER_VERSION = 2  # raise when the renderer or its allow-list changes


class MarkdownHtmlField(models.TextField):
    """The sanitised HTML of the Markdown in the field ``source``, rendered
    whenever the row is written; read back as safe HTML."""

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        html = render_markdown(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, html)
        return html

    def from_db_value(self, value, expression, connection):
        return mark_safe(value)  # noqa: S308 - sanitised when written


class RendererVersionField(models.PositiveSmallIntegerField):
    """The RENDERER_VERSION of the row's stored HTML (0: never rendered)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", 0)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        setattr(model_instance, self.attname, RENDERER_VERSION)
        return RENDERER_VERSION


def _fields(model, kind) -> list:
    return [f for f in model._meta.concrete_fields if isinstance(f, kind)]


def stored_html_models() -> list:
    """Every model with stored HTML."""
    return [m for m in apps.get_models() if _fields(m, RendererVersionField)]


def stored_html_stale(model) -> models.QuerySet:
    """The rows of ``model`` whose HTML is older than the renderer."""
    (version,) = _fields(model, RendererVersionField)
    return model._base_manager.filter(**{f"{version.name}__lt": RENDERER_VERSION})


def stored_html_render(model, *, stale_only: bool = False, batch: int = 500) -> int:
    """Render the stored HTML of every row of ``model`` (or of the stale
    ones) anew, without history or signals; the number of rows. Works on
    the historical models of a migration too."""
    html_fields = _fields(model, MarkdownHtmlField)
    (version,) = _fields(model, RendererVersionField)
    rows = stored_html_stale(model) if stale_only else model._base_manager.all()
    rows = rows.only("pk", *(f.source for f in html_fields)).order_by("pk")
    changed, count = [], 0
    for row in rows.iterator(chunk_size=batch):
        for field in [*html_fields, version]:
            field.pre_save(row, add=False)
        changed.append(row)
        if len(changed) == batch:
            count += _write(model, changed, [*html_fields, version])
    return count + _write(model, changed, [*html_fields, version])


def _write(model, rows: list, fields: list) -> int:
    model._base_manager.bulk_update(rows, [f.name for f in fields])
    count = len(rows)
    rows.clear()
    return count


@dataclass(frozen=True)
class StoredRendering:
    """Another text an app renders when it is written, not when it is read,
    from more than one row (e.g. an inquiry's full text from its questions):
    ``render(stale_only)`` writes it anew and gives the number of rows,
    ``stale()`` the rows written by an older renderer. Registered by the app
    (``stored_rendering_register``), rendered with the stored HTML."""

    name: str
    render: Callable[[bool], int]
    stale: Callable[[], models.QuerySet]


_RENDERINGS: list[StoredRendering] = []


def stored_rendering_register(rendering: StoredRendering) -> None:
    _RENDERINGS.append(rendering)


def stored_renderings() -> list[StoredRendering]:
    return list(_RENDERINGS)


def stored_html_render_all(*, stale_only: bool = False) -> int:
    """Render the stored HTML of every model anew (or of the stale rows),
    and the other stored renderings; the number of rows. The caller raises
    the data version."""
    return sum(
        stored_html_render(model, stale_only=stale_only)
        for model in stored_html_models()
    ) + sum(rendering.render(stale_only) for rendering in _RENDERINGS)
