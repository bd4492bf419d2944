"""Public pages of the inquiries: thin views over the selectors."""

from django.core.paginator import Paginator
from django.shortcuts import render

from concept.selectors import concept_current_or_none, field_of_action_choice_list
from kassel_integration.freshness import public_page

from . import selectors
from .forms import InquiryFilterForm

PAGE_SIZE = 20


@public_page
def inquiry_list(request):
    """All inquiries, filterable and searchable; the URL holds every filter."""
    fields = field_of_action_choice_list(concept=concept_current_or_none())
    form = InquiryFilterForm(request.GET or None, fields_of_action=fields)
    filters = form.filters()
    page = Paginator(selectors.inquiry_search(filters=filters), PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "inquiries/inquiry_list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "query_string": query.urlencode(),
        },
    )


@public_page
def inquiry_detail(request, reference_number):
    """One inquiry: preamble, each question followed by its answer."""
    inquiry = selectors.inquiry_get(reference_number=reference_number)
    return render(request, "inquiries/inquiry_detail.html", {"inquiry": inquiry})
