"""The reporting round of the Umsetzungsstand and its public display."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

import pytest

from monitoring.models import GoalStatus
from monitoring.reporting_round import goal_status_approve, goal_status_save
from tests.factories import (
    GoalStatusFactory,
)
from tests.monitoring.conftest import goal_choices

pytestmark = pytest.mark.django_db
Review = GoalStatus.Review


def test_fachamt_submits_and_redaktion_approves(round_setup):
    """A Fachamt submits; only after the Redaktion approves is it stamped."""
    status = GoalStatus(
        goal=round_setup["own"],
        year=2025,
        status="in_umsetzung",
        review=Review.SUBMITTED,
    )
    goal_status_save(status=status, user=round_setup["fachamt"])
    assert status.reporting_organisation.name == "Jugendamt"
    assert status.approved_at is None
    goal_status_approve(status=status, user=round_setup["redaktion"])
    status.refresh_from_db()
    assert status.review == Review.APPROVED
    assert status.approved_by == round_setup["redaktion"]
    assert status.approved_at is not None


def test_fachamt_cannot_report_on_another_units_goal(round_setup):
    """Reporting on another Amt's goal is refused."""
    status = GoalStatus(goal=round_setup["other"], year=2025, status="umgesetzt")
    with pytest.raises(PermissionDenied):
        goal_status_save(status=status, user=round_setup["fachamt"])


def test_fachamt_cannot_approve(round_setup):
    """A Fachamt trying to approve its own status is refused."""
    status = goal_status_save(
        status=GoalStatus(
            goal=round_setup["own"],
            year=2025,
            status="umgesetzt",
            review=Review.SUBMITTED,
        ),
        user=round_setup["fachamt"],
    )
    with pytest.raises(PermissionDenied):
        goal_status_approve(status=status, user=round_setup["fachamt"])


def test_fachamt_admin_shows_only_own_goals(client, round_setup):
    """In the admin a Fachamt user sees and can open only its own goals' statuses,
    also by URL."""
    own = GoalStatusFactory(goal=round_setup["own"])
    other = GoalStatusFactory(goal=round_setup["other"])
    client.force_login(round_setup["fachamt"])
    html = client.get(
        reverse("admin:monitoring_goalstatus_changelist")
    ).content.decode()
    assert own.goal.code in html and other.goal.code not in html
    response = client.get(
        reverse("admin:monitoring_goalstatus_change", args=[other.pk])
    )
    assert response.status_code == 302  # admin: "does not exist" → back to the list
    offered = goal_choices(client, term="")
    assert str(round_setup["own"].pk) in offered
    assert str(round_setup["other"].pk) not in offered


def test_fachamt_cannot_approve_through_the_admin_form(client, round_setup):
    """A Fachamt posting "freigegeben" in the form ends up submitted, not approved."""
    client.force_login(round_setup["fachamt"])
    response = client.post(
        reverse("admin:monitoring_goalstatus_add"),
        {
            "goal": round_setup["own"].pk,
            "year": 2025,
            "status": "umgesetzt",
            "review": "freigegeben",
            "narrative": "",
            "evidence": "",
        },
    )
    assert response.status_code == 200  # "freigegeben" is not a valid choice
    assert not GoalStatus.objects.filter(review=Review.APPROVED).exists()


def test_only_approved_statuses_are_public(client, round_setup):
    """The goal page shows approved statuses with definitions, never drafts."""
    GoalStatusFactory(
        goal=round_setup["own"],
        year=2024,
        status="in_planung",
        narrative="Öffentliche Erläuterung",
    )
    GoalStatusFactory(
        goal=round_setup["own"],
        year=2025,
        status="umgesetzt",
        review=Review.SUBMITTED,
        approved_at=None,
        narrative="Entwurfstext",
    )
    html = client.get(round_setup["own"].get_absolute_url()).content.decode()
    assert "2024: <span" in html and "Öffentliche Erläuterung" in html
    assert "Entwurfstext" not in html and "2025:" not in html
    assert "Maßnahmen sind konzipiert oder beschlossen" in html  # definition


def test_field_and_overview_show_distribution(client, round_setup):
    """/konzept/ and the field page show the latest year's status counts."""
    GoalStatusFactory(goal=round_setup["own"], year=2025, status="umgesetzt")
    GoalStatusFactory(
        goal=round_setup["other"],
        year=2025,
        status="umgesetzt",
        review=Review.DRAFT,
        approved_at=None,
    )
    for url in ("/konzept/", "/konzept/handlungsfeld/1/"):
        html = client.get(url).content.decode()
        assert "Umsetzungsstand 2025" in html
        assert "<svg" in html and 'role="img"' in html
        assert '<th scope="col">umgesetzt</th>' in html


def test_completeness_view_counts_open_goals(admin_client, round_setup):
    """The completeness view names, per unit, the goals still lacking approval."""
    GoalStatusFactory(goal=round_setup["own"], year=2025)
    html = admin_client.get(
        reverse("admin:monitoring_goalstatus_completeness"), {"jahr": "2025"}
    ).content.decode()
    assert "Jugendamt</th><td>1</td><td>1</td><td><strong>0</strong>" in html
    assert "Kulturamt</th><td>1</td><td>0</td><td><strong>1</strong>" in html
