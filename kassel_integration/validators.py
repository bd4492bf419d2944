"""Upload limits shared by every file field (imports no app).

A file is checked by its name and by its content: libmagic (python-magic,
the library behind the ``file`` command) reads the first bytes, so HTML
saved as ``.pdf`` or ``.txt`` is refused whatever its name says.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

import magic

DOCUMENT_TYPES = [".pdf", ".docx", ".xlsx", ".odt", ".ods", ".csv", ".txt"]
OFFICE_ZIP = {"application/zip", "application/octet-stream"}
# What libmagic may say of a genuine file of each type.
CONTENT_TYPES = {
    ".pdf": {"application/pdf"},
    ".docx": {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        *OFFICE_ZIP,
    },
    ".xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        *OFFICE_ZIP,
    },
    ".odt": {"application/vnd.oasis.opendocument.text", *OFFICE_ZIP},
    ".ods": {"application/vnd.oasis.opendocument.spreadsheet", *OFFICE_ZIP},
    ".csv": {"text/csv", "text/plain", "application/csv"},
    ".txt": {"text/plain"},
}
SNIFF_BYTES = 8192


def sniffed_type(upload) -> str:
    """The MIME type libmagic finds in the first bytes of ``upload``."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return magic.from_buffer(head, mime=True)


@deconstructible
class UploadValidator:
    """Refuse files over ``max_mb`` megabytes or with another extension."""

    def __init__(self, *, max_mb: int = 20, extensions=tuple(DOCUMENT_TYPES)):
        self.max_mb = max_mb
        self.extensions = tuple(extensions)

    def __call__(self, upload):
        suffix = Path(upload.name).suffix.lower()
        if suffix not in self.extensions:
            raise ValidationError(
                "Dateien vom Typ „%(suffix)s“ sind nicht erlaubt; erlaubt sind: "
                "%(allowed)s.",
                code="file_type",
                params={
                    "suffix": suffix or "ohne Endung",
                    "allowed": ", ".join(self.extensions),
                },
            )
        if upload.size > self.max_mb * 1024 * 1024:
            raise ValidationError(
                "Die Datei ist %(size).1f MB groß; erlaubt sind höchstens %(max)d MB.",
                code="file_size",
                params={"size": upload.size / 1024 / 1024, "max": self.max_mb},
            )
        if getattr(upload, "_committed", False):
            return  # stored earlier and checked then; only new uploads are read
        found = sniffed_type(upload)
        if found not in CONTENT_TYPES.get(suffix, ()):
            raise ValidationError(
                "Der Inhalt der Datei passt nicht zur Endung „%(suffix)s“ (erkannt: "
                "%(found)s). Bitte laden Sie die Datei im angegebenen Format hoch.",
                code="file_content",
                params={"suffix": suffix, "found": found},
            )

    def __eq__(self, other):
        return (
            isinstance(other, UploadValidator)
            and self.max_mb == other.max_mb
            and self.extensions == other.extensions
        )
