"""Read queries of the OParl API: querysets of public columns only, each
with what its serialiser reads. Which of them a list pages through, and how
a row becomes OParl, is ``lists``'s and the views' business."""

from django.db.models import (
    Case,
    F,
    Max,
    Min,
    Prefetch,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Greatest

from ..models import (
    Attachment,
    Committee,
    Faction,
    Inquiry,
    OparlTombstone,
    Person,
    Question,
)
from ..selectors import public_inquiries
from .common import ANSWERED


def oparl_attachment_list() -> QuerySet[Attachment]:
    """The public attachments that have a file, of public inquiries."""
    return (
        Attachment.objects.filter(is_public=True, inquiry__in=public_inquiries())
        .exclude(file="")
        .only(
            "id",
            "inquiry_id",
            "title",
            "file",
            "file_size",
            "file_sha512",
            "file_mime_type",
            "file_text",
            "created",
            "modified",
        )
        .order_by("pk")
    )


PAPER_FIELDS = (
    "id",
    "reference_number",
    "title",
    "preamble",
    "faction",
    "signed_by",
    "submitted_on",
    "committee",
    "meeting_date",
    "status",
    "answered_on",
    "answer_signed_by",
    "created",
    "modified",
)


def _published(field: str, *, outer: str = "") -> Case:
    """``field`` where the inquiry is answered, else "" (draft answers are
    never read)."""
    return Case(
        When(**{f"{outer}status": ANSWERED}, then=F(field)),
        default=Value(""),
        output_field=TextField(),
    )


def _questions() -> QuerySet[Question]:
    """The questions with their answers once published (for the full text)."""
    return (
        Question.objects.only("id", "inquiry", "position", "number", "text")
        .annotate(public_answer=_published("answer", outer="inquiry__"))
        .order_by("inquiry", "position")
    )


def _full_texts(queryset: QuerySet[Inquiry]) -> QuerySet[Inquiry]:
    """What the inquiry's full text (its mainFile) needs: the preamble, the
    published introduction and the questions (+1 query)."""
    return queryset.annotate(
        public_introduction=_published("answer_introduction")
    ).prefetch_related(
        Prefetch("questions", queryset=_questions(), to_attr="oparl_questions")
    )


def oparl_paper_list() -> QuerySet[Inquiry]:
    """Public columns only, with the public files and the full text
    (1 query + 2)."""
    return _full_texts(
        public_inquiries()
        .only(*PAPER_FIELDS)
        .prefetch_related(
            Prefetch(
                "attachments", queryset=oparl_attachment_list(), to_attr="oparl_files"
            )
        )
        .order_by("pk")
    )


def oparl_answer_list() -> QuerySet[Inquiry]:
    """Answered inquiries with their full text (1 query + 1)."""
    return _full_texts(
        public_inquiries().filter(status=ANSWERED).only(*PAPER_FIELDS).order_by("pk")
    )


def oparl_main_file_list() -> QuerySet[Inquiry]:
    """Every inquiry's full text as a file (1 query + 1)."""
    return _full_texts(public_inquiries().only(*PAPER_FIELDS).order_by("pk"))


def oparl_consultation_list() -> QuerySet[Inquiry]:
    return (
        public_inquiries()
        .filter(committee__isnull=False)
        .only("id", "committee", "meeting_date", "created", "modified")
        .order_by("pk")
    )


def oparl_meeting_day_list() -> QuerySet:
    """The (committee, meeting date) pairs of the inquiries; alone, for
    counting, they are read from the index ``inquiry_meeting``."""
    return (
        public_inquiries()
        .filter(committee__isnull=False, meeting_date__isnull=False)
        .values("committee_id", "meeting_date")
        .order_by()
    )


def oparl_meeting_list() -> QuerySet:
    """One row per (committee, meeting date) of the inquiries, grouped along
    the index ``inquiry_meeting`` so that a page reads only its own rows."""
    return (
        oparl_meeting_day_list()
        .annotate(
            committee_name=Max("committee__name"),  # one committee per group
            first_created=Min("created"),
            # The name comes from the committee: renaming it changes the meeting.
            last_modified=Greatest(Max("modified"), Max("committee__modified")),
        )
        .order_by("committee_id", "meeting_date")
    )


def oparl_faction_list() -> QuerySet[Faction]:
    members = Person.objects.only("id", "faction").order_by("pk")
    return Faction.objects.prefetch_related(
        Prefetch("members", queryset=members, to_attr="oparl_members")
    ).order_by("pk")


def oparl_committee_list() -> QuerySet[Committee]:
    return Committee.objects.only("id", "name", "created", "modified").order_by("pk")


def oparl_person_list() -> QuerySet[Person]:
    return Person.objects.only(
        "id",
        "name",
        "given_name",
        "family_name",
        "form_of_address",
        "title",
        "role",
        "faction",
        "created",
        "modified",
    ).order_by("pk")


def oparl_tombstone_list(*, kind: str) -> QuerySet[OparlTombstone]:
    """What remains of the deleted objects of one OParl type."""
    return OparlTombstone.objects.filter(kind=kind).order_by("pk")


def oparl_member_list() -> QuerySet[Person]:
    """Persons in a faction: one Membership each."""
    return oparl_person_list().filter(faction__isnull=False)


def oparl_tombstone_get(*, path: str) -> OparlTombstone | None:
    """What remains of the deleted object at ``path``, if anything (1 query)."""
    return OparlTombstone.objects.filter(path=path).first()
