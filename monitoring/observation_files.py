"""Import and export of observations in the tidy format of indicator portals:
one row per value. Writes happen only when every row of a file is valid."""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kassel_integration.freshness import data_changed
from kassel_integration.spreadsheets import (
    UNREADABLE,
    blank_row,
    decode_text,
    escape_cell,
    sniff_delimiter,
    too_many_rows,
    unescape_cell,
    unreadable_message,
)

from .models import District, Metric, Observation
from .selectors import observation_is_suppressed

COLUMNS = [
    "Kennzahl",
    "Jahr",
    "Stadtteil",
    "Altersgruppe",
    "Geschlecht",
    "Bereich",
    "Trägerart",
    "Wert",
    "Einheit",
    "Genauigkeit",
    "Summe",
    "Quelle",
    "Anmerkung",
]
REQUIRED = ["Kennzahl", "Jahr", "Wert", "Einheit"]
BREAKDOWN = ["age_group", "gender", "area", "provider_type"]
BREAKDOWN_COLUMNS = ["Altersgruppe", "Geschlecht", "Bereich", "Trägerart"]
# Key or label, as the Messwerte list shows it ("genau" is the empty key).
QUALIFIERS = {
    **{choice.value: choice.value for choice in Observation.Qualifier},
    **{str(choice.label): choice.value for choice in Observation.Qualifier},
}
# "Summe" as the list shows it (ja/nein), or as Excel writes a checkbox.
YES_NO = {
    **dict.fromkeys(["", "nein", "n", "0", "falsch", "false"], False),
    **dict.fromkeys(["ja", "j", "1", "x", "wahr", "true"], True),
}
BATCH = 2000
PROGRESS_STEP = 1000
# No cell of a tidy row is longer; a longer one (a shared string of an XLSX
# repeated in thousands of cells) would only blow up the database.
MAX_CELL_CHARS = 2000
# The text columns with their field; a cell longer than the field is refused.
TEXT_COLUMNS = {
    **dict(zip(BREAKDOWN_COLUMNS, BREAKDOWN, strict=True)),
    "Quelle": "source",
    "Anmerkung": "note",
}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (format, missing columns)."""


@dataclass
class ImportReport:
    errors: list[tuple[int, str]] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _key(metric_id, year, district_id, values):
    return (metric_id, year, district_id, *values)


class RowError(ValueError):
    """Every problem of one row, each a German sentence."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


class RowChecker:
    """Validates one tidy row; shared by the importer and the admin resource.

    Every cell is checked, so one pass names all problems of a row. Cells
    are read as the Messwerte list shows them: the Kennzahl by key or name,
    the Genauigkeit by label ("genau"), "Summe" as ja/nein, the value with a
    decimal comma or point.
    """

    def __init__(self):
        metrics = list(Metric.objects.all())
        self.metrics = {m.name: m for m in metrics} | {m.key: m for m in metrics}
        self.districts = {d.name: d for d in District.objects.all()}

    def clean(self, row: dict) -> dict:
        """Model field values of ``row``; raises RowError naming every problem."""
        problems = _cell_problems(row)
        if problems:  # the other checks would quote the bad cells
            raise RowError(problems)
        data = {}
        for check in (
            self._metric,
            self._year,
            self._value,
            self._unit,
            self._district,
            self._qualifier,
            self._total,
        ):
            try:
                data.update(check(row, data))
            except ValueError as error:
                problems.append(str(error))
        if problems:
            raise RowError(problems)
        return {
            **data,
            **{
                name: unescape_cell(row.get(column))
                for name, column in zip(BREAKDOWN, BREAKDOWN_COLUMNS, strict=True)
            },
            "source": unescape_cell(row.get("Quelle")),
            "note": unescape_cell(row.get("Anmerkung")),
        }

    def _metric(self, row, data):
        key = _required(row, "Kennzahl")
        if key not in self.metrics:
            raise ValueError(f"Unbekannte Kennzahl „{key}“.")
        return {"metric": self.metrics[key]}

    def _year(self, row, data):
        text = _required(row, "Jahr")
        try:
            year = int(text)
        except ValueError:
            raise ValueError(f"Das Jahr „{text}“ ist keine ganze Zahl.") from None
        if not 1990 <= year <= 2100:
            raise ValueError(f"Das Jahr {year} liegt außerhalb von 1990 bis 2100.")
        return {"year": year}

    def _value(self, row, data):
        text = _required(row, "Wert")
        raw = text.replace(" ", "")
        if "," in raw:  # German: 1.200,25
            raw = raw.replace(".", "").replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValueError(f"Der Wert „{text}“ ist keine Zahl.") from None
        if not value.is_finite() or abs(value) >= Decimal("1e12"):
            raise ValueError(f"Der Wert „{text}“ ist keine gültige Zahl.")
        return {"value": value.quantize(Decimal("0.01"))}

    def _unit(self, row, data):
        unit = _required(row, "Einheit")
        metric = data.get("metric")
        if metric is not None and unit != metric.unit:
            raise ValueError(
                f"Die Einheit „{unit}“ passt nicht zur Kennzahl „{metric.key}“ "
                f"(erwartet: „{metric.unit}“)."
            )
        return {}

    def _district(self, row, data):
        name = unescape_cell(row.get("Stadtteil"))
        if name and name not in self.districts:
            raise ValueError(f"Unbekannter Stadtteil „{name}“.")
        return {"district": self.districts.get(name) if name else None}

    def _qualifier(self, row, data):
        qualifier = unescape_cell(row.get("Genauigkeit"))
        if qualifier.lower() not in QUALIFIERS:
            raise ValueError(
                f"Unbekannte Genauigkeit „{qualifier}“ (erlaubt: genau oder leer, "
                "rund, etwa, ca., über, unter, mindestens)."
            )
        return {"qualifier": QUALIFIERS[qualifier.lower()]}

    def _total(self, row, data):
        total = unescape_cell(row.get("Summe"))
        if total.lower() not in YES_NO:
            raise ValueError(f"„Summe“ muss ja oder nein sein, nicht „{total}“.")
        return {"is_total": YES_NO[total.lower()]}


def _max_chars(column: str) -> int:
    name = TEXT_COLUMNS.get(column)
    limit = Observation._meta.get_field(name).max_length if name else None
    return min(limit or MAX_CELL_CHARS, MAX_CELL_CHARS)


def _cell_problems(row: dict) -> list[str]:
    """Cells too long for their field (or any cell over ``MAX_CELL_CHARS``)
    and cells with a NUL character, which no database text may hold."""
    problems = []
    for column in COLUMNS:
        value = row.get(column)
        if not isinstance(value, str):
            continue
        limit = _max_chars(column)
        # Blanks around a cell are forgiven, without copying a huge cell.
        if len(value) > limit and (
            len(value) > limit + 100 or len(value.strip()) > limit
        ):
            chars = f"{limit:,}".replace(",", ".")
            problems.append(f"„{column}“ ist länger als {chars} Zeichen.")
        elif "\x00" in value:
            problems.append(f"„{column}“ enthält ein unzulässiges Steuerzeichen (NUL).")
    return problems


def _required(row: dict, column: str) -> str:
    text = unescape_cell(row.get(column))
    if not text:
        raise ValueError(f"Spalte „{column}“ ist leer.")
    return text


def observation_rows_import(
    *,
    rows: Iterable[dict],
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    writing: Callable[[], None] | None = None,
    locked: Callable[[], None] | None = None,
    user=None,
    reason: str | None = None,
) -> ImportReport:
    """Validate every row, then insert new and update changed observations.

    Any error (line numbers as a spreadsheet shows them, header = line 1)
    means nothing is written. Existing values are updated by their key
    (Kennzahl, Jahr, Stadtteil and the breakdown), never duplicated.
    ``progress(n)`` hears of every ``PROGRESS_STEP`` rows checked and of the
    rest at the end; ``writing()`` is called once all are valid, before the
    one transaction that writes them, ``locked()`` first in that transaction
    (a background job locks its own row there). ``user`` and ``reason`` go into the
    history record of each written value.
    """
    report, checker, cleaned, seen = ImportReport(), RowChecker(), [], {}
    line = 1
    for line, row in enumerate(rows, start=2):
        if blank_row(row):
            continue
        _check_row(checker, line, row, report, cleaned, seen)
        if progress and (line - 1) % PROGRESS_STEP == 0:
            progress(PROGRESS_STEP)
    if progress and (line - 1) % PROGRESS_STEP:
        progress((line - 1) % PROGRESS_STEP)
    if report.errors or dry_run:
        return report
    if writing:
        writing()
    with transaction.atomic():
        if locked:
            locked()
        _write(cleaned, report, history={"user": user, "reason": reason})
    return report


def _check_row(checker, line, row, report, cleaned, seen):
    """Check one row: its cleaned data into ``cleaned``, or its errors."""
    try:
        data = checker.clean(row)
    except ValueError as error:
        report.errors.append((line, str(error)))
        return
    key = _key(
        data["metric"].pk,
        data["year"],
        data["district"].pk if data["district"] else None,
        [data[name] for name in BREAKDOWN],
    )
    if key in seen:
        report.errors.append(
            (
                line,
                f"Derselbe Wert steht schon in Zeile {seen[key]} "
                "(doppelter Schlüssel).",
            )
        )
        return
    seen[key] = line
    cleaned.append((key, data))


def _write(cleaned, report, *, history):
    metric_ids = {key[0] for key, _data in cleaned}
    existing = {
        _key(o.metric_id, o.year, o.district_id, [getattr(o, n) for n in BREAKDOWN]): o
        for o in Observation.objects.filter(metric_id__in=metric_ids).only(
            "pk",
            "metric_id",
            "year",
            "district_id",
            *BREAKDOWN,
            "value",
            "qualifier",
            "is_total",
            "source",
            "note",
        )
    }
    new, changed = [], []
    fields = ["value", "qualifier", "is_total", "source", "note"]
    for key, data in cleaned:
        observation = existing.get(key)
        if observation is None:
            new.append(Observation(**data))
        elif any(getattr(observation, name) != data[name] for name in fields):
            for name in fields:
                setattr(observation, name, data[name])
            changed.append(observation)
        else:
            report.unchanged += 1
    # With a history record per row, like an edit in the admin.
    who = {
        "default_user": history["user"],
        "default_change_reason": history["reason"],
    }
    bulk_create_with_history(new, Observation, batch_size=BATCH, **who)
    bulk_update_with_history(changed, Observation, fields, batch_size=BATCH, **who)
    if new or changed:
        data_changed()  # bulk writes send no signals
    report.created, report.updated = len(new), len(changed)


def observation_rows_export(*, queryset, public: bool = False) -> Iterator[dict]:
    """Tidy rows of ``queryset``; ``public`` hides values under the threshold."""
    for o in queryset.select_related("metric", "district").order_by(
        "metric__key", "year", "district__number", *BREAKDOWN, "pk"
    ):
        if public and observation_is_suppressed(o, o.metric):
            value = f"< {o.metric.disclosure_threshold}"
        else:
            value = format(o.value.normalize(), "f")
        yield {
            "Kennzahl": escape_cell(o.metric.key),
            "Jahr": o.year,
            "Stadtteil": escape_cell(o.district.name if o.district else ""),
            **{
                column: escape_cell(getattr(o, name))
                for name, column in zip(BREAKDOWN, BREAKDOWN_COLUMNS, strict=True)
            },
            "Wert": value,
            "Einheit": escape_cell(o.metric.unit),
            "Genauigkeit": o.qualifier,
            "Summe": "ja" if o.is_total else "nein",
            "Quelle": escape_cell(o.source),
            "Anmerkung": escape_cell(_public_note(o) if public else o.note),
        }


def _public_note(observation: Observation) -> str:
    """The note, led by the rule of a derived year: a public download never
    shows a derived year as a source value."""
    if not observation.year_basis:
        return observation.note
    derived = f"Jahr abgeleitet, nicht aus der Quelle: {observation.year_basis}"
    return f"{derived} {observation.note}".strip()


def read_rows(path: Path, *, max_rows: int | None = None) -> Iterator[dict]:
    """Rows of a CSV (UTF-8 with or without BOM, or Windows-1252; ``;``, ``,``
    or tab) or XLSX file. Stops with the German bound message once more than
    ``max_rows`` (``IMPORT_MAX_ROWS``) rows were read, whatever a count
    before said; a file that cannot be read raises ImportFileError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ImportFileError("Bitte eine CSV- oder XLSX-Datei angeben.")
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    rows = _xlsx_rows(path) if suffix == ".xlsx" else _csv_rows(path)
    try:
        for count, row in enumerate(rows, start=1):
            if count > max_rows:
                raise ImportFileError(" ".join(too_many_rows(max_rows).messages))
            yield row
    except UNREADABLE as error:
        raise ImportFileError(unreadable_message(error)) from error


def _xlsx_rows(path: Path) -> Iterator[dict]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True, data_only=True).active
    lines = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(lines, [])]
    _check_header(header)
    # Only the columns read; the values are the workbook's own strings.
    wanted = [(i, h) for i, h in enumerate(header) if h in COLUMNS]
    for values in lines:
        yield {
            h: ("" if values[i] is None else values[i])
            for i, h in wanted
            if i < len(values)
        }


def _csv_rows(path: Path) -> Iterator[dict]:
    # As German offices save it: UTF-8 (BOM or not) or Windows-1252, ";" "," or tab.
    text = decode_text(path.read_bytes())
    records = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    header = next(records, [])
    _check_header(header)
    # One dict per record, a blank line included ({}): record n is line
    # n + 1 of the spreadsheet, a cell over several lines being one line.
    for cells in records:
        yield dict(zip(header, cells, strict=False))


def _check_header(header):
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ImportFileError(
            "Der Datei fehlen Spalten: " + ", ".join(f"„{c}“" for c in missing) + "."
        )


def rows_to_csv(rows: Iterable[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
