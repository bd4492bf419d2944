"""Read queries and list sources of the OParl API (public columns only)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

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
from .common import (
    ANSWERED,
    CONSTANTS_MODIFIED,
    LEGISLATIVE_TERMS,
    Api,
    ListFilters,
    _deleted,
)
from .serializers import (
    answer_paper_data,
    body_data,
    committee_data,
    consultation_data,
    faction_data,
    file_data,
    inquiry_paper_data,
    legislative_term_data,
    magistrat_data,
    main_file_data,
    meeting_data,
    membership_data,
    person_data,
)

# Selectors ------------------------------------------------------------------


class Source:
    """One part of a list: the list pages through its sources in order."""

    def count(self) -> int:
        raise NotImplementedError

    def page(self, start: int, stop: int) -> list[dict]:
        raise NotImplementedError


@dataclass
class QuerySource(Source):
    queryset: QuerySet
    serialise: Callable[[Any], dict]
    counted: QuerySet | None = None  # a cheaper query of the same rows to count

    def count(self) -> int:
        return (self.queryset if self.counted is None else self.counted).count()

    def page(self, start: int, stop: int) -> list[dict]:
        return [self.serialise(row) for row in self.queryset[start:stop]]


@dataclass
class ConstantSource(Source):
    items: list[dict]

    def count(self) -> int:
        return len(self.items)

    def page(self, start: int, stop: int) -> list[dict]:
        return self.items[start:stop]


def _constants(filters: ListFilters, items: Iterable[dict]) -> ConstantSource:
    accepted = filters.accepts(CONSTANTS_MODIFIED, CONSTANTS_MODIFIED)
    return ConstantSource(list(items) if accepted else [])


def _public_files() -> QuerySet[Attachment]:
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


def _inquiries() -> QuerySet[Inquiry]:
    """Public columns only, with the public files and the full text
    (1 query + 2)."""
    return _full_texts(
        public_inquiries()
        .only(*PAPER_FIELDS)
        .prefetch_related(
            Prefetch("attachments", queryset=_public_files(), to_attr="oparl_files")
        )
        .order_by("pk")
    )


def _answered() -> QuerySet[Inquiry]:
    """Answered inquiries with their full text (1 query + 1)."""
    return _full_texts(
        public_inquiries().filter(status=ANSWERED).only(*PAPER_FIELDS).order_by("pk")
    )


def _main_files() -> QuerySet[Inquiry]:
    """Every inquiry's full text as a file (1 query + 1)."""
    return _full_texts(public_inquiries().only(*PAPER_FIELDS).order_by("pk"))


def _consultations() -> QuerySet[Inquiry]:
    return (
        public_inquiries()
        .filter(committee__isnull=False)
        .only("id", "committee", "meeting_date", "created", "modified")
        .order_by("pk")
    )


def _meeting_days() -> QuerySet:
    """The (committee, meeting date) pairs of the inquiries; alone, for
    counting, they are read from the index ``inquiry_meeting``."""
    return (
        public_inquiries()
        .filter(committee__isnull=False, meeting_date__isnull=False)
        .values("committee_id", "meeting_date")
        .order_by()
    )


def _meetings() -> QuerySet:
    """One row per (committee, meeting date) of the inquiries, grouped along
    the index ``inquiry_meeting`` so that a page reads only its own rows."""
    return (
        _meeting_days()
        .annotate(
            committee_name=Max("committee__name"),  # one committee per group
            first_created=Min("created"),
            # The name comes from the committee: renaming it changes the meeting.
            last_modified=Greatest(Max("modified"), Max("committee__modified")),
        )
        .order_by("committee_id", "meeting_date")
    )


def _factions() -> QuerySet[Faction]:
    members = Person.objects.only("id", "faction").order_by("pk")
    return Faction.objects.prefetch_related(
        Prefetch("members", queryset=members, to_attr="oparl_members")
    ).order_by("pk")


def _committees() -> QuerySet[Committee]:
    return Committee.objects.only("id", "name", "created", "modified").order_by("pk")


def _persons() -> QuerySet[Person]:
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


def _tombstones(kind: str) -> QuerySet[OparlTombstone]:
    return OparlTombstone.objects.filter(kind=kind).order_by("pk")


def _tombstone_source(api: Api, filters: ListFilters, kind: str) -> QuerySource:
    """The vanished objects of one type (only asked for with modified_since)."""
    return QuerySource(
        filters.apply(_tombstones(kind), modified="deleted_at"),
        lambda row: _deleted(api, row.path, kind, row.created, row.deleted_at),
    )


def _with_tombstones(
    sources: list[Source], api: Api, filters: ListFilters, kind: str
) -> list[Source]:
    """Deleted objects are listed only to a client that asks what changed
    since a moment (spec 2.8); a plain list shows live objects only."""
    if filters.modified_since:
        sources.append(_tombstone_source(api, filters, kind))
    return sources


def oparl_paper_list(*, api: Api, filters: ListFilters) -> list[Source]:
    """Inquiries, then answers; with ``modified_since`` also deleted ones."""
    sources = [
        QuerySource(filters.apply(_inquiries()), lambda i: inquiry_paper_data(api, i)),
        QuerySource(filters.apply(_answered()), lambda i: answer_paper_data(api, i)),
    ]
    return _with_tombstones(sources, api, filters, "Paper")


def oparl_organization_list(*, api: Api, filters: ListFilters) -> list[Source]:
    sources = [
        QuerySource(filters.apply(_factions()), lambda f: faction_data(api, f)),
        QuerySource(filters.apply(_committees()), lambda c: committee_data(api, c)),
        _constants(filters, [magistrat_data(api)]),
    ]
    return _with_tombstones(sources, api, filters, "Organization")


def oparl_person_list(*, api: Api, filters: ListFilters) -> list[Source]:
    sources = [QuerySource(filters.apply(_persons()), lambda p: person_data(api, p))]
    return _with_tombstones(sources, api, filters, "Person")


def oparl_membership_list(*, api: Api, filters: ListFilters) -> list[Source]:
    members = _members()
    sources = [QuerySource(filters.apply(members), lambda p: membership_data(api, p))]
    return _with_tombstones(sources, api, filters, "Membership")


def oparl_meeting_list(*, api: Api, filters: ListFilters) -> list[Source]:
    meetings = filters.apply(
        _meetings(), created="first_created", modified="last_modified"
    )
    # Unfiltered, the meetings are counted from the index alone, without
    # the committee and the aggregates.
    counted = None if filters.given else _meeting_days().distinct()
    sources = [QuerySource(meetings, lambda m: meeting_data(api, m), counted)]
    return _with_tombstones(sources, api, filters, "Meeting")


def oparl_consultation_list(*, api: Api, filters: ListFilters) -> list[Source]:
    sources = [
        QuerySource(
            filters.apply(_consultations()), lambda i: consultation_data(api, i)
        )
    ]
    return _with_tombstones(sources, api, filters, "Consultation")


def oparl_file_list(*, api: Api, filters: ListFilters) -> list[Source]:
    """Public attachments, then every inquiry's full text."""
    sources = [
        QuerySource(filters.apply(_public_files()), lambda a: file_data(api, a)),
        QuerySource(filters.apply(_main_files()), lambda i: main_file_data(api, i)),
    ]
    return _with_tombstones(sources, api, filters, "File")


def oparl_body_list(*, api: Api, filters: ListFilters) -> list[Source]:
    return [_constants(filters, [body_data(api)])]


def oparl_legislative_term_list(*, api: Api, filters: ListFilters) -> list[Source]:
    return [
        _constants(filters, (legislative_term_data(api, t) for t in LEGISLATIVE_TERMS))
    ]


def oparl_empty_list(*, api: Api, filters: ListFilters) -> list[Source]:
    """AgendaItem and Location: not recorded, so always empty."""
    return []


def _members() -> QuerySet[Person]:
    return _persons().filter(faction__isnull=False)


def oparl_object_get(
    *, api: Api, queryset: QuerySet, path: str, serialise, **lookups
) -> dict | None:
    """The live object as OParl, else its tombstone, else None (2 queries
    at most)."""
    obj = queryset.filter(**lookups).first()
    if obj is not None:
        return serialise(api, obj)
    tombstone = OparlTombstone.objects.filter(path=path).first()
    if tombstone is None:
        return None
    return _deleted(api, path, tombstone.kind, tombstone.created, tombstone.deleted_at)
