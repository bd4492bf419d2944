"""Read queries and list sources of the OParl API (public columns only)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.db.models.functions import Greatest

from ..models import Attachment, Committee, Faction, Inquiry, Person
from .common import (
    ANSWERED,
    CONSTANTS_MODIFIED,
    LEGISLATIVE_TERMS,
    Api,
    ListFilters,
    _answer,
    _committee,
    _deleted,
    _faction,
    _file,
    _paper,
    _person,
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
        Attachment.objects.filter(is_public=True)
        .exclude(file="")
        .only("id", "inquiry_id", "title", "file", "created", "modified")
        .order_by("pk")
    )


PAPER_FIELDS = (
    "id",
    "reference_number",
    "title",
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


def _inquiries() -> QuerySet[Inquiry]:
    """Public columns only, with the public files (1 query + 1)."""
    return (
        Inquiry.objects.only(*PAPER_FIELDS)
        .prefetch_related(
            Prefetch("attachments", queryset=_public_files(), to_attr="oparl_files")
        )
        .order_by("pk")
    )


def _answered() -> QuerySet[Inquiry]:
    return Inquiry.objects.filter(status=ANSWERED).only(*PAPER_FIELDS).order_by("pk")


def _consultations() -> QuerySet[Inquiry]:
    return (
        Inquiry.objects.filter(committee__isnull=False)
        .only("id", "committee", "meeting_date", "created", "modified")
        .order_by("pk")
    )


def _meeting_days() -> QuerySet:
    """The (committee, meeting date) pairs of the inquiries; alone, for
    counting, they are read from the index ``inquiry_meeting``."""
    return (
        Inquiry.objects.filter(committee__isnull=False, meeting_date__isnull=False)
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


def _deletions(model, *conditions: Q, **lookups) -> QuerySet:
    """Deleted objects of ``model`` from its history: id, created, deleted_at."""
    return (
        model.history.filter(*conditions, history_type="-", **lookups)
        .exclude(id__in=model.objects.values("pk"))  # a pk loaded again
        .values("id")
        .annotate(deleted_created=Max("created"), deleted_at=Max("history_date"))
        .order_by("id")
    )


def _deleted_source(
    api: Api, filters: ListFilters, queryset: QuerySet, path, kind: str
) -> QuerySource:
    return QuerySource(
        filters.apply(queryset, created="deleted_created", modified="deleted_at"),
        lambda row: _deleted(
            api, path(row["id"]), kind, row["deleted_created"], row["deleted_at"]
        ),
    )


def oparl_paper_list(*, api: Api, filters: ListFilters) -> list[Source]:
    """Inquiries, then answers; with ``modified_since`` also deleted ones."""
    sources = [
        QuerySource(filters.apply(_inquiries()), lambda i: inquiry_paper_data(api, i)),
        QuerySource(filters.apply(_answered()), lambda i: answer_paper_data(api, i)),
    ]
    if filters.modified_since:
        sources += [
            _deleted_source(api, filters, _deletions(Inquiry), _paper, "Paper"),
            _deleted_source(
                api, filters, _deletions(Inquiry, status=ANSWERED), _answer, "Paper"
            ),
        ]
    return sources


def oparl_organization_list(*, api: Api, filters: ListFilters) -> list[Source]:
    sources = [
        QuerySource(filters.apply(_factions()), lambda f: faction_data(api, f)),
        QuerySource(filters.apply(_committees()), lambda c: committee_data(api, c)),
        _constants(filters, [magistrat_data(api)]),
    ]
    if filters.modified_since:
        sources += [
            _deleted_source(
                api, filters, _deletions(Faction), _faction, "Organization"
            ),
            _deleted_source(
                api, filters, _deletions(Committee), _committee, "Organization"
            ),
        ]
    return sources


def oparl_person_list(*, api: Api, filters: ListFilters) -> list[Source]:
    sources = [QuerySource(filters.apply(_persons()), lambda p: person_data(api, p))]
    if filters.modified_since:
        sources.append(
            _deleted_source(api, filters, _deletions(Person), _person, "Person")
        )
    return sources


def oparl_membership_list(*, api: Api, filters: ListFilters) -> list[Source]:
    members = _persons().filter(faction__isnull=False)
    return [QuerySource(filters.apply(members), lambda p: membership_data(api, p))]


def oparl_meeting_list(*, api: Api, filters: ListFilters) -> list[Source]:
    meetings = filters.apply(
        _meetings(), created="first_created", modified="last_modified"
    )
    # Unfiltered, the meetings are counted from the index alone, without
    # the committee and the aggregates.
    counted = None if filters.given else _meeting_days().distinct()
    return [QuerySource(meetings, lambda m: meeting_data(api, m), counted)]


def oparl_consultation_list(*, api: Api, filters: ListFilters) -> list[Source]:
    return [
        QuerySource(
            filters.apply(_consultations()), lambda i: consultation_data(api, i)
        )
    ]


def oparl_file_list(*, api: Api, filters: ListFilters) -> list[Source]:
    sources = [QuerySource(filters.apply(_public_files()), lambda a: file_data(api, a))]
    if filters.modified_since:
        deleted = _deletions(Attachment, ~Q(file=""), is_public=True)
        sources.append(_deleted_source(api, filters, deleted, _file, "File"))
    return sources


def oparl_body_list(*, api: Api, filters: ListFilters) -> list[Source]:
    return [_constants(filters, [body_data(api)])]


def oparl_legislative_term_list(*, api: Api, filters: ListFilters) -> list[Source]:
    return [
        _constants(filters, (legislative_term_data(api, t) for t in LEGISLATIVE_TERMS))
    ]


def oparl_empty_list(*, api: Api, filters: ListFilters) -> list[Source]:
    """AgendaItem and Location: not recorded, so always empty."""
    return []


def _get(queryset: QuerySet, pk: int, deleted: QuerySet, path, kind: str, api: Api):
    """The live object, else its deletion record, else (None, None)."""
    obj = queryset.filter(pk=pk).first()
    if obj is not None:
        return obj, None
    row = deleted.filter(id=pk).first()
    if row is None:
        return None, None
    return None, _deleted(
        api, path(pk), kind, row["deleted_created"], row["deleted_at"]
    )
