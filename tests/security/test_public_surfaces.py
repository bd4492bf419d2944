"""Nothing internal reaches any public surface: pages, downloads, the OParl
API, the site search and the report. One sentinel is written into every
internal field and every unpublished text; no public response may carry it."""

from django.urls import reverse

import pytest

from concept.models import Goal
from inquiries.models import Inquiry
from monitoring.models import GoalStatus, Metric
from monitoring.report.context import report_context
from monitoring.report.pdf import report_html
from roundtable.models import Feedback
from tests.factories import InquiryFactory, QuestionFactory

pytestmark = pytest.mark.django_db
SECRET = "Geheimsache4711"


@pytest.fixture
def secrets_everywhere(seed):
    answered = Inquiry.objects.get(reference_number="101.18.1671")
    answered.internal_contact = f"{SECRET} Tel. 0561 787-0"
    answered.internal_note = f"{SECRET} intern"
    answered.save()
    draft = InquiryFactory(
        reference_number="101.19.4711",
        status=Inquiry.Status.DRAFT,
        title="Offene Anfrage",
    )
    QuestionFactory(inquiry=draft, text="Wie steht es?", answer=f"Entwurf {SECRET}")
    goal = Goal.objects.get(concept__is_current=True, code="1.1.1")
    GoalStatus.objects.create(
        goal=goal,
        year=2020,
        status=GoalStatus.Status.ACHIEVED,
        narrative=f"Entwurf {SECRET}",
        review=GoalStatus.Review.SUBMITTED,
    )
    Feedback.objects.create(
        kind=Feedback.Kind.SUGGESTION,
        title="Vorschlag",
        text=f"Unmoderiert {SECRET}",
        submitter_name=f"Erika {SECRET}",
        submitter_email="geheimsache4711@example.org",
        moderation=Feedback.Moderation.PENDING,
    )
    published = Feedback.objects.filter(is_public=True).first()
    published.submitter_name = f"Max {SECRET}"
    published.submitter_email = "geheimsache4711@example.org"
    published.save()
    return goal


def public_urls(goal):
    metric = Metric.objects.order_by("key").first()
    body = "/oparl/v1.1/body/kassel"
    return [
        reverse("concept:index"),
        reverse("concept:field-detail", kwargs={"number": 1}),
        goal.get_absolute_url(),
        reverse("inquiries:list"),
        reverse("inquiries:list") + "?q=Entwurf",
        reverse("inquiries:list") + "?q=intern",
        "/anfragen/101.18.1671/",
        "/anfragen/101.19.4711/",
        reverse("monitoring:index"),
        metric.get_absolute_url(),
        f"/monitoring/{metric.key}/werte.csv",
        f"/monitoring/{metric.key}/werte.json",
        reverse("roundtable:event-list"),
        "/runder-tisch/runder-tisch-2019/",
        reverse("roundtable:recommendations"),
        reverse("reports:list"),
        reverse("search") + "?q=Unmoderiert",
        reverse("search") + "?q=intern",
        reverse("search") + "?q=Entwurf",
        f"{body}/paper",
        f"{body}/person",
        f"{body}/organization",
        f"{body}/consultation",
        f"{body}/file",
        f"{body}/meeting",
    ]


def test_no_public_surface_shows_internal_data(client, secrets_everywhere):
    """Staff contacts, internal notes, draft answers, unapproved statuses,
    unmoderated feedback and submitters' names and addresses never appear."""
    for url in public_urls(secrets_everywhere):
        response = client.get(url)
        assert response.status_code == 200, url
        content = (
            b"".join(response.streaming_content)
            if response.streaming
            else (response.content)
        )
        assert SECRET.lower().encode() not in content.lower(), url


def test_the_report_shows_no_internal_data(secrets_everywhere):
    """The Integrationsbericht is built from public data only."""
    html = report_html(report_context(year=2020))
    assert SECRET not in html
