"""What the inquiries contribute to the site search: each inquiry with its
questions, and the answers once it is answered; a Vorlage-Nr. jumps to it."""

import re

from django.db.models import Prefetch

from kassel_integration.search import Document, SearchType, register, register_jump

from .models import Faction, Inquiry, Question
from .selectors import public_inquiries

REFERENCE = re.compile(r"\d{3}\.\d{2}\.\d{1,5}")


def inquiry_document(inquiry: Inquiry) -> Document:
    questions = getattr(inquiry, "question_list", None)
    if questions is None:
        questions = list(inquiry.questions.order_by("position"))
    answered = inquiry.status == Inquiry.Status.ANSWERED
    parts = [inquiry.title, inquiry.preamble]
    for question in questions:
        parts.append(question.text)
        if answered:
            parts.append(question.answer)
    parts.append(_facts(inquiry))
    return Document(
        title=f"{inquiry.reference_number} {inquiry.title}",
        body="\n".join(part for part in parts if part),
        url=inquiry.get_absolute_url(),
    )


def _facts(inquiry: Inquiry) -> str:
    """Faction and years, so that "SPD 2010" finds the SPD's inquiries of
    2010 (submitted or answered that year, as the list's year filter)."""
    faction = inquiry.faction
    names = [faction.name, faction.full_name] if faction else []
    days = (inquiry.submitted_on, inquiry.answered_on)
    years = sorted({str(day.year) for day in days if day})
    return " ".join(name for name in [*names, *years] if name)


def jump_to_inquiry(text: str) -> str | None:
    if not REFERENCE.fullmatch(text):
        return None
    inquiry = public_inquiries().filter(reference_number=text).only("reference_number")
    return inquiry[0].get_absolute_url() if inquiry else None


def register_search() -> None:
    register(
        SearchType(
            Inquiry,
            "Anfrage",
            "Anfragen",
            inquiry_document,
            lambda: (
                public_inquiries()
                .select_related("faction")
                .prefetch_related(
                    Prefetch(
                        "questions",
                        queryset=Question.objects.order_by("position"),
                        to_attr="question_list",
                    )
                )
            ),
            also={
                Question: lambda question: public_inquiries().filter(
                    pk=question.inquiry_id
                ),
                Faction: lambda faction: public_inquiries().filter(faction=faction),
            },
        )
    )
    register_jump(jump_to_inquiry)
