"""JSON views of the OParl API."""

import functools
import logging
import math
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from kassel_integration.freshness import public_page

from .common import (
    DEFAULT_PAGE_SIZE,
    LEGISLATIVE_TERMS,
    MAX_PAGE_SIZE,
    Api,
    _answer,
    _committee,
    _consultation,
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
from .forms import ListQueryForm, omit_internal_given
from .selectors import (
    _answered,
    _committees,
    _consultations,
    _factions,
    _inquiries,
    _main_files,
    _meetings,
    _members,
    _persons,
    _public_files,
    oparl_body_list,
    oparl_consultation_list,
    oparl_empty_list,
    oparl_file_list,
    oparl_legislative_term_list,
    oparl_meeting_list,
    oparl_membership_list,
    oparl_object_get,
    oparl_organization_list,
    oparl_paper_list,
    oparl_person_list,
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
    main_file_bytes,
    main_file_data,
    main_file_name,
    meeting_data,
    membership_data,
    person_data,
    system_data,
)

logger = logging.getLogger(__name__)
ERROR_TYPE = _type("Error")

# Views ----------------------------------------------------------------------


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data,
        status=status,
        content_type="application/json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(message: str, status: int, debug: str | None = None) -> JsonResponse:
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


def _list_page(request, api: Api, selector) -> dict:
    """One page of the list ``selector`` builds, with pagination and links."""
    form = ListQueryForm(request.GET)
    if not form.is_valid():
        raise BadRequest(form.first_error())
    query = form.list_query()
    filters, page = query.filters, query.page
    per_page = min(query.per_page or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    sources = selector(api=api, filters=filters)
    counts = [source.count() for source in sources]
    total = sum(counts)
    total_pages = max(1, math.ceil(total / per_page))
    if page > total_pages:
        raise Http404(f"Die Liste hat nur {total_pages} Seite(n).")
    start, stop, offset, data = (page - 1) * per_page, page * per_page, 0, []
    for source, count in zip(sources, counts, strict=True):
        low, high = max(start - offset, 0), min(stop - offset, count)
        if low < high:
            data.extend(source.page(low, high))
        offset += count

    def link(number):
        params = list(filters.given)
        if query.omit_internal:
            params.append(("omit_internal", "true"))
        if query.per_page is not None:
            params.append(("elementsPerPage", str(per_page)))
        if number > 1:
            params.append(("page", str(number)))
        url = api.absolute(request.path)
        return f"{url}?{urlencode(params)}" if params else url

    links = {"first": link(1), "self": link(page), "last": link(total_pages)}
    if page > 1:
        links["prev"] = link(page - 1)
    if page < total_pages:
        links["next"] = link(page + 1)
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": per_page,
            "currentPage": page,
            "totalPages": total_pages,
        },
        "links": links,
    }


def _list_view(selector, doc: str):
    def view(request, api):
        return _list_page(request, api, selector)

    view.__doc__ = doc
    return oparl_view(view)


body_list = _list_view(oparl_body_list, "The one body: Stadt Kassel.")
organization_list = _list_view(
    oparl_organization_list, "Factions, committees and the Magistrat."
)
person_list = _list_view(oparl_person_list, "Persons who sign inquiries or answers.")
membership_list = _list_view(oparl_membership_list, "Persons in their factions.")
meeting_list = _list_view(oparl_meeting_list, "Committee meetings of the inquiries.")
paper_list = _list_view(oparl_paper_list, "Inquiries and their published answers.")
consultation_list = _list_view(oparl_consultation_list, "Inquiries in committees.")
file_list = _list_view(oparl_file_list, "Public attachments with a file.")
legislative_term_list = _list_view(
    oparl_legislative_term_list, "Terms of the Stadtverordnetenversammlung."
)
agenda_item_list = _list_view(oparl_empty_list, "Agenda items: none recorded.")
location_list = _list_view(oparl_empty_list, "Locations: none recorded.")


def _object(api: Api, queryset, path: str, serialise, **lookups) -> dict:
    """The object, else its tombstone, else 404."""
    data = oparl_object_get(
        api=api, queryset=queryset, path=path, serialise=serialise, **lookups
    )
    if data is None:
        raise Http404("Dieses Objekt gibt es nicht.")
    return data


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


@oparl_view
def faction_detail(request, api, pk):
    """A faction (2 queries; 2 when deleted)."""
    return _object(api, _factions(), _faction(pk), faction_data, pk=pk)


@oparl_view
def committee_detail(request, api, pk):
    """A committee (1 query; 2 when deleted)."""
    return _object(api, _committees(), _committee(pk), committee_data, pk=pk)


@oparl_view
def person_detail(request, api, pk):
    """A person (1 query; 2 when deleted)."""
    return _object(api, _persons(), _person(pk), person_data, pk=pk)


@oparl_view
def membership_detail(request, api, pk):
    """A person's membership in their faction (1 query; 2 when ended)."""
    return _object(api, _members(), _membership(pk), membership_data, pk=pk)


@oparl_view
def paper_detail(request, api, pk):
    """An inquiry (2 queries; 2 when deleted)."""
    return _object(api, _inquiries(), _paper(pk), inquiry_paper_data, pk=pk)


@oparl_view
def answer_detail(request, api, pk):
    """The answer to an answered inquiry (1 query; 2 when withdrawn)."""
    return _object(api, _answered(), _answer(pk), answer_paper_data, pk=pk)


@oparl_view
def consultation_detail(request, api, pk):
    """An inquiry in its committee (1 query; 2 when withdrawn)."""
    path = _consultation(pk)
    return _object(api, _consultations(), path, consultation_data, pk=pk)


@oparl_view
def meeting_detail(request, api, committee_pk, day):
    """A committee meeting of inquiries (1 query; 2 when gone)."""
    path = _meeting(committee_pk, day)
    return _object(
        api,
        _meetings(),
        path,
        meeting_data,
        committee_id=committee_pk,
        meeting_date=day,
    )


@oparl_view
def file_detail(request, api, pk):
    """A public attachment (1 query; 2 when deleted)."""
    return _object(api, _public_files(), _file(pk), file_data, pk=pk)


@oparl_view
def main_file_detail(request, api, pk):
    """An inquiry's full text as a file (2 queries; 2 when deleted)."""
    return _object(api, _main_files(), _main_file(pk), main_file_data, pk=pk)


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
    attachment = _public_files().filter(pk=pk).first()
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
    """An inquiry's full text as Markdown."""
    inquiry = _main_files().filter(pk=pk).first()
    if inquiry is None:
        return None
    return Content(
        main_file_bytes(inquiry),
        main_file_name(inquiry),
        f"{MARKDOWN}; charset=utf-8",
    )


@oparl_view
def not_found(request, api):
    """Any other address below the API root."""
    raise Http404("Diese Adresse gibt es in der OParl-Schnittstelle nicht.")
