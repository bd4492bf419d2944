"""Shared set-up of the reporting round's tests."""

from django.contrib.auth.models import Permission, User
from django.urls import reverse

import pytest

from tests.factories import (
    FieldOfActionFactory,
    GoalFactory,
    OrganisationFactory,
    TopicFactory,
)


def staff(username, *perms):
    user = User.objects.create_user(username, password="x", is_staff=True)
    codenames = {"view_goalstatus", "add_goalstatus", "change_goalstatus", *perms}
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return User.objects.get(pk=user.pk)  # fresh permission cache


def goal_choices(client, *, term) -> dict[str, str]:
    """The goals the status form's autocomplete offers for ``term``, id → label."""
    response = client.get(
        reverse("admin:monitoring_goalstatus_autocomplete"),
        {
            "app_label": "monitoring",
            "model_name": "goalstatus",
            "field_name": "goal",
            "term": term,
        },
    )
    assert response.status_code == 200
    return {row["id"]: row["text"] for row in response.json()["results"]}


@pytest.fixture
def round_setup():
    """Jugendamt and Kulturamt each with one goal; a Fachamt user for each,
    one Redaktion user."""
    field = FieldOfActionFactory(concept__is_current=True, number=1)
    topic = TopicFactory(field=field, number=1)
    jugendamt, kulturamt = (
        OrganisationFactory(name="Jugendamt"),
        OrganisationFactory(name="Kulturamt"),
    )
    own = GoalFactory(topic=topic, number=1, responsible_organisations=[jugendamt])
    other = GoalFactory(topic=topic, number=2, responsible_organisations=[kulturamt])
    fachamt = staff("jugendamt")
    jugendamt.members.add(fachamt)
    redaktion = staff("redaktion", "approve_goalstatus", "all_units")
    return {"own": own, "other": other, "fachamt": fachamt, "redaktion": redaktion}
