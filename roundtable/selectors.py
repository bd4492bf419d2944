"""Read queries of the Runder Tisch, shared by pages and the annual report.
The public sees approved, public feedback only, never submitters' data."""

from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from concept.models import FieldOfAction, Goal
from kassel_integration.queries import related_count

from .models import Consultation, Event, Feedback, FollowUp

PUBLIC = Q(is_public=True, moderation=Feedback.Moderation.APPROVED)


@dataclass(frozen=True)
class RecommendationFilters:
    field_number: int | None = None
    year: int | None = None
    disposition: str = ""


def event_list() -> QuerySet[Event]:
    """Events newest first, with the number of public feedback items
    (counted per shown event, not by grouping all events with all feedback)."""
    return Event.objects.annotate(
        feedback_count=related_count(Feedback.objects.filter(PUBLIC), "event")
    ).order_by(F("date").desc(nulls_last=True), "title")


def _public_feedback() -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(PUBLIC)
        .select_related("source_organisation", "event")
        .defer("submitter_name", "submitter_email")
        .prefetch_related(
            Prefetch(
                "fields_of_action",
                queryset=FieldOfAction.objects.order_by("number"),
                to_attr="field_list",
            ),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related(
                    "organisation", "measure"
                ).order_by("date", "pk"),
                to_attr="follow_up_list",
            ),
        )
    )


def event_get(*, slug: str) -> Event:
    """One event with its public feedback and working groups."""
    queryset = Event.objects.select_related("concept").prefetch_related(
        Prefetch("feedback", queryset=_public_feedback(), to_attr="public_feedback"),
        "working_groups__field",
    )
    try:
        return queryset.get(slug=slug)
    except Event.DoesNotExist:
        raise Http404("Diese Veranstaltung ist nicht erfasst.") from None


def recommendation_list(*, filters: RecommendationFilters) -> QuerySet[Feedback]:
    queryset = _public_feedback()
    if filters.field_number:
        queryset = queryset.filter(fields_of_action__number=filters.field_number)
    if filters.year:
        queryset = queryset.filter(received_on__year=filters.year)
    if filters.disposition:
        queryset = queryset.filter(disposition=filters.disposition)
    return queryset.order_by("-received_on", "pk")


def recommendation_years() -> list[int]:
    return sorted(
        {d.year for d in Feedback.objects.filter(PUBLIC).dates("received_on", "year")},
        reverse=True,
    )


def recommendations_for_goal(goal: Goal) -> dict:
    """Section of the goal page: public recommendations concerning the goal."""
    return {
        "feedback": list(
            Feedback.objects.filter(PUBLIC, goals=goal)
            .select_related("event")  # each links to its event's page
            .order_by("-received_on")
        )
    }


def recommendations_for_field(field: FieldOfAction) -> dict:
    """Section of the field page: public recommendations concerning the field."""
    return {
        "feedback": list(
            Feedback.objects.filter(PUBLIC, fields_of_action=field)
            .select_related("event")  # each links to its event's page
            .order_by("-received_on")
        )
    }


def consultation_open(*, today) -> Consultation | None:
    """The consultation open for feedback on ``today``, if any."""
    return (
        Consultation.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .order_by("-opens_on")
        .first()
    )


def event_list_for_year(*, year: int) -> QuerySet[Event]:
    """The events held in ``year``, in date order (1 query)."""
    return Event.objects.filter(date__year=year).order_by("date", "title")


CLOSED = [Feedback.Disposition.DONE, Feedback.Disposition.NOT_ADOPTED]


def recommendation_list_for_year(*, year: int) -> tuple[list, list]:
    """Public feedback received in ``year``, and earlier feedback that was
    followed up in ``year`` or is still open: what the annual report lists
    (3 queries)."""
    feedback = list(
        _public_feedback()
        .filter(received_on__year__lte=year)
        .filter(
            Q(received_on__year=year)
            | Q(follow_ups__date__year=year)
            | ~Q(disposition__in=CLOSED)
        )
        .distinct()
        .order_by("received_on", "pk")
    )
    current = [item for item in feedback if item.received_on.year == year]
    earlier = [item for item in feedback if item.received_on.year < year]
    return current, earlier


def follow_up_dated_list(*, feedback: QuerySet[Feedback]) -> QuerySet[FollowUp]:
    """The dated follow-ups of ``feedback`` (a public feedback queryset),
    newest first, with their feedback and its event (1 query)."""
    return (
        FollowUp.objects.filter(feedback__in=feedback.values("pk"), date__isnull=False)
        .select_related("feedback__event")
        .order_by("-date", "-pk")
    )
