"""The Runder Tisch admin: the moderation decision is the publish step."""

from django.contrib.messages import get_messages
from django.urls import reverse

import pytest

from roundtable.models import Feedback

pytestmark = pytest.mark.django_db


def feedback_form(feedback, **changes):
    data = {
        "kind": feedback.kind,
        "title": feedback.title,
        "text": feedback.text,
        "moderation": feedback.moderation,
        "disposition": feedback.disposition,
        "justification": feedback.justification,
        "follow_ups-TOTAL_FORMS": "0",
        "follow_ups-INITIAL_FORMS": "0",
        "_bearbeitungsstand": feedback.history.latest().history_id,
    }
    if feedback.is_public:
        data["is_public"] = "on"
    return {**data, **changes}


@pytest.fixture
def pending():
    return Feedback.objects.create(
        kind="empfehlung", title="Mehr Sprachcafés", text="Bitte in jedem Stadtteil."
    )


def test_approving_publishes_and_says_so(admin_client, client, pending):
    """Moderation "freigegeben" alone puts the item on the site, with a link."""
    url = reverse("admin:roundtable_feedback_change", args=[pending.pk])
    response = admin_client.post(url, feedback_form(pending, moderation="freigegeben"))
    assert response.status_code == 302, response.content.decode()[:3000]
    pending.refresh_from_db()
    assert pending.is_public
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "steht jetzt öffentlich auf der Website" in shown
    page = client.get(reverse("roundtable:recommendations")).content.decode()
    assert "Mehr Sprachcafés" in page


def test_rejecting_takes_it_off_the_site(admin_client, pending):
    """Moving an approved item back to "abgelehnt" unpublishes it."""
    Feedback.objects.filter(pk=pending.pk).update(
        moderation="freigegeben", is_public=True
    )
    pending.refresh_from_db()
    admin_client.post(
        reverse("admin:roundtable_feedback_change", args=[pending.pk]),
        feedback_form(pending, moderation="abgelehnt"),
    )
    pending.refresh_from_db()
    assert (pending.moderation, pending.is_public) == ("abgelehnt", False)


def test_the_form_explains_the_publish_step(admin_client, pending):
    """The form says plainly that "freigegeben" publishes."""
    html = admin_client.get(
        reverse("admin:roundtable_feedback_change", args=[pending.pk])
    ).content.decode()
    assert "„freigegeben“ veröffentlicht die Rückmeldung auf der Website" in html
