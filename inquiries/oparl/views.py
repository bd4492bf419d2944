"""JSON views of the OParl API."""

import datetime
import functools
import math
import re
from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.db.models import Q
from django.http import Http404, JsonResponse, QueryDict
from django.views.decorators.csrf import csrf_exempt

from kassel_integration.freshness import public_page

from ..models import Attachment, Committee, Faction, Inquiry, Person
from .common import (
    ANSWERED,
    DEFAULT_PAGE_SIZE,
    LEGISLATIVE_TERMS,
    MAX_PAGE_SIZE,
    Api,
    _answer,
    _committee,
    _faction,
    _file,
    _paper,
    _person,
)
from .selectors import (
    _answered,
    _committees,
    _consultations,
    _deletions,
    _factions,
    _get,
    _inquiries,
    _meetings,
    _persons,
    _public_files,
    list_filters_parse,
    oparl_body_list,
    oparl_consultation_list,
    oparl_empty_list,
    oparl_file_list,
    oparl_legislative_term_list,
    oparl_meeting_list,
    oparl_membership_list,
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
    meeting_data,
    membership_data,
    person_data,
    system_data,
)

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


def _error(message: str, status: int) -> JsonResponse:
    return _json({"error": {"status": status, "message": message}}, status=status)


def oparl_view(view):
    """JSON for every outcome, CORS for everyone, GET and HEAD only."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = _error("Die OParl-Schnittstelle kann nur gelesen werden.", 405)
            response["Allow"] = "GET, HEAD"
            return response
        try:
            return _json(view(request, Api.for_request(request), *args, **kwargs))
        except Http404 as error:
            return _error(str(error) or "Dieses Objekt gibt es nicht.", 404)
        except BadRequest as error:
            return _error(str(error), 400)

    return public_page(wrapper)


def _page_number(query: QueryDict, name: str, default: int) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"[0-9]+", raw) or int(raw) < 1:
        raise BadRequest(f"{name}={raw!r} ist keine positive ganze Zahl.")
    return int(raw)


def _list_page(request, api: Api, selector) -> dict:
    """One page of the list ``selector`` builds, with pagination and links."""
    filters = list_filters_parse(request.GET)
    page = _page_number(request.GET, "page", 1)
    per_page = min(
        _page_number(request.GET, "elementsPerPage", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE
    )
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
        if "elementsPerPage" in request.GET:
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
    """A faction (2 queries; 3 when deleted)."""
    faction, deleted = _get(
        _factions(), pk, _deletions(Faction), _faction, "Organization", api
    )
    return deleted or faction_data(api, faction)


@oparl_view
def committee_detail(request, api, pk):
    """A committee (1 query; 2 when deleted)."""
    committee, deleted = _get(
        _committees(), pk, _deletions(Committee), _committee, "Organization", api
    )
    return deleted or committee_data(api, committee)


@oparl_view
def person_detail(request, api, pk):
    """A person (1 query; 2 when deleted)."""
    person, deleted = _get(_persons(), pk, _deletions(Person), _person, "Person", api)
    return deleted or person_data(api, person)


@oparl_view
def membership_detail(request, api, pk):
    """A person's membership in their faction (1 query)."""
    person = _persons().filter(pk=pk, faction__isnull=False).first()
    if person is None:
        raise Http404("Diese Mitgliedschaft gibt es nicht.")
    return membership_data(api, person)


@oparl_view
def paper_detail(request, api, pk):
    """An inquiry (2 queries; 3 when deleted)."""
    inquiry, deleted = _get(_inquiries(), pk, _deletions(Inquiry), _paper, "Paper", api)
    return deleted or inquiry_paper_data(api, inquiry)


@oparl_view
def answer_detail(request, api, pk):
    """The answer to an answered inquiry (1 query; 2 when deleted)."""
    deletions = _deletions(Inquiry, status=ANSWERED)
    inquiry, deleted = _get(_answered(), pk, deletions, _answer, "Paper", api)
    return deleted or answer_paper_data(api, inquiry)


@oparl_view
def consultation_detail(request, api, pk):
    """An inquiry in its committee (1 query)."""
    inquiry = _consultations().filter(pk=pk).first()
    if inquiry is None:
        raise Http404("Diese Beratung gibt es nicht.")
    return consultation_data(api, inquiry)


@oparl_view
def meeting_detail(request, api, committee_pk, day):
    """A committee meeting on which inquiries were answered (1 query)."""
    try:
        date = datetime.datetime.strptime(day, "%Y%m%d").date()
    except ValueError:
        raise Http404("Diese Sitzung gibt es nicht.") from None
    meeting = _meetings().filter(committee_id=committee_pk, meeting_date=date).first()
    if meeting is None:
        raise Http404("Diese Sitzung gibt es nicht.")
    return meeting_data(api, meeting)


@oparl_view
def file_detail(request, api, pk):
    """A public attachment (1 query; 2 when deleted)."""
    deletions = _deletions(Attachment, ~Q(file=""), is_public=True)
    attachment, deleted = _get(_public_files(), pk, deletions, _file, "File", api)
    return deleted or file_data(api, attachment)


@oparl_view
def not_found(request, api):
    """Any other address below the API root."""
    raise Http404("Diese Adresse gibt es in der OParl-Schnittstelle nicht.")
