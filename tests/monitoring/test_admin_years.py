"""Years typed into admin pages are parsed by a form: a wrong one is never a 500."""

from django.urls import reverse

import pytest

from monitoring.selectors import reporting_year_open

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["abc", "", "-5", "99999999999999999999", "2101"])
def test_completeness_page_shows_the_open_year_for_a_wrong_year(
    client, round_setup, value
):
    """A year that is no number or out of range shows the open reporting year."""
    client.force_login(round_setup["redaktion"])
    url = reverse("admin:monitoring_goalstatus_completeness")
    response = client.get(url, {"jahr": value})
    assert response.status_code == 200
    title = f"Vollständigkeit der Umsetzungsstände {reporting_year_open()}"
    assert title in response.content.decode()


def test_completeness_page_shows_the_chosen_year(client, round_setup):
    """A valid year is the one shown."""
    client.force_login(round_setup["redaktion"])
    url = reverse("admin:monitoring_goalstatus_completeness")
    response = client.get(url, {"jahr": "2012"})
    assert "Vollständigkeit der Umsetzungsstände 2012" in response.content.decode()
