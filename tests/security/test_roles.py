"""The staff groups created by migration have the permissions DESIGN.md gives."""

from django.contrib.auth.models import Group, User

import pytest

pytestmark = pytest.mark.django_db

MODELS = {
    "concept": ["concept", "goal", "indicator", "organisation", "measure"],
    "inquiries": ["inquiry", "question"],
    "monitoring": ["goalstatus", "metric", "observation"],
    "roundtable": ["event", "feedback", "followup"],
}


def member(group):
    user = User.objects.create_user(f"u-{group}", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("app,model", [(a, m) for a, ms in MODELS.items() for m in ms])
def test_role_matrix(app, model):
    """Redaktion edits all content, Lesend only views, Fachamt only reports status."""
    redaktion, lesend, fachamt = (
        member("Redaktion"),
        member("Lesend"),
        member("Fachamt"),
    )
    for action in ("view", "add", "change", "delete"):
        perm = f"{app}.{action}_{model}"
        assert redaktion.has_perm(perm)
        assert lesend.has_perm(perm) == (action == "view")
        expected = (
            model == "goalstatus"
            and action != "delete"
            or (action == "view" and model in ("goal", "indicator", "organisation"))
        )
        assert fachamt.has_perm(perm) == expected, perm


def test_only_redaktion_approves_statuses():
    """Approving the Umsetzungsstand is the Redaktion's, not the Fachamt's."""
    assert member("Redaktion").has_perm("monitoring.approve_goalstatus")
    assert not member("Fachamt").has_perm("monitoring.approve_goalstatus")
    assert not member("Lesend").has_perm("monitoring.approve_goalstatus")
