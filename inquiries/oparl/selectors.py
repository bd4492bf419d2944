"""Read queries of the OParl API: querysets of public columns only, each
with what its serialiser reads. Which of them a list pages through, and how
a row becomes OParl, is ``lists``'s and the views' business."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.db.models.query import ModelIterable

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


def _public_files() -> QuerySet[Attachment]:
    """The public attachments that have a file; public columns only. Alone
    only below an inquiry read from ``public_inquiries()`` (a prefetch)."""
    return (
        Attachment.objects.filter(is_public=True)
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


def oparl_attachment_list() -> QuerySet[Attachment]:
    """The public attachments that have a file, of public inquiries."""
    return _public_files().filter(inquiry__in=public_inquiries())


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


def _published(field: str, *, status: str = "status") -> Case:
    """``field`` where the inquiry is answered (its ``status``), else ""
    (draft answers are never read)."""
    return Case(
        When(**{status: ANSWERED}, then=F(field)),
        default=Value(""),
        output_field=TextField(),
    )


@dataclass(frozen=True)
class FullTextQuestion:
    """A question as the full text shows it: its answer once published."""

    number: str
    text: str
    public_answer: str


def _questions(inquiry_ids) -> QuerySet:
    """The questions of ``inquiry_ids`` in order, with their answers once
    published, as plain rows (a page of papers has hundreds of them).

    The inquiry's status is read by its primary key for each question, and
    the order is the question index's: a join (or a hashed subplan) would
    read every inquiry.
    """
    status = Inquiry.objects.filter(pk=OuterRef("inquiry_id")).order_by()
    status = status.values("status")
    return (
        Question.objects.filter(inquiry_id__in=inquiry_ids)
        .alias(inquiry_status=Subquery(status[:1]))
        .annotate(public_answer=_published("answer", status="inquiry_status"))
        .order_by("inquiry_id", "position")
        .values_list("inquiry_id", "number", "text", "public_answer")
    )


class _WithQuestions(ModelIterable):
    """Inquiries with ``oparl_questions`` (``FullTextQuestion`` rows), read
    in one query for all of them, as a prefetch would but without a model
    instance per question."""

    def __iter__(self):
        inquiries = list(super().__iter__())
        questions = {inquiry.pk: [] for inquiry in inquiries}
        if questions:
            for inquiry_id, *row in _questions(list(questions)):
                questions[inquiry_id].append(FullTextQuestion(*row))
        for inquiry in inquiries:
            inquiry.oparl_questions = questions[inquiry.pk]
        yield from inquiries


def _full_texts(queryset: QuerySet[Inquiry]) -> QuerySet[Inquiry]:
    """What the inquiry's full text (its mainFile) needs: the preamble, the
    published introduction and the questions (+1 query)."""
    queryset = queryset.annotate(public_introduction=_published("answer_introduction"))
    queryset._iterable_class = _WithQuestions
    return queryset


class _WithQuestionsAndFiles(_WithQuestions):
    """Also ``oparl_files``: the public files of the inquiries, read in one
    query by their keys. A prefetch would build its filter from the model
    instances (issue #20); the inquiries are public already, so there is no
    second check to plan."""

    def __iter__(self):
        inquiries = list(super().__iter__())
        files = {inquiry.pk: [] for inquiry in inquiries}
        if files:
            for attachment in _public_files().filter(inquiry_id__in=list(files)):
                files[attachment.inquiry_id].append(attachment)
        for inquiry in inquiries:
            inquiry.oparl_files = files[inquiry.pk]
        yield from inquiries


def oparl_paper_list() -> QuerySet[Inquiry]:
    """Public columns only, with the public files and the full text
    (1 query + 2)."""
    queryset = _full_texts(public_inquiries().only(*PAPER_FIELDS).order_by("pk"))
    queryset._iterable_class = _WithQuestionsAndFiles
    return queryset


def oparl_paper_counts(inquiries: QuerySet[Inquiry]) -> tuple[int, int]:
    """How many ``inquiries`` there are and how many of them are answered:
    the lengths of the paper list's two parts, from one scan of the status
    index (1 query; no column but the status is read)."""
    counts = inquiries.order_by().aggregate(
        papers=Count("*"), answers=Count("status", filter=Q(status=ANSWERED))
    )
    return counts["papers"], counts["answers"]


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
