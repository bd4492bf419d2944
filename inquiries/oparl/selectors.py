"""Read queries of the OParl API: querysets of public columns only, each
with what its serialiser reads. Which of them a list pages through, and how
a row becomes OParl, is ``lists``'s and the views' business."""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    F,
    Lookup,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Greatest

from kassel_integration.compiled import compiled, compiled_slices, totals

from ..models import (
    Attachment,
    Committee,
    Faction,
    Inquiry,
    OparlTombstone,
    Person,
)
from ..selectors import public_inquiries
from .common import ANSWERED, ListFilters

FILE_FIELDS = (
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


def _public_files(*conditions) -> QuerySet[Attachment]:
    """The public attachments that have a file (and meet ``conditions``);
    read ``FILE_FIELDS`` only (``only()`` or ``values_list()``). Alone only
    below inquiries read from ``public_inquiries()``."""
    files = Attachment.objects.filter(*conditions, ~Q(file=""), is_public=True)
    return files.order_by("pk")


def oparl_attachment_list() -> QuerySet[Attachment]:
    """The public attachments that have a file, of public inquiries; public
    columns only."""
    return _public_files(Q(inquiry__in=public_inquiries())).only(*FILE_FIELDS)


def oparl_file_list() -> QuerySet:
    """``oparl_attachment_list()`` as plain rows (``FILE_FIELDS`` by name;
    ``file`` is the stored name): no model instance per file."""
    files = _public_files(Q(inquiry__in=public_inquiries()))
    return files.values_list(*FILE_FIELDS, named=True)


PAPER_FIELDS = (
    "id",
    "reference_number",
    "title",
    "faction_id",
    "signed_by_id",
    "submitted_on",
    "committee_id",
    "meeting_date",
    "status",
    "answered_on",
    "answer_signed_by_id",
    "created",
    "modified",
    "full_text",
    "full_text_size",
    "full_text_sha512",
)


@dataclass(slots=True)
class PaperRow:
    """An inquiry as OParl shows it (``PAPER_FIELDS``: its full text as
    stored, answers only once answered) and, where read, its public files
    (``files``: rows of ``oparl_file_list()``)."""

    id: int
    reference_number: str
    title: str
    faction_id: int
    signed_by_id: int | None
    submitted_on: datetime.date | None
    committee_id: int | None
    meeting_date: datetime.date | None
    status: str
    answered_on: datetime.date | None
    answer_signed_by_id: int | None
    created: datetime.datetime
    modified: datetime.datetime
    full_text: str
    full_text_size: int
    full_text_sha512: str
    files: list = field(default_factory=list)


class _AnyOf(Lookup):
    """``lhs`` (a bigint key) is one of the integers of ``rhs``, a text in
    PostgreSQL's array syntax (``"{1,2,3}"``, see ``_id_array``), as
    ``__in`` but one parameter whatever the number of ids (a page has a
    hundred), so that the query compiles once (``@compiled``): on
    PostgreSQL ``= ANY`` of the array (which is what it plans ``IN (…)``
    as), elsewhere ``IN`` the values of the text read as a JSON array."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return self.rhs

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", (*params, self.rhs)
        values = "SELECT value FROM json_each('[' || trim(%s, '{}') || ']')"
        return f"{lhs} IN ({values})", (*params, self.rhs)


def _id_array(ids: list[int]) -> str:
    """The text ``_AnyOf`` takes: ``"{1,2,3}"``."""
    return "{" + ",".join(map(str, ids)) + "}"


@compiled(named=True)
def _files(inquiry_ids: str) -> QuerySet:
    """The public files of ``inquiry_ids`` (``_id_array``), rows of
    ``FILE_FIELDS`` by name."""
    files = _public_files(_AnyOf(F("inquiry_id"), inquiry_ids))
    return files.values_list(*FILE_FIELDS)


def _papers(queryset: QuerySet[Inquiry]) -> QuerySet:
    """Rows of ``PAPER_FIELDS``; ``oparl_papers()`` reads them."""
    return queryset.values_list(*PAPER_FIELDS).order_by("pk")


def oparl_papers(rows: QuerySet, *, files: bool = False) -> list[PaperRow]:
    """The papers of ``rows`` (a page or one of ``oparl_paper_list()`` and
    the like) and, with ``files``, their public files, keyed by the
    inquiries' ids (1 query, 2 with ``files`` and rows)."""
    papers = [PaperRow(*row) for row in rows]
    if not (papers and files):
        return papers
    by_id = {paper.id: paper for paper in papers}
    for attachment in _files(_id_array(list(by_id))):
        by_id[attachment.inquiry_id].files.append(attachment)
    return papers


def oparl_paper_list() -> QuerySet:
    """Rows of every public inquiry, for ``oparl_papers(files=True)``."""
    return _papers(public_inquiries())


def _counts(inquiries: QuerySet) -> QuerySet:
    """One row: how many of ``inquiries`` there are and how many of them are
    answered."""
    return totals(
        inquiries, papers=Count("*"), answers=Count("status", filter=Q(status=ANSWERED))
    )


@compiled
def _all_counts() -> QuerySet:
    """``_counts`` of every public inquiry."""
    return _counts(public_inquiries())


def oparl_paper_counts(filters: ListFilters) -> tuple[int, int]:
    """How many public inquiries pass ``filters`` and how many of them are
    answered: the lengths of the paper list's two parts, from one scan of
    the status index (1 query; no column but the status is read)."""
    if filters.bounded:
        rows = list(_counts(filters.apply(public_inquiries())))
    else:
        rows = _all_counts()
    [(papers, answers)] = rows
    return papers, answers


@functools.cache
def _page_rows(answers: bool) -> Callable[[int, int], list]:
    """Slices of ``oparl_paper_list()`` (``answers``: ``oparl_answer_list()``),
    compiled per slice (most clients read pages of a hundred, so few are
    ever made)."""

    def page() -> QuerySet:
        return oparl_answer_list() if answers else oparl_paper_list()

    page.__qualname__ = f"oparl_paper_page[{answers}]"
    return compiled_slices(page)


def oparl_paper_page(
    filters: ListFilters, start: int, stop: int, *, answers=False, files=False
) -> list[PaperRow]:
    """``oparl_papers()`` of rows ``start:stop`` of the public inquiries
    that pass ``filters`` (``answers``: of the answered ones), in key order;
    without filters as a compiled query."""
    if filters.bounded:
        inquiries = oparl_answer_list() if answers else oparl_paper_list()
        rows = filters.apply(inquiries)[start:stop]
    else:
        rows = _page_rows(answers)(start, stop)
    return oparl_papers(rows, files=files)


def oparl_answer_list() -> QuerySet:
    """Rows of the answered inquiries, for ``oparl_papers()``."""
    return _papers(public_inquiries().filter(status=ANSWERED))


def oparl_main_file_list() -> QuerySet:
    """Rows of every inquiry, whose full text is a file, for
    ``oparl_papers()``."""
    return _papers(public_inquiries())


def oparl_consultation_list() -> QuerySet:
    """The inquiries in a committee, as plain rows (id, committee_id,
    meeting_date, created, modified by name)."""
    return (
        public_inquiries()
        .filter(committee__isnull=False)
        .values_list(
            "id", "committee_id", "meeting_date", "created", "modified", named=True
        )
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


@compiled
def _meeting_days() -> QuerySet:
    """Per committee, on how many days it met (one row per committee)."""
    return (
        oparl_meeting_day_list()
        .values("committee_id")
        .annotate(days=Count("meeting_date", distinct=True))
        .values_list("days")
    )


def oparl_meeting_count() -> int:
    """How many meetings there are, counted per committee from the index
    ``inquiry_meeting`` (1 query, compiled; for the unfiltered list)."""
    return sum(days for (days,) in _meeting_days())


def oparl_meeting_list() -> QuerySet:
    """One row per (committee, meeting date) of the inquiries, grouped along
    the index ``inquiry_meeting`` so that a page reads only its own rows
    (named: committee_id, meeting_date, committee_name, first_created,
    last_modified)."""
    return (
        oparl_meeting_day_list()
        .annotate(
            committee_name=Max("committee__name"),  # one committee per group
            first_created=Min("created"),
            # The name comes from the committee: renaming it changes the meeting.
            last_modified=Greatest(Max("modified"), Max("committee__modified")),
        )
        .order_by("committee_id", "meeting_date")
        .values_list(
            "committee_id",
            "meeting_date",
            "committee_name",
            "first_created",
            "last_modified",
            named=True,
        )
    )


@functools.partial(compiled_slices, named=True)
def oparl_meeting_page() -> QuerySet:
    """Rows ``start:stop`` of ``oparl_meeting_list()`` (the unfiltered
    list), compiled per slice."""
    return oparl_meeting_list()


def oparl_faction_members() -> Prefetch:
    """A faction's members as ``oparl_members`` (their ids)."""
    members = Person.objects.only("id", "faction").order_by("pk")
    return Prefetch("members", queryset=members, to_attr="oparl_members")


def oparl_faction_list() -> QuerySet[Faction]:
    return Faction.objects.prefetch_related(oparl_faction_members()).order_by("pk")


def oparl_faction_rows() -> QuerySet[Faction]:
    """``oparl_faction_list()`` without its members, for a compiled query."""
    return Faction.objects.order_by("pk")


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
