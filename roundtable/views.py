"""Public pages of the Runder Tisch: thin views over the selectors."""

import datetime

from django import forms
from django.conf import settings
from django.shortcuts import redirect, render

from concept.selectors import concept_current_or_none, field_of_action_choice_list
from kassel_integration.client import client_address
from kassel_integration.freshness import public_page
from kassel_integration.pagination import paginate

from . import selectors, services
from .forms import FeedbackForm
from .models import Feedback


class RecommendationFilterForm(forms.Form):
    handlungsfeld = forms.TypedChoiceField(
        label="Handlungsfeld", coerce=int, required=False
    )
    jahr = forms.TypedChoiceField(label="Jahr", coerce=int, required=False)
    umgang = forms.ChoiceField(
        label="Umgang",
        required=False,
        choices=[("", "alle"), *Feedback.Disposition.choices],
    )

    def __init__(self, *args, fields_of_action=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlungsfeld"].choices = [("", "alle")] + [
            (f.number, f"{f.number}. {f.title}") for f in fields_of_action
        ]
        self.fields["jahr"].choices = [("", "alle")] + [(y, y) for y in years]

    def filters(self) -> selectors.RecommendationFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.RecommendationFilters(
            field_number=data.get("handlungsfeld") or None,
            year=data.get("jahr") or None,
            disposition=data.get("umgang") or "",
        )


@public_page
def event_list(request):
    """Upcoming and past events with their dates and documents."""
    page, query_string = paginate(request, selectors.event_list())
    return render(
        request,
        "roundtable/event_list.html",
        {
            "events": page.object_list,
            "page": page,
            "query_string": query_string,
            "min_days": settings.ROUNDTABLE_DOCUMENTS_MIN_DAYS,
        },
    )


@public_page
def event_detail(request, slug):
    """One event with its feedback and what became of it."""
    return render(
        request,
        "roundtable/event_detail.html",
        {
            "event": selectors.event_get(slug=slug),
            "min_days": settings.ROUNDTABLE_DOCUMENTS_MIN_DAYS,
        },
    )


@public_page
def recommendation_list(request):
    """Every published recommendation with disposition and follow-ups."""
    form = RecommendationFilterForm(
        request.GET or None,
        fields_of_action=field_of_action_choice_list(concept=concept_current_or_none()),
        years=selectors.recommendation_years(),
    )
    page, query_string = paginate(
        request, selectors.recommendation_list(filters=form.filters())
    )
    return render(
        request,
        "roundtable/recommendation_list.html",
        {
            "form": form,
            "page": page,
            "recommendations": page.object_list,
            "query_string": query_string,
            "dispositions": Feedback.Disposition,
        },
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
