"""Upload limits shared by every file field (imports no app)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

DOCUMENT_TYPES = [".pdf", ".docx", ".xlsx", ".odt", ".ods", ".csv", ".txt"]


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

    def __eq__(self, other):
        return (
            isinstance(other, UploadValidator)
            and self.max_mb == other.max_mb
            and self.extensions == other.extensions
        )
