"""What OParl says about a file: size, SHA-512, the MIME type of its bytes
and its text; and the full text of an inquiry as Markdown (its mainFile)."""

import datetime
import functools
import hashlib
import io
import re
import subprocess
import zipfile
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import PurePosixPath

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import get_language

from ..models import Attachment, Inquiry
from .common import ANSWERED

MARKDOWN = "text/markdown"
ZIP_TYPES = {  # the first entry that tells which office format a ZIP is
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "xl/workbook.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
}
OFFICE_TEXT = {  # where the text of an office document is
    ZIP_TYPES["word/document.xml"]: "word/document.xml",
    "application/vnd.oasis.opendocument.text": "content.xml",
}
TEXT_TIMEOUT = 30  # seconds for pdftotext on one file
_TAG = re.compile(r"<[^>]+>")


def mime_type_sniff(data: bytes, name: str = "") -> str:
    """The MIME type the bytes show (not the name's extension)."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(archive.namelist())
            if "mimetype" in names:  # OpenDocument names its type first
                return archive.read("mimetype").decode("ascii").strip()
        except (zipfile.BadZipFile, UnicodeDecodeError, KeyError):
            return "application/zip"
        for entry, mime_type in ZIP_TYPES.items():
            if entry in names:
                return mime_type
        return "application/zip"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/csv" if name.lower().endswith(".csv") else "text/plain"


def _xml_text(archive: zipfile.ZipFile, entry: str) -> str:
    xml = archive.read(entry).decode("utf-8")
    xml = re.sub(r"</(w:p|text:p|text:h)>", "\n", xml)
    return _TAG.sub("", xml)


def text_extract(data: bytes, mime_type: str) -> str:
    """The text of a file where it has one (PDF text layer via poppler's
    pdftotext, Word and OpenDocument text, plain text); else ""."""
    if mime_type.startswith("text/"):
        return data.decode("utf-8")
    if mime_type == "application/pdf":
        try:
            result = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", "-", "-"],
                input=data,
                capture_output=True,
                timeout=TEXT_TIMEOUT,
                check=True,
            )
        except (OSError, subprocess.SubprocessError):
            return ""
        return result.stdout.decode("utf-8", "replace").strip()
    entry = OFFICE_TEXT.get(mime_type)
    if entry is None:
        return ""
    try:
        return _xml_text(zipfile.ZipFile(io.BytesIO(data)), entry).strip()
    except (zipfile.BadZipFile, UnicodeDecodeError, KeyError):
        return ""


def attachment_facts(attachment: Attachment) -> dict:
    """Size, SHA-512, MIME type and text of an attachment's stored bytes
    (empty when there is no file or the storage has lost it)."""
    empty = {
        "file_size": None,
        "file_sha512": "",
        "file_mime_type": "",
        "file_text": "",
    }
    if not attachment.file:
        return empty
    try:
        with attachment.file.storage.open(attachment.file.name, "rb") as handle:
            data = handle.read()
    except OSError:
        return empty
    mime_type = mime_type_sniff(data, PurePosixPath(attachment.file.name).name)
    return {
        "file_size": len(data),
        "file_sha512": hashlib.sha512(data).hexdigest(),
        "file_mime_type": mime_type,
        "file_text": text_extract(data, mime_type),
    }


@functools.lru_cache(maxsize=8192)
def _day(value: datetime.date | None, language: str | None) -> str:
    """``12. Juni 2020`` (as the template filter ``date:"j. F Y"``), once per
    day and language: a bulk load formats thousands of dates."""
    return date_format(value, "j. F Y") if value else ""


def inquiry_full_text(inquiry: "_FullTextSource", questions, *, language=None) -> str:
    """The inquiry as Markdown from the same data as its page: preamble,
    questions (rows of number, text and the answer once published) and,
    once answered, the answers (nothing internal).

    Built from strings, not a template: ``full_text_refresh`` makes one for
    each inquiry written (thousands after a bulk load), and stores it.
    ``importer.full_text_parse`` reads this layout: a change of it raises
    ``FULL_TEXT_VERSION``. Dates in ``language``, by default the active one.
    """
    language = language or get_language()
    answered = inquiry.is_answered
    parts = [f"# Anfrage {inquiry.reference_number}: {inquiry.title}\n"]
    if inquiry.submitted_on:
        parts.append(f"\nEingereicht am {_day(inquiry.submitted_on, language)}.")
    if inquiry.preamble:
        parts.append(f"\n\n## Vorbemerkung der Fraktion\n\n{inquiry.preamble}")
    if answered:
        day = _day(inquiry.answered_on, language)
        parts.append(f"\n\n## Antwort des Magistrats vom {day}")
        if inquiry.public_introduction:
            parts.append(f"\n\n{inquiry.public_introduction}")
    parts.append("\n\n## Fragen und Antworten\n" if answered else "\n\n## Fragen\n")
    parts += [
        f"\n### Frage {number}\n\n{text}"
        + (
            f"\n\n#### Antwort des Magistrats\n\n{public_answer}"
            if answered and public_answer
            else ""
        )
        + "\n"
        for number, text, public_answer in questions
    ]
    parts.append("\n")
    return "".join(parts)


# The full text is stored with its inquiry (``Inquiry.full_text``, with its
# size in bytes and its SHA-512), written whenever the inquiry or one of its
# questions is (``tracking``), not built on every read: a page of papers
# serves a hundred. Raise FULL_TEXT_VERSION when the layout of
# ``inquiry_full_text`` changes, and add a data migration that calls
# ``full_text_refresh``; until then the system check W002 warns, and
# ``manage.py markdown_render`` writes every full text anew.
FULL_TEXT_VERSION = 1
FULL_TEXT_FIELDS = (
    "full_text",
    "full_text_size",
    "full_text_sha512",
    "full_text_version",
)
_SOURCE_FIELDS = (
    "reference_number",
    "title",
    "submitted_on",
    "preamble",
    "status",
    "answered_on",
    "answer_introduction",
)


@dataclass(slots=True)
class _FullTextSource:
    """What ``inquiry_full_text`` reads of an inquiry: nothing internal, and
    the introduction of the answer only once it is answered."""

    reference_number: str
    title: str
    submitted_on: datetime.date | None
    preamble: str
    status: str
    answered_on: datetime.date | None
    answer_introduction: str

    @property
    def is_answered(self) -> bool:
        return self.status == ANSWERED

    @property
    def public_introduction(self) -> str:
        return self.answer_introduction if self.is_answered else ""


def full_text_refresh(inquiries: QuerySet, *, batch: int = 500) -> int:
    """Write the full text (in the site's language), its size and SHA-512
    for each of ``inquiries`` (a queryset of the model, or of its historical
    model in a migration), without history or signals; the number of
    inquiries. An answer is written only while its inquiry is answered."""
    model = inquiries.model
    questions = model._meta.get_field("questions").related_model._base_manager
    ids = list(inquiries.order_by("pk").values_list("pk", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            rows = list(
                model._base_manager.filter(pk__in=chunk)
                .order_by("pk")
                .only("pk", *_SOURCE_FIELDS)
            )
            asked = questions.filter(inquiry_id__in=chunk).order_by(
                "inquiry_id", "position"
            )
            by_inquiry = {
                inquiry_id: [row[1:] for row in group]
                for inquiry_id, group in groupby(
                    asked.values_list("inquiry_id", "number", "text", "answer"),
                    itemgetter(0),
                )
            }
            for row in rows:
                source = _FullTextSource(*(getattr(row, f) for f in _SOURCE_FIELDS))
                answered = source.is_answered
                text = inquiry_full_text(
                    source,
                    [
                        (number, question, answer if answered else "")
                        for number, question, answer in by_inquiry.get(row.pk, [])
                    ],
                )
                data = text.encode("utf-8")
                row.full_text = text
                row.full_text_size = len(data)
                row.full_text_sha512 = hashlib.sha512(data).hexdigest()
                row.full_text_version = FULL_TEXT_VERSION
            model._base_manager.bulk_update(rows, FULL_TEXT_FIELDS)
    return len(ids)


def full_text_stale() -> QuerySet:
    """The inquiries whose full text an older layout wrote."""
    return Inquiry._base_manager.filter(full_text_version__lt=FULL_TEXT_VERSION)
