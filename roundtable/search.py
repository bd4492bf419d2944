"""What the Runder Tisch contributes to the site search: published
recommendations and feedback, never submitters' data."""

from kassel_integration.search import Document, SearchType, register

from .models import Feedback


def feedback_document(feedback: Feedback) -> Document | None:
    public = feedback.is_public and feedback.moderation == Feedback.Moderation.APPROVED
    if not public:
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
            lambda: Feedback.objects.select_related("event"),
        )
    )
