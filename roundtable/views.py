"""Public pages of the Runder Tisch: thin views over the selectors."""

import datetime

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render

from concept.selectors import concept_current_or_none, field_of_action_choice_list
from kassel_integration.client import client_address
from kassel_integration.freshness import public_page
from kassel_integration.pagination import paginate
from kassel_integration.shortcuts import found

from . import selectors, services
from .forms import FeedbackForm, RecommendationFilterForm


@public_page
def event_list(request):
    """Upcoming and past events with their dates and documents."""
    page, query_string = paginate(request, selectors.event_order())
    return render(
        request,
        "roundtable/event_list.html",
        {
            "events": selectors.event_list(ids=page.object_list),
            "page": page,
            "query_string": query_string,
        },
    )


@public_page
def event_detail(request, slug):
    """One event with its feedback and what became of it."""
    return render(
        request,
        "roundtable/event_detail.html",
        {
            "event": found(selectors.event_get(slug)),
            "min_days": settings.ROUNDTABLE_DOCUMENTS_MIN_DAYS,
        },
    )


@public_page
def recommendation_list(request):
    """Every published recommendation with disposition and follow-ups."""
    form = RecommendationFilterForm(
        request.GET or None,
        fields_of_action=selectors.field_menu_list(),
        years=selectors.recommendation_years(),
    )
    page, query_string = paginate(request, selectors.RecommendationRows(form.filters()))
    return render(
        request,
        "roundtable/recommendation_list.html",
        {
            "form": form,
            "page": page,
            "recommendations": selectors.recommendation_page_items(page.object_list),
            "query_string": query_string,
            "legend": selectors.disposition_legend(),
        },
    )


@public_page
def recommendation_detail(request, pk):
    """One published recommendation: its text, event, disposition and
    follow-ups, at a stable address."""
    item = get_object_or_404(selectors.recommendation_detail_list(), pk=pk)
    return render(
        request,
        "roundtable/recommendation_detail.html",
        {"item": item, "legend": selectors.disposition_legend()},
    )


def consultation(request):
    """The open consultation: the draft to download and the feedback form."""
    current = selectors.consultation_open(today=datetime.date.today())
    if current is None:
        return render(request, "roundtable/consultation.html", {"consultation": None})
    fields = field_of_action_choice_list(concept=concept_current_or_none())
    form = FeedbackForm(request.POST or None, fields_of_action=fields)
    if request.method == "POST":
        try:
            services.feedback_rate_check(address=client_address(request))
        except services.RateLimited:
            return render(
                request,
                "roundtable/consultation.html",
                {"consultation": current, "form": form, "rate_limited": True},
                status=429,
            )
        if form.is_valid():
            if not form.is_spam:
                services.feedback_submit(
                    consultation=current, data=form.cleaned_data, fields=fields
                )
            return redirect("roundtable:consultation-thanks")
    return render(
        request, "roundtable/consultation.html", {"consultation": current, "form": form}
    )


def consultation_thanks(request):
    return render(request, "roundtable/consultation_thanks.html")
