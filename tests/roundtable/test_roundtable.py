"""Runder Tisch: events, recommendations and what became of them."""

import datetime

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

import pytest

from roundtable import selectors
from roundtable.models import Event, Feedback

pytestmark = pytest.mark.django_db


def html(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_seeded_events_and_recommendations_are_public(seed, client):
    """The 2019 Runder Tisch shows its facts; the four recommendations are the
    result of all presentations so far (issue 19), not of this event alone."""
    page = html(client, "/runder-tisch/runder-tisch-2019/")
    assert "Bürgersaal des Kasseler Rathauses" in page
    assert "ca. 80" in page
    assert "6. September 2019" in page and "20. September 2019" in page
    assert "5 Tage vor der Veranstaltung" in page
    assert "weniger als die vorgesehenen 14 Tage" in page
    assert page.count('class="recommendation"') == 0
    assert (
        "im Januar" not in page
        or "Januar 2020: Der Vorschlag wurde mit dem Sozialamt" in page
    )
    listing = html(client, "/runder-tisch/")
    for title in (
        "Auftaktveranstaltung",
        "Runder Tisch Integration 2020",
        "verschoben",
    ):
        assert title in listing


def test_recommendations_page_answers_what_became_of_them(seed, client):
    """Each recommendation shows its disposition and dated follow-ups."""
    page = html(client, reverse("roundtable:recommendations"))
    assert "4 Empfehlungen" in page
    assert "Kassel findet zusammen" in page
    assert (
        "November 2019, abgeleitet): In diesem Zusammenhang wurde ein "
        "Bildungsformat zu Verschwörungstheorien"
    ) in page
    assert "Deutsche Präventionstag 2020" in page
    filtered = html(
        client, reverse("roundtable:recommendations"), {"handlungsfeld": "5"}
    )
    assert "1 Empfehlung<" in filtered and "Lebenswelten" in filtered
    by_state = html(
        client, reverse("roundtable:recommendations"), {"umgang": "umgesetzt"}
    )
    assert "1 Empfehlung<" in by_state


def test_bad_filter_values_are_ignored_with_a_hint(seed, client):
    """Nonsense filter values show a hint instead of an error."""
    page = html(
        client, reverse("roundtable:recommendations"), {"jahr": "x", "umgang": "?"}
    )
    assert "ignoriert" in page and "4 Empfehlungen" in page


def test_goal_and_field_pages_show_recommendations(seed, client):
    """Goal 3.3.6 and field 3 list the recommendations that concern them."""
    assert "Isolation älterer Menschen" in html(client, "/konzept/ziel/3.3.6/")
    assert "Arbeit mit traumatisierten Geflüchteten" in html(
        client, "/konzept/handlungsfeld/3/"
    )


def test_unpublished_feedback_and_submitter_data_stay_internal(seed, client):
    """Unmoderated feedback and submitters' names never appear publicly."""
    Feedback.objects.create(
        kind="kritik",
        title="Geheime Kritik",
        text="Noch nicht moderiert",
        event=Event.objects.get(slug="runder-tisch-2019"),
        submitter_name="Erika Muster",
        submitter_email="erika@example.org",
    )
    for url in (
        "/runder-tisch/runder-tisch-2019/",
        reverse("roundtable:recommendations"),
    ):
        page = html(client, url)
        assert "Geheime Kritik" not in page and "Erika" not in page


def test_rejection_needs_a_public_justification(db):
    """A recommendation marked "nicht übernommen" needs a justification."""
    feedback = Feedback(
        kind="empfehlung", title="T", text="x", disposition="nicht_uebernommen"
    )
    with pytest.raises(ValidationError, match="Begründung"):
        feedback.full_clean()
    with pytest.raises(IntegrityError):
        feedback.save()


def test_admin_warns_when_documents_came_late(admin_client, db):
    """Saving an event whose documents went out 5 days before warns staff."""
    response = admin_client.post(
        reverse("admin:roundtable_event_add"),
        {
            "slug": "rt-2030",
            "kind": "runder_tisch",
            "title": "Runder Tisch 2030",
            "date": "25.09.2030",
            "state": "geplant",
            "documents_sent_on": "20.09.2030",
            "feedback_set-TOTAL_FORMS": "0",
            "feedback_set-INITIAL_FORMS": "0",
            "working_groups-TOTAL_FORMS": "0",
            "working_groups-INITIAL_FORMS": "0",
            "feedback-TOTAL_FORMS": "0",
            "feedback-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("nur 5 Tage vor der Veranstaltung" in w for w in warnings)
    assert Event.objects.get(slug="rt-2030").date == datetime.date(2030, 9, 25)


@pytest.mark.parametrize("extra", [0, 10])
def test_recommendation_page_query_count_is_constant(
    seed, client, django_assert_num_queries, extra
):
    """The recommendations page costs the same queries for 4 and 14 items."""
    event = Event.objects.get(slug="runder-tisch-2019")
    # The seed's four recommendations belong to no single event (issue 19).
    for n in range(4 + extra):
        Feedback.objects.create(
            kind="anregung",
            title=f"A{n}",
            text="x",
            event=event,
            moderation="freigegeben",
            is_public=True,
        )
    # +1: data version, +1: count for the pages, +1: fields and +1: years of
    # the filter menus
    with django_assert_num_queries(7):
        html(client, reverse("roundtable:recommendations"))


@pytest.mark.parametrize("extra", [0, 10])
def test_event_page_query_count_is_constant(
    seed, client, django_assert_num_queries, extra
):
    """An event page costs the same 5 queries for 4 and 14 feedback items.

    event +1, feedback with organisation and event +1, their fields +1, their
    follow-ups +1, working groups +1.
    """
    event = Event.objects.get(slug="runder-tisch-2019")
    # The seed's four recommendations belong to no single event (issue 19).
    for n in range(4 + extra):
        Feedback.objects.create(
            kind="anregung",
            title=f"A{n}",
            text="x",
            event=event,
            moderation="freigegeben",
            is_public=True,
        )
    with django_assert_num_queries(6):  # +1: data version
        html(client, event.get_absolute_url())


def test_recommendations_come_in_pages_of_twenty(client, db):
    """25 published recommendations: 20 on the first page, 5 on the second,
    with links between the pages."""
    for number in range(25):
        Feedback.objects.create(
            kind=Feedback.Kind.RECOMMENDATION,
            title=f"Empfehlung Nummer {number:02d}",
            text="Text",
            moderation=Feedback.Moderation.APPROVED,
            is_public=True,
        )
    url = reverse("roundtable:recommendations")
    first = client.get(url).content.decode()
    assert first.count('class="recommendation"') == 20
    assert "25 Empfehlungen" in first and "Seite 1 von 2" in first
    second = client.get(url, {"seite": "2"}).content.decode()
    assert second.count('class="recommendation"') == 5
    assert 'rel="prev"' in second


def test_compiled_list_matches_the_queryset_for_every_filter_shape(seed, settings):
    """The list's compiled count and page rows, and the years of the filter
    menu, are those of ``recommendation_list()`` for each combination of
    filters (with DEBUG on: every compiled query checked against a fresh
    build)."""
    settings.DEBUG = True
    event = Event.objects.get(slug="runder-tisch-2019")
    for n, day in enumerate([(2019, 1, 1), (2019, 12, 31), (2021, 6, 1), None]):
        Feedback.objects.create(
            kind="anregung",
            title=f"J{n}",
            text="x",
            event=event,
            received_on=day and datetime.date(*day),
            disposition=Feedback.Disposition.REVIEWED
            if n % 2
            else Feedback.Disposition.DONE,
            moderation="freigegeben",
            is_public=True,
        )
    Feedback.objects.create(
        kind="anregung", title="intern", text="x", received_on=datetime.date(2004, 1, 1)
    )
    public = selectors.public_feedback().exclude(received_on=None)
    expected = sorted(
        {day.year for day in public.values_list("received_on", flat=True)}
    )
    assert selectors.recommendation_years() == expected[::-1]
    assert 2004 not in expected
    for field in (None, 3):
        for year in (None, 2019, 2020):
            for disposition in ("", Feedback.Disposition.DONE.value):
                filters = selectors.RecommendationFilters(field, year, disposition)
                queryset = selectors.recommendation_list(filters=filters)
                rows = selectors.RecommendationRows(filters)
                assert rows.count() == queryset.count(), filters
                page = list(queryset.values_list(*selectors.PAGE_ROW)[1:3])
                assert rows[1:3] == page, filters


def test_event_page_lists_its_working_groups_by_field(seed, client):
    """The Unter-Arbeitsgruppen of an event, in the order of their fields,
    each linking to its Handlungsfeld; another event's group is not shown."""
    from concept.models import FieldOfAction
    from roundtable.models import WorkingGroup

    event = Event.objects.get(slug="runder-tisch-2019")
    other = Event.objects.exclude(pk=event.pk).first()
    second, first = FieldOfAction.objects.filter(concept__is_current=True).order_by(
        "number"
    )[:2][::-1]
    WorkingGroup.objects.create(event=event, field=second, name="AG Zweites Feld")
    WorkingGroup.objects.create(event=event, field=first, name="AG Erstes Feld")
    WorkingGroup.objects.create(event=other, field=first, name="AG Andere Runde")
    page = html(client, event.get_absolute_url())
    assert "Unter-Arbeitsgruppen" in page
    assert page.index("AG Erstes Feld") < page.index("AG Zweites Feld")
    assert f'<a href="{first.get_absolute_url()}">AG Erstes Feld</a>' in page
    assert "AG Andere Runde" not in page
