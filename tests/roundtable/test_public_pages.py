"""Runder Tisch public pages: one rule for public feedback, recommendation
permalinks, event states and the order of events."""

import datetime

from django.urls import reverse

import pytest

from kassel_integration import search
from roundtable import selectors
from roundtable.models import Event, Feedback

pytestmark = pytest.mark.django_db


def _hidden_feedback(**extra):
    return Feedback.objects.create(
        kind="kritik",
        title="Geheimvermerk Kritik",
        text="Geheimvermerk: noch nicht veröffentlicht",
        event=Event.objects.get(slug="runder-tisch-2019"),
        **extra,
    )


@pytest.mark.parametrize(
    "state",
    [{}, {"moderation": "freigegeben"}, {"moderation": "abgelehnt"}],
    ids=["eingegangen", "freigegeben-nicht-oeffentlich", "abgelehnt"],
)
def test_unpublished_feedback_appears_on_no_public_surface(seed, client, state):
    """Feedback that is not approved and public is on no page, in no search
    result, at no permalink and in no annual report list."""
    item = _hidden_feedback(**state)
    item.goals.add(*Feedback.objects.get(title__contains="Isolation").goals.all())
    for url in (
        "/runder-tisch/",
        "/runder-tisch/runder-tisch-2019/",
        reverse("roundtable:recommendations"),
        "/konzept/ziel/3.3.6/",
    ):
        assert "Geheimvermerk" not in client.get(url).content.decode(), url
    assert "Kritik" not in client.get("/suche/?q=Geheimvermerk").content.decode()
    assert client.get(item.get_absolute_url()).status_code == 404
    current, earlier = selectors.recommendation_list_for_year(year=2026)
    assert item not in current + earlier


def test_every_public_surface_reads_feedback_through_public_feedback(
    seed, client, replace_rule
):
    """With ``public_feedback()`` emptied, pages, permalinks, search and the
    report's list show no feedback at all: none of them has its own rule."""
    item = Feedback.objects.get(title__contains="Isolation")
    replace_rule(selectors.public_feedback, Feedback.objects.none)
    listing = client.get("/runder-tisch/empfehlungen/").content.decode()
    assert "0 Empfehlungen" in listing
    for url in ("/konzept/ziel/3.3.6/", "/konzept/handlungsfeld/3/"):
        page = client.get(url).content.decode()
        assert "Hierzu ist keine veröffentlichte Empfehlung erfasst." in page
    assert client.get(item.get_absolute_url()).status_code == 404
    event = Event.objects.get(slug="runder-tisch-2019")
    Feedback.objects.filter(pk=item.pk).update(event=event)
    page = client.get(event.get_absolute_url()).content.decode()
    assert (
        "Zu dieser Veranstaltung ist keine veröffentlichte Rückmeldung erfasst." in page
    )
    assert client.get("/runder-tisch/").status_code == 200
    assert item.title not in client.get("/feeds/aenderungen/").content.decode()
    assert selectors.recommendation_years() == []
    assert selectors.recommendation_list_for_year(year=2019) == ([], [])
    search.rebuild()
    assert not [g for g in search.search("Isolation") if g.kind == "Empfehlung"]


def test_recommendation_has_a_permalink_page(seed, client):
    """/runder-tisch/empfehlungen/<id>/ shows the text, the disposition as a
    badge, the follow-ups and the goals; the list links to it."""
    item = Feedback.objects.get(title__contains="Isolation")
    url = f"/runder-tisch/empfehlungen/{item.pk}/"
    assert item.get_absolute_url() == url
    page = client.get(url).content.decode()
    assert f'<h1 id="empfehlung-titel">{item.title}</h1>' in page
    assert f'class="disposition disposition-{item.disposition}"' in page
    assert item.get_disposition_display() in page
    assert "3.3.6" in page and "Was der Umgang bedeutet" in page
    assert f'href="{url}"' in client.get("/runder-tisch/empfehlungen/").content.decode()


@pytest.mark.parametrize("follow_ups", [0, 10])
def test_recommendation_page_query_count_is_constant(
    seed, client, django_assert_num_queries, follow_ups
):
    """A recommendation page costs 5 queries, however many follow-ups.

    data version +1, feedback with organisation and event +1, its fields +1,
    its follow-ups with organisation and measure +1, its goals +1.
    """
    item = Feedback.objects.get(title__contains="Isolation")
    for n in range(follow_ups):
        item.follow_ups.create(text=f"Schritt {n}", date=datetime.date(2020, 1, 1))
    with django_assert_num_queries(5):
        assert client.get(item.get_absolute_url()).status_code == 200


def test_disposition_definitions_cover_every_disposition(seed, client):
    """The list explains each disposition, "vorgestellt und besprochen" too."""
    page = client.get("/runder-tisch/empfehlungen/").content.decode()
    for disposition in Feedback.Disposition:
        assert f">{disposition.label}</span></dt><dd>" in page


def _event(slug, **fields):
    return Event.objects.create(slug=slug, kind="runder_tisch", title=slug, **fields)


def test_events_with_approximate_dates_sort_chronologically(client, db):
    """Newest first, "März 2020" between October 2020 and November 2019,
    "2016" before 2015; an event without any year comes last."""
    _event("ohne-jahr", date_note="nicht genannt")
    _event("e2015", date=datetime.date(2015, 5, 1), state="durchgefuehrt")
    _event("e2016", date_note="2016", state="durchgefuehrt")
    _event("e2019", date=datetime.date(2019, 11, 20), state="durchgefuehrt")
    _event("maerz-2020", date_note="März 2020", state="verschoben")
    _event("e2020", date=datetime.date(2020, 10, 1))
    page = client.get("/runder-tisch/").content.decode()
    order = ["e2020", "maerz-2020", "e2019", "e2016", "e2015", "ohne-jahr"]
    positions = [page.index(f'href="/runder-tisch/{slug}/"') for slug in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("state", "shown"),
    [
        ("geplant", "Termin verstrichen, Durchführung nicht erfasst"),
        ("durchgefuehrt", "durchgeführt"),
        ("verschoben", "verschoben"),
        ("abgesagt", "abgesagt"),
    ],
)
def test_past_event_says_what_the_source_says(client, db, state, shown):
    """A past event never says "geplant"; a recorded state is shown as is, an
    unrecorded conduct is not inferred."""
    _event("vergangen", date=datetime.date(2020, 1, 1), state=state)
    for url in ("/runder-tisch/", "/runder-tisch/vergangen/"):
        page = client.get(url).content.decode()
        assert shown in page and "geplant" not in page.replace("Termin", "")
    if state == "geplant":
        assert "durchgeführt" not in page


def test_future_planned_event_is_planned(client, db):
    """An event still ahead keeps "geplant"."""
    _event("kuenftig", date=datetime.date.today() + datetime.timedelta(days=30))
    assert "geplant" in client.get("/runder-tisch/kuenftig/").content.decode()


def test_large_counts_are_written_the_german_way(client, monkeypatch):
    """4.039 Empfehlungen, not 4039: the count has a thousands dot."""
    from django.core.paginator import Paginator

    monkeypatch.setattr(Paginator, "count", 4039)
    html = client.get(reverse("roundtable:recommendations")).content.decode()
    assert "4.039 Empfehlungen" in html
