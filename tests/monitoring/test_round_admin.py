"""The reporting round's admin: one save per click, pickers by name, the
Fachamt's start page and what each role is offered."""

import datetime

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from monitoring.models import GoalStatus
from monitoring.selectors import reporting_year_open
from tests.factories import (
    DistrictFactory,
    GoalStatusFactory,
    InquiryFactory,
    MetricFactory,
    ObservationFactory,
)
from tests.monitoring.conftest import goal_choices

pytestmark = pytest.mark.django_db
Review = GoalStatus.Review


def change_form(status, **changes):
    data = {
        "goal": status.goal_id,
        "year": status.year,
        "status": status.status,
        "progress": "",
        "narrative": status.narrative,
        "evidence": status.evidence,
        "review": status.review,
        "review_comment": status.review_comment,
        "_bearbeitungsstand": status.history.latest().history_id,
    }
    return {**data, **changes}


def test_approving_in_the_form_writes_one_version(client, round_setup):
    """The Redaktion's "freigegeben" is one save: one new history row, stamped."""
    status = GoalStatusFactory(
        goal=round_setup["own"], review=Review.SUBMITTED, approved_at=None
    )
    before = status.history.count()
    client.force_login(round_setup["redaktion"])
    response = client.post(
        reverse("admin:monitoring_goalstatus_change", args=[status.pk]),
        change_form(status, review=Review.APPROVED),
    )
    assert response.status_code == 302
    status.refresh_from_db()
    assert status.review == Review.APPROVED
    assert status.approved_by == round_setup["redaktion"]
    assert status.history.count() == before + 1


def test_returning_without_a_comment_is_refused_in_the_form(client, round_setup):
    """A return without a comment stays on the form with a German message."""
    status = GoalStatusFactory(
        goal=round_setup["own"], review=Review.SUBMITTED, approved_at=None
    )
    client.force_login(round_setup["redaktion"])
    response = client.post(
        reverse("admin:monitoring_goalstatus_change", args=[status.pk]),
        change_form(status, review=Review.RETURNED),
    )
    assert response.status_code == 200
    assert "Bitte begründen Sie die Rückgabe" in response.content.decode()
    status.refresh_from_db()
    assert status.review == Review.SUBMITTED


def test_the_approve_action_validates_the_status(client, round_setup):
    """The bulk "freigeben" runs the model's checks: an invalid status stays
    submitted and the list says why."""
    status = GoalStatusFactory(
        goal=round_setup["own"], review=Review.SUBMITTED, approved_at=None
    )
    GoalStatus.objects.filter(pk=status.pk).update(year=1850)  # bypasses checks
    client.force_login(round_setup["redaktion"])
    response = client.post(
        reverse("admin:monitoring_goalstatus_changelist"),
        {"action": "approve_selected", "_selected_action": [status.pk]},
        follow=True,
    )
    status.refresh_from_db()
    assert status.review == Review.SUBMITTED
    assert "größer oder gleich 1990" in response.content.decode()


def test_fachamt_cannot_approve_by_action_post(client, round_setup):
    """A Fachamt posting the approve action is refused; the status stays."""
    status = GoalStatusFactory(
        goal=round_setup["own"], review=Review.SUBMITTED, approved_at=None
    )
    client.force_login(round_setup["fachamt"])
    client.post(
        reverse("admin:monitoring_goalstatus_changelist"),
        {"action": "approve_selected", "_selected_action": [status.pk]},
    )
    status.refresh_from_db()
    assert status.review == Review.SUBMITTED


def test_fachamt_finds_its_goal_by_code_or_words_only(client, round_setup):
    """The goal picker finds the own goal by code and by a word of its text;
    the other unit's goal not even by its exact code."""
    own, other = round_setup["own"], round_setup["other"]
    client.force_login(round_setup["fachamt"])
    assert list(goal_choices(client, term=own.code)) == [str(own.pk)]
    word = own.text.split()[0]
    assert str(own.pk) in goal_choices(client, term=word)
    assert goal_choices(client, term=other.code) == {}


def test_fachamt_cannot_post_a_foreign_goal(client, round_setup):
    """Posting another unit's goal id is refused by the form."""
    client.force_login(round_setup["fachamt"])
    response = client.post(
        reverse("admin:monitoring_goalstatus_add"),
        {
            "goal": round_setup["other"].pk,
            "year": 2025,
            "status": "umgesetzt",
            "review": "eingereicht",
        },
    )
    assert response.status_code == 200
    assert not GoalStatus.objects.exists()


def evidence_choices(client, field, term):
    response = client.get(
        reverse("admin:monitoring_goalstatus_autocomplete"),
        {
            "app_label": "monitoring",
            "model_name": "goalstatus",
            "field_name": field,
            "term": term,
        },
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_fachamt_picks_evidence_by_name(client, round_setup):
    """Inquiries are found by Vorlage-Nr. or title, Messwerte by name, for a
    Fachamt user without access to those lists."""
    InquiryFactory(reference_number="101.18.77", title="Sprachkurse für Eltern")
    ObservationFactory(metric=MetricFactory(name="Kita-Betreuungsquote"), year=2024)
    client.force_login(round_setup["fachamt"])
    assert evidence_choices(client, "evidence_inquiries", "101.18.77") == [
        "101.18.77 Sprachkurse für Eltern"
    ]
    assert evidence_choices(client, "evidence_inquiries", "Sprachkurse")
    found = evidence_choices(client, "evidence_observations", "Betreuungsquote")
    assert found and found[0].startswith("Kita-Betreuungsquote 2024")


def test_the_round_picker_refuses_other_models(client, round_setup):
    """The round's autocomplete answers only for the status form's pickers."""
    client.force_login(round_setup["fachamt"])
    response = client.get(
        reverse("admin:monitoring_goalstatus_autocomplete"),
        {"app_label": "inquiries", "model_name": "question", "field_name": "inquiry"},
    )
    assert response.status_code == 403


def test_the_year_defaults_to_the_open_reporting_year(client, round_setup):
    """A new status form proposes the past calendar year."""
    client.force_login(round_setup["fachamt"])
    html = client.get(reverse("admin:monitoring_goalstatus_add")).content.decode()
    year = datetime.date.today().year - 1
    assert reporting_year_open() == year
    assert f'name="year" value="{year}"' in html


def test_fachamt_start_page_lists_its_goals_by_stage(client, round_setup):
    """The Fachamt's admin home is titled "Fachamt" and lists its goals for the
    open year by stage; the other unit's goal and status are not shown."""
    year = reporting_year_open()
    GoalStatusFactory(
        goal=round_setup["own"], year=year, review=Review.RETURNED, approved_at=None
    )
    GoalStatusFactory(goal=round_setup["other"], year=year)
    client.force_login(round_setup["fachamt"])
    html = client.get(reverse("admin:index")).content.decode()
    assert "<h1>Fachamt</h1>" in html and "Redaktion" not in html
    assert f"Ihre Ziele für {year}" in html
    assert "zurückgegeben: 1" in html and "freigegeben: 0" in html
    assert round_setup["own"].code in html
    assert round_setup["other"].code not in html


def test_redaktion_home_and_status_list(client, round_setup):
    """The Redaktion's home is titled for it, without the Fachamt panel; its
    status list links to the completeness page and offers "freigeben"."""
    GoalStatusFactory(goal=round_setup["own"], review=Review.SUBMITTED)
    client.force_login(round_setup["redaktion"])
    html = client.get(reverse("admin:index")).content.decode()
    assert "<h1>Redaktion</h1>" in html and "Ihre Ziele" not in html
    listing = client.get(
        reverse("admin:monitoring_goalstatus_changelist")
    ).content.decode()
    assert reverse("admin:monitoring_goalstatus_completeness") in listing
    assert "Ausgewählte Umsetzungsstände freigeben" in listing


def test_fachamt_group_sees_no_review_controls(client, round_setup):
    """A Fachamt group member is offered neither the action nor "freigegeben"."""
    user = round_setup["fachamt"]
    user.user_permissions.clear()
    user.groups.add(Group.objects.get(name="Fachamt"))
    GoalStatusFactory(goal=round_setup["own"], review=Review.SUBMITTED)
    client.force_login(user)
    listing = client.get(
        reverse("admin:monitoring_goalstatus_changelist")
    ).content.decode()
    assert "freigeben" not in listing
    add = client.get(reverse("admin:monitoring_goalstatus_add")).content.decode()
    assert 'value="freigegeben"' not in add and 'value="zurueckgegeben"' not in add


@pytest.mark.parametrize(
    "preset",
    [
        "goal=abc",
        "evidence_inquiries=abc",
        "evidence_observations=x,1",
        "goal=1&year=2024",
    ],
)
def test_an_edited_preset_link_opens_the_form_without_error(
    client, round_setup, preset
):
    """The start page's "melden" links preset the add form by query string;
    an unreadable key leaves the field empty instead of a server error."""
    client.force_login(round_setup["fachamt"])
    response = client.get(reverse("admin:monitoring_goalstatus_add") + "?" + preset)
    assert response.status_code == 200
    assert "Umsetzungsstand" in response.content.decode()


def test_evidence_picker_shows_values_as_the_public_pages_do(client, round_setup):
    """A district value under the Kennzahl's disclosure threshold reads
    "< N" in the Fachamt's evidence picker, as on the public pages; the
    picker names the district."""
    metric = MetricFactory(name="Anteil Test", unit="%", disclosure_threshold=51)
    district = DistrictFactory(name="Nord-Holland")
    ObservationFactory(metric=metric, year=2010, district=district, value=50)
    client.force_login(round_setup["fachamt"])
    response = client.get(
        reverse("admin:monitoring_goalstatus_autocomplete"),
        {
            "app_label": "monitoring",
            "model_name": "goalstatus",
            "field_name": "evidence_observations",
            "term": "Anteil Test",
        },
    )
    labels = [item["text"] for item in response.json()["results"]]
    assert labels == ["Anteil Test 2010 · Nord-Holland: < 51 %"]


def test_fachamt_cannot_withdraw_an_approved_status(client, round_setup):
    """Neither resubmitting nor reverting takes an approved status off the
    public pages; the Fachamt sees it read-only."""
    status = GoalStatusFactory(goal=round_setup["own"], review=Review.APPROVED)
    version = status.history.latest().history_id
    client.force_login(round_setup["fachamt"])
    change = reverse("admin:monitoring_goalstatus_change", args=[status.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="review"' not in page.content.decode()
    posted = client.post(change, change_form(status, review=Review.SUBMITTED))
    revert = reverse(
        "admin:monitoring_goalstatus_simple_history", args=[status.pk, version]
    )
    reverted = client.post(revert, change_form(status, review=Review.SUBMITTED))
    assert (posted.status_code, reverted.status_code) == (403, 403)
    status.refresh_from_db()
    assert status.review == Review.APPROVED
