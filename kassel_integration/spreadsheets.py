"""Spreadsheet files in and out, safely (imports no app).

- Export: a cell that a spreadsheet program would run as a formula (it starts
  with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a
  leading apostrophe, in CSV and XLSX alike; imports take the apostrophe off
  again, so an exported file imports unchanged. Every export of the site, in
  the admin and on public pages, goes through :func:`escape_cell`.
- Import: a file is measured as a stream before any row is read; a file over
  the bounds (``IMPORT_MAX_ROWS`` rows, ``IMPORT_MAX_MB`` megabytes unpacked)
  is refused with a German message naming the bound. In the admin, which
  previews every row inside one web request, the row bound is
  ``ADMIN_IMPORT_MAX_ROWS``, so that no import outlasts a worker's timeout.
"""

import csv
import io
import re
import zipfile
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats

import tablib
from import_export import resources, widgets
from import_export.formats import base_formats

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 1024 * 1024


def escape_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading "'";
    numbers, dates and empty cells stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unescape_cell(value) -> str:
    """A cell as stripped text, without the apostrophe :func:`escape_cell` added."""
    text = "" if value is None else str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def german_number(value) -> str:
    """A number as German staff write it: "430,5", "1.200,25"; empty for None."""
    if value is None:
        return ""
    plain = Decimal(format(Decimal(value).normalize(), "f"))
    return formats.number_format(plain, use_l10n=True, force_grouping=True)


class GermanNumberWidget(widgets.Widget):
    """Shows a number in the import preview as "430,5"."""

    def render(self, value, obj=None, **kwargs):
        return german_number(value)


class YesNoWidget(widgets.Widget):
    """Shows a flag in the import preview as "ja" or "nein"."""

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else ("ja" if value else "nein")


class ChoiceLabelWidget(widgets.Widget):
    """Shows a choice in the import preview by its label ("genau")."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.labels = {key: str(label) for key, label in choices}

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, "" if value is None else str(value))


def missing_columns_error(missing, *, expected) -> ValueError:
    """The file-level error of an import whose header lacks columns."""
    return ValueError(
        "Der Datei fehlen Spalten: "
        + ", ".join(f"„{column}“" for column in missing)
        + ". Erwartet werden: "
        + ", ".join(expected)
        + "."
    )


class SpreadsheetResource(resources.ModelResource):
    """A resource whose exported cells never run as formulas and whose import
    reads such escaped cells back unchanged."""

    def after_init_instance(self, instance, new, row, **kwargs):
        # The admin passes ``may_add=False`` for a user who may change but
        # not add records: a row that would create one is refused.
        if new and kwargs.get("may_add") is False:
            raise ValidationError(
                "Diese Zeile würde einen neuen Datensatz anlegen; dazu fehlt "
                "Ihnen die Berechtigung.",
                code="add_not_permitted",
            )
        super().after_init_instance(instance, new, row, **kwargs)

    # One example row of the import template ("Vorlage herunterladen").
    example_row: dict = {}

    def template_dataset(self, *, text: bool) -> tablib.Dataset:
        """The columns the import reads and one example row; with ``text``
        (CSV) numbers are written the German way ("430,5")."""
        headers = [field.column_name for field in self.get_import_fields()]
        row = [self.example_row.get(header, "") for header in headers]
        if text:
            row = [german_number(v) if isinstance(v, Decimal) else v for v in row]
        return tablib.Dataset(row, headers=headers)

    def export_field(self, field, instance, **kwargs):
        return escape_cell(super().export_field(field, instance, **kwargs))

    def import_row(self, row, instance_loader, **kwargs):
        """A blank line is skipped, and counted like every line."""
        if blank_row(row):
            skipped = self.get_row_result_class()()
            skipped.import_type = skipped.IMPORT_TYPE_SKIP
            return skipped
        return super().import_row(row, instance_loader, **kwargs)

    def before_import(self, dataset, **kwargs):
        _refuse_nul(dataset, {f.column_name for f in self.get_import_fields()})
        rows = [
            [unescape_cell(cell) if isinstance(cell, str) else cell for cell in row]
            for row in dataset
        ]
        headers = dataset.headers
        dataset.wipe()
        dataset.headers = headers
        for row in rows:
            dataset.append(row)
        super().before_import(dataset, **kwargs)


def _refuse_nul(dataset, columns) -> None:
    """No database text may hold a NUL character: a file with one in a
    column read (``columns``) is refused as a whole, naming each such cell
    by line and column; other columns are left to the header checks."""
    headers = [h if h in columns else None for h in dataset.headers or []]
    found = [
        f"Zeile {line}: „{header}“ enthält ein unzulässiges Steuerzeichen (NUL)."
        for line, row in enumerate(dataset, start=2)
        for header, cell in zip(headers, row, strict=False)
        if header and isinstance(cell, str) and "\x00" in cell
    ]
    if found:
        del dataset[:]
        raise ValueError(" ".join(found[:20]))


def blank_row(row: dict) -> bool:
    """A blank line of a spreadsheet: skipped, but counted like every line,
    so that the lines named in messages are those the spreadsheet shows."""
    return all(cell is None or str(cell).strip() == "" for cell in row.values())


def decode_text(data: bytes) -> str:
    """Text of a CSV file as German offices save it: UTF-8 (with or without
    the BOM Excel writes), else Windows-1252 ("CSV (Trennzeichen-getrennt)")."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    """``;`` (German Excel), ``,`` or a tab, read from the header line."""
    header = re.split(r"[\r\n]", text, maxsplit=1)[0]
    return max([";", ",", "\t"], key=header.count) if header else ","


class GermanCSV(base_formats.CSV):
    """CSV as German offices produce it: separator (``;``, ``,``, tab) and
    encoding (UTF-8 with or without BOM, Windows-1252) detected. The file is
    kept as bytes until then, so no decoding error reaches a page."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        text = decode_text(in_stream) if isinstance(in_stream, bytes) else in_stream
        dataset = tablib.Dataset()
        delimiter = sniff_delimiter(text)
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as error:
            raise ValueError(unreadable_message(error)) from None
        if rows:
            width = len(rows[0])
            dataset.headers = [cell.strip() for cell in rows[0]]
            # Blank lines stay, so that row n is line n + 1 of the
            # spreadsheet; the resource skips them (``import_row``).
            for row in rows[1:]:
                dataset.append((row + [""] * width)[:width])
        return dataset

    def export_data(self, dataset, **kwargs):
        # With the BOM, Excel opens the UTF-8 file with its umlauts intact.
        return "\ufeff" + super().export_data(dataset, **kwargs)


def _too_large(limit_mb: float) -> ValidationError:
    return ValidationError(
        "Die Datei ist entpackt größer als %(max)s MB und wird nicht eingelesen. "
        "Bitte teilen Sie sie in kleinere Dateien auf.",
        code="import_too_large",
        params={"max": f"{limit_mb:g}"},
    )


def _too_many_rows(max_rows: int) -> ValidationError:
    return ValidationError(
        "Die Datei hat mehr als %(max)s Zeilen und wird nicht eingelesen. "
        "Bitte teilen Sie sie in Dateien zu höchstens %(max)s Zeilen auf.",
        code="import_too_many_rows",
        params={"max": f"{max_rows:,}".replace(",", ".")},
    )


too_many_rows = _too_many_rows

# Errors of a file that is not what it claims to be: a broken CSV (a cell
# over the csv module's limit), a zip without a workbook, broken XML.
UNREADABLE = (csv.Error, zipfile.BadZipFile, KeyError, EOFError, SyntaxError)


def unreadable_message(error: Exception) -> str:
    """The German sentence for a file that could not be read (``error``
    one of ``UNREADABLE``); the English text of the error is not shown."""
    if isinstance(error, csv.Error):
        if "field larger than field limit" in str(error):
            reason = (
                "Eine Zelle ist länger als "
                f"{csv.field_size_limit():,} Zeichen.".replace(",", ".")
            )
        else:
            reason = "Sie ist keine gültige CSV-Datei."
    else:
        reason = "Sie ist keine gültige Excel-Datei (XLSX)."
    return f"Die Datei konnte nicht gelesen werden: {reason}"


def _count_csv(stream, max_rows, max_bytes) -> int:
    """Lines of a CSV, whatever their break (``\n``, ``\r\n``, a lone ``\r``
    as Excel for Mac writes it), and a last line without its break."""
    rows = size = 0
    last = b"\n"
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        size += len(chunk)
        # "\r\n" split between two chunks counts once: its "\r" ended a line.
        skip_lf = last == b"\r" and chunk.startswith(b"\n")
        rows += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
        rows -= skip_lf
        last = chunk[-1:]
        if size > max_bytes:
            raise _too_large(max_bytes / CHUNK)
        if rows > max_rows + 1:  # the header line does not count
            raise _too_many_rows(max_rows)
    rows += last not in (b"\n", b"\r")  # a last line without its line break
    if rows > max_rows + 1:
        raise _too_many_rows(max_rows)
    return rows


# A row element, with or without a namespace prefix ("<row ", "<x:row>",
# "<row/>", "<row\n"); "<rowBreaks" and the like are not rows. Every member
# of the archive is searched: the workbook may keep a sheet under any name,
# and "<" never stands for itself in the text of the other parts.
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


def _count_member(member, counted, max_rows, max_bytes) -> None:
    """Add ``member``'s unpacked bytes and rows to ``counted`` (a two-item
    list), stopping at a bound."""
    tail = b""  # a tag split between two chunks is found once
    for chunk in iter(lambda: member.read(CHUNK), b""):
        counted[1] += len(chunk)
        # Rows wholly in the tail were counted with the last chunk.
        data = tail + chunk
        counted[0] += len(ROW_TAG.findall(data)) - len(ROW_TAG.findall(tail))
        tail = chunk[-256:]
        if counted[1] > max_bytes:
            raise _too_large(max_bytes / CHUNK)
        if counted[0] > max_rows + 1:
            raise _too_many_rows(max_rows)


def _count_xlsx(stream, max_rows, max_bytes) -> int:
    """Unpack every member as a stream, counting the sheets' rows, and stop
    at a bound; the sizes the archive claims are not trusted."""
    counted = [0, 0]  # rows, unpacked bytes
    try:
        archive = zipfile.ZipFile(stream)
        for info in archive.infolist():
            with archive.open(info) as member:
                _count_member(member, counted, max_rows, max_bytes)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError):
        raise ValidationError(
            "Die Datei ist keine lesbare Excel-Datei (XLSX).", code="import_unreadable"
        ) from None
    return counted[0]


def check_import_file(upload, *, max_rows=None, max_mb=None) -> int:
    """Refuse ``upload`` (a Django uploaded file) if it has more rows or more
    unpacked bytes than the bounds allow. Reads the file once as a stream and
    returns the rows under the header as counted (lines of a CSV, rows of
    the sheets; an estimate for progress, not a promise)."""
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    max_bytes = int((max_mb or settings.IMPORT_MAX_MB) * CHUNK)
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    try:
        if head.startswith(b"PK"):
            rows = _count_xlsx(upload, max_rows, max_bytes)
        else:
            rows = _count_csv(upload, max_rows, max_bytes)
    finally:
        upload.seek(0)
    return max(rows - 1, 0)
