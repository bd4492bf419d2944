"""What the Runder Tisch contributes to the site search: published
recommendations and feedback, never submitters' data. Whether a record is
public is decided by ``selectors.public_feedback()`` alone."""

from django.db.models import Value

from kassel_integration.search import Document, SearchType, register

from . import selectors
from .models import Feedback


def feedback_document(feedback: Feedback) -> Document | None:
    listed = getattr(feedback, "listed_public", None)  # set by the rebuild
    if listed is None:
        listed = selectors.public_feedback().filter(pk=feedback.pk).exists()
    if not listed:
        return None
    return Document(
        title=feedback.title,
        body=" ".join(part for part in (feedback.text, feedback.justification) if part),
        url=feedback.get_absolute_url(),
    )


def register_search() -> None:
    register(
        SearchType(
            Feedback,
            "Empfehlung",
            "Empfehlungen und Anregungen",
            feedback_document,
            lambda: selectors.public_feedback().annotate(listed_public=Value(True)),
        )
    )
