"""Constants, canonical paths and value formatting shared by the OParl modules."""

import datetime
import functools
import re
from dataclasses import dataclass
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

from ..models import Inquiry

BERLIN = ZoneInfo("Europe/Berlin")
OPARL_VERSION = "https://schema.oparl.org/1.1/"
ANSWERED = Inquiry.Status.ANSWERED
DEFAULT_PAGE_SIZE = 100  # the spec recommends pages for lists over 100
MAX_PAGE_SIZE = 100  # elementsPerPage may only make pages smaller
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
# created/modified of the constant objects (System, Body, Magistrat, terms):
# set this to the time of the change whenever one of them changes.
CONSTANTS_MODIFIED = datetime.datetime(2026, 11, 25, tzinfo=BERLIN)

BODY = "body/kassel"
# Characters that quote() never escapes: a reference number of only these
# is its own URL path segment (ASCII letters and digits only).
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")
MAGISTRAT = "organization/magistrat"


@dataclass(frozen=True)
class ListFilters:
    """The list filters of spec 2.6 (aware datetimes, whole seconds, like the
    output); parsed from the request by ``forms.ListQueryForm``.

    ``*_until`` are exclusive bounds one second after the given time, so an
    object shown as ``…T10:00:00+02:00`` passes ``modified_until=…T10:00:00``.
    """

    created_since: datetime.datetime | None = None
    created_until: datetime.datetime | None = None
    modified_since: datetime.datetime | None = None
    modified_until: datetime.datetime | None = None
    given: tuple[tuple[str, str], ...] = ()  # as the client wrote them

    @property
    def bounded(self) -> bool:
        """Whether a bound is given (else ``apply`` passes every row)."""
        return any(
            bound is not None
            for bound in (
                self.created_since,
                self.created_until,
                self.modified_since,
                self.modified_until,
            )
        )

    def apply(
        self, queryset: QuerySet, *, created: str = "created", modified="modified"
    ) -> QuerySet:
        bounds = {
            f"{created}__gte": self.created_since,
            f"{created}__lt": self.created_until,
            f"{modified}__gte": self.modified_since,
            f"{modified}__lt": self.modified_until,
        }
        given = {k: v for k, v in bounds.items() if v is not None}
        return queryset.filter(**given) if given else queryset

    def accepts(self, created: datetime.datetime, modified: datetime.datetime) -> bool:
        return (
            (self.created_since is None or created >= self.created_since)
            and (self.created_until is None or created < self.created_until)
            and (self.modified_since is None or modified >= self.modified_since)
            and (self.modified_until is None or modified < self.modified_until)
        )


@dataclass(frozen=True)
class LegislativeTerm:
    """A Wahlzeit of the Stadtverordnetenversammlung (1 April to 31 March)."""

    start: datetime.date
    end: datetime.date

    @property
    def name(self) -> str:
        return f"Wahlperiode {self.start.year}–{self.end.year}"


LEGISLATIVE_TERMS = tuple(
    LegislativeTerm(datetime.date(year, 4, 1), datetime.date(year + 5, 3, 31))
    for year in (2006, 2011, 2016, 2021, 2026)
)


# Paths of the objects, relative to the API root ----------------------------


def _paper(pk: int) -> str:
    return f"paper/{pk}"


def _answer(pk: int) -> str:
    return f"paper/{pk}/antwort"


def _faction(pk: int) -> str:
    return f"organization/fraktion-{pk}"


def _committee(pk: int) -> str:
    return f"organization/ausschuss-{pk}"


def _person(pk: int) -> str:
    return f"person/{pk}"


def _membership(pk: int) -> str:
    return f"membership/{pk}"


def _consultation(pk: int) -> str:
    return f"consultation/{pk}"


def _meeting(committee_pk: int, day: datetime.date) -> str:
    return f"meeting/{committee_pk}-{day:%Y%m%d}"


def _file(pk: int) -> str:
    return f"file/{pk}"


def _main_file(pk: int) -> str:
    return f"file/anfrage-{pk}"


def _term(term: LegislativeTerm) -> str:
    return f"legislative-term/{term.start.year}"


# Values ---------------------------------------------------------------------


@dataclass(frozen=True)
class Api:
    """Builds absolute URLs on the host of the current request."""

    request: HttpRequest
    root: str
    # omit_internal=true: embedded objects are left out (the client fetches
    # them from their own lists), e.g. a person's memberships.
    omit_internal: bool = False

    @classmethod
    def for_request(cls, request: HttpRequest, *, omit_internal=False) -> "Api":
        root = request.build_absolute_uri(reverse("oparl:system"))
        return cls(request, root, omit_internal)

    def embedded(self, objects: list[dict]) -> list[dict]:
        """Embedded objects, or none with ``omit_internal``."""
        return [] if self.omit_internal else objects

    def url(self, path: str) -> str:
        return self.root + path

    def absolute(self, location: str) -> str:
        return self.request.build_absolute_uri(location)

    @functools.cached_property
    def _site(self) -> str:
        """Scheme and host, as ``absolute()`` puts them before a path."""
        return self.absolute("/")[:-1]

    @functools.cached_property
    def _inquiry_path(self) -> tuple[str, str]:
        """The inquiry page's path before and after the reference number."""
        path = reverse("inquiries:detail", kwargs={"reference_number": "0"})
        head, tail = path.rsplit("0", 1)
        return head, tail

    def inquiry_web(self, reference_number: str) -> str:
        """``absolute(inquiry.get_absolute_url())``, with one ``reverse()``
        per request instead of one per paper (quoted as ``reverse()`` does)."""
        head, tail = self._inquiry_path
        if _UNQUOTED.fullmatch(reference_number):  # such as 101.16.1784
            path = head + reference_number + tail
        else:
            path = (
                head + quote(reference_number, safe=RFC3986_SUBDELIMS + "/~:@") + tail
            )
        if "/./" in path or "/../" in path:  # absolute() resolves these
            return self.absolute(path)
        return self._site + path


def _type(name: str) -> str:
    return f"{OPARL_VERSION}{name}"


def _datetime(value: datetime.datetime) -> str:
    """``2020-06-12T10:00:00+02:00``: Berlin offset, whole seconds. Not
    cached across requests: a memo of data would make the cold measurement
    of issue #20 lie."""
    return value.astimezone(BERLIN).isoformat(timespec="seconds")


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _clean(data: dict) -> dict:
    """Drop unset optional values: OParl objects carry no null, "" or [].
    A true value is kept without comparing it three times (a page of papers
    cleans 300 objects); false ones such as ``False`` and ``0`` are kept too."""
    return {
        key: value
        for key, value in data.items()
        if value or value not in (None, "", [])
    }


def _stamps(created: datetime.datetime, modified: datetime.datetime) -> dict:
    return {"created": _datetime(created), "modified": _datetime(modified)}


def _deleted(api: Api, path: str, kind: str, created, modified) -> dict:
    """What remains of a deleted object (spec 2.8)."""
    return {
        "id": api.url(path),
        "type": _type(kind),
        **_stamps(created, modified),
        "deleted": True,
    }
