"""Error pages speak German with debug off (tests run with DEBUG=False)."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.test import RequestFactory
from django.views import defaults

import pytest


@pytest.mark.django_db
def test_unknown_goal_answers_a_german_404_page(client):
    response = client.get("/konzept/ziel/9.9.9/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Seite nicht gefunden" in html
    assert "Not Found" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("view", "exception", "status", "heading"),
    [
        (defaults.permission_denied, PermissionDenied(), 403, "Kein Zugriff"),
        (defaults.bad_request, BadRequest(), 400, "Ungültige Anfrage"),
    ],
)
def test_refusals_answer_german_pages(view, exception, status, heading):
    request = RequestFactory().get("/admin/inquiries/inquiry/4/vorschau/")
    response = view(request, exception)
    html = response.content.decode()
    assert response.status_code == status
    assert heading in html and '<html lang="de">' in html
    assert "Forbidden" not in html and "Bad Request" not in html


def test_server_error_page_is_german_and_needs_nothing_else():
    """The 500 page renders without a request, the database or static files."""
    response = defaults.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Serverfehler" in html and '<html lang="de">' in html
    assert "Server Error" not in html


@pytest.mark.django_db
def test_address_no_url_matches_answers_the_german_404_page(client):
    """No URL pattern matched, so there is no resolver match to mark a menu
    item by: the page still renders (it used to fail on the menu)."""
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
