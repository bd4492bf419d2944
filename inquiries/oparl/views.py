"""JSON views of the OParl API."""

import functools
import logging
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

import orjson

from kassel_integration.compiled import compiled
from kassel_integration.freshness import public_page

from . import lists, selectors
from .common import (
    DEFAULT_PAGE_SIZE,
    LEGISLATIVE_TERMS,
    MAX_PAGE_SIZE,
    Api,
    _answer,
    _committee,
    _consultation,
    _deleted,
    _faction,
    _file,
    _main_file,
    _meeting,
    _membership,
    _paper,
    _person,
    _type,
)
from .files import MARKDOWN
from .forms import ListQuery, ListQueryForm, omit_internal_given
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
    main_file_name,
    meeting_data,
    membership_data,
    person_data,
    system_data,
)

logger = logging.getLogger(__name__)
ERROR_TYPE = _type("Error")
_encoder = DjangoJSONEncoder()
_PASSTHROUGH = orjson.OPT_PASSTHROUGH_DATETIME

# Views ----------------------------------------------------------------------


def _json(data: dict, status: int = 200) -> HttpResponse:
    """UTF-8 JSON without spaces, by orjson: a page of papers is about 450 kB,
    which the standard library encodes in several milliseconds (orjson in a
    tenth of one). Values orjson does not know (lazy strings, decimals) and
    dates are encoded as ``JsonResponse`` would."""
    response = HttpResponse(
        orjson.dumps(data, default=_encoder.default, option=_PASSTHROUGH),
        status=status,
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(message: str, status: int, debug: str | None = None) -> HttpResponse:
    """The OParl error object (spec 1.1, "Fehlerbehandlung")."""
    data = {"type": ERROR_TYPE, "message": message}
    if debug:
        data["debug"] = debug
    return _json(data, status=status)


def oparl_view(view):
    """JSON for every outcome, CORS for everyone (304 included), GET and HEAD
    only; an unexpected exception is logged and answered as an OParl 500."""

    @functools.wraps(view)
    def inner(request, *args, **kwargs):
        try:
            omit = omit_internal_given(request.GET)
            api = Api.for_request(request, omit_internal=omit)
            return _json(view(request, api, *args, **kwargs))
        except Http404 as error:
            return _error(str(error) or "Dieses Objekt gibt es nicht.", 404)
        except BadRequest as error:
            return _error(str(error), 400)

    cached = public_page(inner)

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = _error("Die OParl-Schnittstelle kann nur gelesen werden.", 405)
            response["Allow"] = "GET, HEAD"
            return response
        if "\x00" in request.path:  # PostgreSQL refuses NUL in text
            return _error("Die Adresse enthält ein Nullzeichen.", 400)
        try:
            response = cached(request, *args, **kwargs)
        except Exception:
            logger.exception("OParl: unerwarteter Fehler bei %s", request.path)
            response = _error(
                "Interner Fehler der OParl-Schnittstelle. Bitte später erneut "
                "versuchen.",
                500,
            )
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _list_query(request) -> ListQuery:
    """The list parameters of the request; 400 with the first error."""
    form = ListQueryForm(request.GET)
    if not form.is_valid():
        raise BadRequest(form.first_error())
    return form.list_query()


def _links(request, api: Api, query: ListQuery, page: lists.Page) -> dict:
    """first, self, last and (where there are) prev and next: the request's
    filters and page size, in the client's spelling."""

    def link(number):
        params = list(query.filters.given)
        if api.omit_internal:
            params.append(("omit_internal", "true"))
        if query.per_page is not None:
            params.append(("elementsPerPage", str(page.per_page)))
        if number > 1:
            params.append(("page", str(number)))
        url = api.absolute(request.path)
        return f"{url}?{urlencode(params)}" if params else url

    links = {
        "first": link(1),
        "self": link(page.number),
        "last": link(page.total_pages),
    }
    if page.number > 1:
        links["prev"] = link(page.number - 1)
    if page.number < page.total_pages:
        links["next"] = link(page.number + 1)
    return links


def _list_page(request, api: Api, sources_of) -> dict:
    """One page of the list ``sources_of`` builds, with pagination and links."""
    query = _list_query(request)
    page = lists.list_page(
        sources_of(api=api, filters=query.filters),
        number=query.page,
        per_page=min(query.per_page or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    )
    if page.number > page.total_pages:
        raise Http404(f"Die Liste hat nur {page.total_pages} Seite(n).")
    return {
        "data": page.data,
        "pagination": {
            "totalElements": page.total,
            "elementsPerPage": page.per_page,
            "currentPage": page.number,
            "totalPages": page.total_pages,
        },
        "links": _links(request, api, query, page),
    }


def _list_view(sources_of, doc: str):
    def view(request, api):
        return _list_page(request, api, sources_of)

    view.__doc__ = doc
    return oparl_view(view)


body_list = _list_view(lists.body_sources, "The one body: Stadt Kassel.")
organization_list = _list_view(
    lists.organization_sources, "Factions, committees and the Magistrat."
)
person_list = _list_view(lists.person_sources, "Persons who sign inquiries or answers.")
membership_list = _list_view(lists.membership_sources, "Persons in their factions.")
meeting_list = _list_view(lists.meeting_sources, "Committee meetings of the inquiries.")
paper_list = _list_view(lists.paper_sources, "Inquiries and their published answers.")
consultation_list = _list_view(lists.consultation_sources, "Inquiries in committees.")
file_list = _list_view(lists.file_sources, "Public attachments with a file.")
legislative_term_list = _list_view(
    lists.legislative_term_sources, "Terms of the Stadtverordnetenversammlung."
)
agenda_item_list = _list_view(lists.empty_sources, "Agenda items: none recorded.")
location_list = _list_view(lists.empty_sources, "Locations: none recorded.")


def _object(api: Api, obj, path: str, serialise) -> dict:
    """The object ``obj`` serialised; where it is None, the tombstone of
    ``path``, else 404."""
    if obj is not None:
        return serialise(api, obj)
    tombstone = selectors.oparl_tombstone_get(path=path)
    if tombstone is None:
        raise Http404("Dieses Objekt gibt es nicht.")
    return _deleted(api, path, tombstone.kind, tombstone.created, tombstone.deleted_at)


@oparl_view
def system_detail(request, api):
    """The entry point of the API."""
    return system_data(api)


@oparl_view
def body_detail(request, api):
    """Stadt Kassel with the URLs of all its lists."""
    return body_data(api)


@oparl_view
def legislative_term_detail(request, api, year):
    """One term, by the year it starts."""
    for term in LEGISLATIVE_TERMS:
        if term.start.year == int(year):
            return legislative_term_data(api, term)
    raise Http404("Diese Wahlperiode gibt es nicht.")


@oparl_view
def magistrat_detail(request, api):
    """The Magistrat, which answers the inquiries."""
    return magistrat_data(api)


def _detail_view(queryset_of, path_of, serialise, doc: str, fetch=None):
    """An object by its primary key: the live one, else its tombstone.
    ``fetch`` reads an object's row where more than the query is needed
    (``selectors.oparl_papers``); that row comes from a query compiled once."""
    if fetch is None:

        def find(pk: int):
            return queryset_of().filter(pk=pk).first()

    else:

        def by_key(pk: int):
            return queryset_of().filter(pk=pk)

        by_key.__qualname__ = f"{queryset_of.__name__}[pk]"
        rows_of = compiled(by_key)

        def find(pk: int):
            return next(iter(fetch(rows_of(pk))), None)

    def view(request, api, pk):
        return _object(api, find(pk), path_of(pk), serialise)

    view.__doc__ = doc
    return oparl_view(view)


faction_detail = _detail_view(
    selectors.oparl_faction_list,
    _faction,
    faction_data,
    "A faction (2 queries; 2 when deleted).",
)
committee_detail = _detail_view(
    selectors.oparl_committee_list,
    _committee,
    committee_data,
    "A committee (1 query; 2 when deleted).",
)
person_detail = _detail_view(
    selectors.oparl_person_list,
    _person,
    person_data,
    "A person (1 query; 2 when deleted).",
)
membership_detail = _detail_view(
    selectors.oparl_member_list,
    _membership,
    membership_data,
    "A person's membership in their faction (1 query; 2 when ended).",
)
paper_detail = _detail_view(
    selectors.oparl_paper_list,
    _paper,
    inquiry_paper_data,
    "An inquiry with its questions and files (3 queries; 2 when deleted).",
    functools.partial(selectors.oparl_papers, files=True),
)
answer_detail = _detail_view(
    selectors.oparl_answer_list,
    _answer,
    answer_paper_data,
    "The answer to an answered inquiry (2 queries; 2 when withdrawn).",
    selectors.oparl_papers,
)
consultation_detail = _detail_view(
    selectors.oparl_consultation_list,
    _consultation,
    consultation_data,
    "An inquiry in its committee (1 query; 2 when withdrawn).",
)
file_detail = _detail_view(
    selectors.oparl_file_list,
    _file,
    file_data,
    "A public attachment (1 query; 2 when deleted).",
)
main_file_detail = _detail_view(
    selectors.oparl_main_file_list,
    _main_file,
    main_file_data,
    "An inquiry's full text as a file (1 query; 2 when deleted).",
    selectors.oparl_papers,
)


@oparl_view
def meeting_detail(request, api, committee_pk, day):
    """A committee meeting of inquiries (1 query; 2 when gone)."""
    path = _meeting(committee_pk, day)
    meeting = (
        selectors.oparl_meeting_list()
        .filter(committee_id=committee_pk, meeting_date=day)
        .first()
    )
    return _object(api, meeting, path, meeting_data)


@dataclass(frozen=True)
class Content:
    """A file's bytes (or an open file), its name and MIME type."""

    data: bytes | BinaryIO
    name: str
    mime_type: str

    def response(self, *, download: bool) -> HttpResponse:
        """Inline (accessUrl) or as an attachment (downloadUrl), with CORS."""
        if isinstance(self.data, bytes):
            response = HttpResponse(self.data, content_type=self.mime_type)
            response["Content-Disposition"] = content_disposition_header(
                download, self.name
            )
        else:
            response = FileResponse(
                self.data,
                as_attachment=download,
                filename=self.name,
                content_type=self.mime_type,
            )
        response["Access-Control-Allow-Origin"] = "*"
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _content_view(fetch):
    """The bytes of a file (GET and HEAD); a JSON 404 when there are none."""

    @csrf_exempt
    @require_safe
    @functools.wraps(fetch)
    def view(request, pk, download: bool):
        content = fetch(pk)
        if content is None:
            response = _error("Diese Datei gibt es nicht.", 404)
            response["Access-Control-Allow-Origin"] = "*"
            return response
        return content.response(download=download)

    return view


@_content_view
def attachment_content(pk) -> Content | None:
    """A public attachment's stored file."""
    attachment = selectors.oparl_attachment_list().filter(pk=pk).first()
    if attachment is None:
        return None
    try:
        handle = attachment.file.open("rb")
    except OSError:
        return None
    return Content(
        handle,
        attachment.file.name.rsplit("/", 1)[-1],
        attachment.file_mime_type or "application/octet-stream",
    )


@_content_view
def main_file_content(pk) -> Content | None:
    """An inquiry's full text as Markdown (1 query)."""
    rows = selectors.oparl_main_file_list().filter(pk=pk)
    paper = next(iter(selectors.oparl_papers(rows)), None)
    if paper is None:
        return None
    return Content(
        paper.full_text.encode("utf-8"),
        main_file_name(paper),
        f"{MARKDOWN}; charset=utf-8",
    )


@oparl_view
def not_found(request, api):
    """Any other address below the API root."""
    raise Http404("Diese Adresse gibt es in der OParl-Schnittstelle nicht.")
