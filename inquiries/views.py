"""Public pages of the inquiries: thin views over the selectors."""

from contextlib import nullcontext

from django.http import Http404
from django.shortcuts import render

from kassel_integration.compiled import together
from kassel_integration.freshness import public_page
from kassel_integration.pagination import paginate
from kassel_integration.search import index_scans

from . import selectors
from .forms import InquiryFilterForm, committee_choices, faction_choices


@public_page
def inquiry_list(request):
    """All inquiries, filterable and searchable; the URL holds every filter."""
    fields, factions, committees, years = together(
        selectors.field_of_action_menu_query(),
        faction_choices.query(),
        committee_choices.query(),
        selectors.inquiry_years_query(),
    )
    form = InquiryFilterForm(
        request.GET or None,
        fields_of_action=fields,
        factions=factions,
        committees=committees,
        years=years,
    )
    filters = form.filters()
    inquiries = selectors.inquiry_rows(filters=filters)
    # A search reads its matches (count and page) through the index.
    with index_scans() if filters.q else nullcontext():
        page, query_string = paginate(request, inquiries)
        page.object_list = list(page.object_list)
    return render(
        request,
        "inquiries/inquiry_list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "query_string": query_string,
        },
    )


@public_page
def inquiry_detail(request, reference_number):
    """One inquiry: preamble, each question followed by its answer."""
    inquiry = selectors.inquiry_detail_get(reference_number=reference_number)
    if inquiry is None:
        raise Http404("Keine Anfrage mit dieser Vorlage-Nr.")
    return render(request, "inquiries/inquiry_detail.html", {"inquiry": inquiry})
