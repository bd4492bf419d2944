"""Atom feeds of what changed on the public pages (django.contrib.syndication):
``/feeds/aenderungen/`` for everything, ``/feeds/handlungsfeld/<n>/`` for one
Handlungsfeld. Entries: newly answered inquiries, approved statuses, published
recommendations and their follow-ups, issued reports; newest first, each
linking to its page. Every source starts from its app's public queryset;
like the annual report, the feeds read all four apps through their
selectors."""

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from concept.models import FieldOfAction
from inquiries.selectors import ANSWERED, public_inquiries
from roundtable.selectors import (
    RecommendationFilters,
    follow_up_dated_list,
    recommendation_list,
)

from ..models import GoalStatus
from ..selectors import annual_report_issued_list

LIMIT = 30  # entries per feed, and per source before merging


@dataclass(frozen=True)
class Change:
    """One feed entry."""

    title: str
    link: str
    guid: str
    updated: datetime.datetime
    description: str


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _inquiry_changes(field: FieldOfAction | None) -> list[Change]:
    inquiries = public_inquiries().filter(status=ANSWERED, answered_on__isnull=False)
    if field is not None:
        inquiries = inquiries.filter(
            Q(questions__fields_of_action=field)
            | Q(questions__goals__topic__field=field)
        ).distinct()
    return [
        Change(
            f"Anfrage beantwortet: {inquiry.title}",
            inquiry.get_absolute_url(),
            inquiry.get_absolute_url(),
            _moment(inquiry.answered_on),
            f"Vorlage-Nr. {inquiry.reference_number}, beantwortet am "
            f"{inquiry.answered_on:%d.%m.%Y}.",
        )
        for inquiry in inquiries.only(
            "reference_number", "title", "answered_on"
        ).order_by("-answered_on", "-pk")[:LIMIT]
    ]


def _status_changes(field: FieldOfAction | None) -> list[Change]:
    statuses = GoalStatus.objects.filter(review=GoalStatus.Review.APPROVED)
    if field is not None:
        statuses = statuses.filter(goal__topic__field=field)
    changes = []
    for status in statuses.select_related("goal").order_by("-approved_at")[:LIMIT]:
        link = f"{status.goal.get_absolute_url()}#stand-{status.year}"
        changes.append(
            Change(
                f"Ziel {status.goal.code}: {status.get_status_display()} "
                f"({status.year})",
                link,
                link,
                status.approved_at,
                f"Umsetzungsstand {status.year} freigegeben: "
                f"{status.get_status_display()}. {status.goal.text}",
            )
        )
    return changes


def _roundtable_changes(field: FieldOfAction | None) -> list[Change]:
    filters = RecommendationFilters(field_number=field.number if field else None)
    public = recommendation_list(filters=filters).prefetch_related(None)
    changes = [
        Change(
            f"{feedback.get_kind_display()}: {feedback.title}",
            feedback.get_absolute_url(),
            feedback.get_absolute_url(),
            _moment(feedback.received_on),
            feedback.text,
        )
        for feedback in public.filter(received_on__isnull=False)[:LIMIT]
    ]
    follow_ups = follow_up_dated_list(feedback=public)[:LIMIT]
    for follow_up in follow_ups:
        link = follow_up.feedback.get_absolute_url()
        changes.append(
            Change(
                f"Umsetzung zu „{follow_up.feedback.title}“",
                link,
                f"{link}-umsetzung-{follow_up.pk}",
                _moment(follow_up.date),
                follow_up.text,
            )
        )
    return changes


def _report_changes() -> list[Change]:
    return [
        Change(
            str(report),
            report.get_absolute_url(),
            report.get_absolute_url(),
            report.issued_at,
            f"{report} ausgegeben am {report.issued_at:%d.%m.%Y}.",
        )
        for report in annual_report_issued_list()[:LIMIT]
    ]


def change_list(*, field: FieldOfAction | None = None) -> list[Change]:
    """The newest public changes, everywhere or concerning ``field`` (issued
    reports always), newest first (6 queries)."""
    changes = [
        *_inquiry_changes(field),
        *_status_changes(field),
        *_roundtable_changes(field),
        *_report_changes(),
    ]
    return sorted(changes, key=lambda change: change.updated, reverse=True)[:LIMIT]


class ChangeFeed(Feed):
    """Atom feed of every public change."""

    feed_type = Atom1Feed
    title = "Integrationskonzept Kassel: Änderungen"
    subtitle = (
        "Neu beantwortete Anfragen, freigegebene Umsetzungsstände, veröffentlichte "
        "Empfehlungen des Runden Tischs und ihre Umsetzung, ausgegebene Berichte."
    )

    def link(self):
        return reverse("concept:index")

    def items(self):
        return change_list()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    def item_updateddate(self, item):
        return item.updated

    def item_pubdate(self, item):
        return item.updated


class FieldChangeFeed(ChangeFeed):
    """Atom feed of the changes concerning one Handlungsfeld."""

    def get_object(self, request, number):
        return get_object_or_404(FieldOfAction, concept__is_current=True, number=number)

    def title(self, field):
        return f"Integrationskonzept Kassel: Handlungsfeld {field.number} {field.title}"

    def subtitle(self, field):
        return f"Änderungen zu Handlungsfeld {field.number}: {ChangeFeed.subtitle}"

    def link(self, field):
        return field.get_absolute_url()

    def items(self, field):
        return change_list(field=field)
