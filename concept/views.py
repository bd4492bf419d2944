"""Public pages of the Integrationskonzept: thin views over the selectors."""

from django.shortcuts import render

from kassel_integration.freshness import public_page
from kassel_integration.shortcuts import found

from . import selectors
from .extensions import page_sections


@public_page
def concept_index(request):
    """The current edition: Leitlinien and the Handlungsfelder with goal counts."""
    concept = found(selectors.concept_current_get())
    fields = selectors.field_of_action_list(concept=concept)
    concept.field_list = fields  # sections read them instead of asking again
    return render(
        request,
        "concept/index.html",
        {
            "concept": concept,
            "guidelines": selectors.guideline_list(concept=concept),
            "fields": fields,
            "goal_total": sum(field.goal_count for field in fields),
            "organisations": selectors.organisation_goal_counts(concept.pk),
            "sections": page_sections("index", concept),
        },
    )


@public_page
def field_detail(request, number):
    """One Handlungsfeld of the current edition with its Hauptziele,
    Teilbereiche, goals and indicators."""
    field = found(selectors.field_of_action_get(number))
    selectors.field_page_parts(field)
    return render(
        request,
        "concept/field_detail.html",
        {
            "concept": field.concept,
            "field": field,
            "sections": page_sections("field", field),
        },
    )


@public_page
def goal_detail(request, code):
    """One goal, citable by its code (``/konzept/ziel/1.1.1/``)."""
    goal = found(selectors.goal_get(code))
    selectors.goal_page_parts(goal)
    return render(
        request,
        "concept/goal_detail.html",
        {
            "concept": goal.concept,
            "goal": goal,
            "sections": page_sections("goal", goal),
        },
    )


@public_page
def organisation_detail(request, slug):
    """Every goal a unit is responsible for, and the measures it provides."""
    concept = found(selectors.concept_current_get())
    organisation = found(selectors.organisation_get(slug))
    return render(
        request,
        "concept/organisation_detail.html",
        {
            "concept": concept,
            "organisation": organisation,
            "goals": selectors.organisation_goal_list(
                organisation=organisation, concept=concept
            ),
            "measures": selectors.organisation_measure_list(organisation=organisation),
        },
    )
