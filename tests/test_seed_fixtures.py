"""The seed fixtures hold the source documents in ../shared/seeds faithfully."""

from django.core.management import call_command

import pytest

from concept.models import (
    Concept,
    FieldOfAction,
    Goal,
    Guideline,
    Indicator,
    MainGoal,
    Measure,
    Organisation,
    Topic,
)
from inquiries.models import Inquiry, Question
from monitoring.models import District, Observation
from tests.conftest import SEED_FIXTURES


def responsible(code):
    goal = Goal.objects.get(concept__slug="2012", code=code)
    return sorted(goal.responsible_organisations.values_list("name", flat=True))


def indicator_texts(code):
    return list(
        Indicator.objects.filter(goal__code=code)
        .order_by("position")
        .values_list("text", flat=True)
    )


def test_concept_2012_counts(seed):
    """The 2012 edition has 8 Leitlinien, 6 fields, 20 topics, 99 goals, 108
    indicators."""
    concept = Concept.objects.get(slug="2012")
    assert concept.is_current
    assert str(concept.stand_date) == "2012-03-26"
    assert (concept.period_start, concept.period_end) == (2012, 2016)
    assert Guideline.objects.filter(concept=concept).count() == 8
    assert FieldOfAction.objects.filter(concept=concept).count() == 6
    assert Topic.objects.filter(field__concept=concept).count() == 20
    assert Goal.objects.filter(concept=concept).count() == 99
    assert Indicator.objects.filter(goal__concept=concept).count() == 108
    assert MainGoal.objects.filter(field__concept=concept).count() == 20


@pytest.mark.parametrize(
    "number,goals",
    [(1, 32), (2, 19), (3, 17), (4, 10), (5, 8), (6, 13)],
)
def test_goals_per_field(seed, number, goals):
    """Each Handlungsfeld holds the number of goals the source lists."""
    assert Goal.objects.filter(topic__field__number=number).count() == goals


def test_every_goal_has_indicator_and_responsible_unit(seed):
    """No goal lacks an indicator or a responsible unit."""
    assert not Goal.objects.filter(indicators__isnull=True).exists()
    assert not Goal.objects.filter(responsible_organisations__isnull=True).exists()


def test_sampled_texts_are_verbatim(seed):
    """Sampled Leitlinie, goal and indicator texts match the source exactly."""
    assert Guideline.objects.get(number=6).text == (
        "Integrationsangebote sollen unter Beteiligung der Adressaten "
        "konzipiert werden."
    )
    assert Goal.objects.get(code="1.1.3").text == (
        "Plätze für Kinder unter drei Jahren sind ausgebaut worden, so dass deren "
        "Zahl bei der Betreuung auf mindestens 35 Prozent erhöht worden ist."
    )
    assert Goal.objects.get(code="6.4.1").text == (
        "Die „Charta der Vielfalt“ wird umgesetzt."
    )
    assert indicator_texts("1.1.3") == [
        "Vorhandene Plätze für Kinder unter drei Jahren und deren Betreuungsquote"
    ]
    assert indicator_texts("2.1.4") == [
        "Anzahl interkultureller Projekte von Kulturschaffenden mit "
        "Zuwanderungsgeschichte",
        "Anzahl gemeinsamer Projekte von Kulturschaffenden mit und ohne "
        "Migrationshintergrund",
        "Beteiligung der Menschen mit Zuwanderungsgeschichte in entsprechenden "
        "Gremien und Initiativen (Fördervereine der Kultureinrichtungen, "
        "Museumsvereine, Gremien u. a.)",
    ]
    assert len(indicator_texts("6.4.7")) == 2


def test_goal_codes_sort_numerically(seed):
    """Goals follow the source's order, numerically (2.1.8 before 2.2.1)."""
    codes = list(Goal.objects.values_list("code", flat=True))
    keys = [tuple(int(part) for part in code.split(".")) for code in codes]
    assert keys == sorted(keys)
    assert codes[0] == "1.1.1" and codes[-1] == "6.4.7"


def test_responsible_units_are_split(seed):
    """Cells naming several units become several organisations."""
    assert responsible("3.1.1") == ["Sportamt", "Zukunftsbüro"]
    assert responsible("5.2.2") == ["Jugendamt", "Kulturamt", "Sozialamt"]
    assert responsible("3.2.6") == [
        "Gesundheitsamt Region Kassel",
        "Volkshochschule Region Kassel",
    ]
    assert responsible("5.1.1") == ["Stadtplanung, Bauaufsicht und Denkmalschutz"]
    assert responsible("3.1.5") == ["Frauenbüro", "Sportamt"]
    zukunftsbuero = Organisation.objects.get(name="Zukunftsbüro")
    assert zukunftsbuero.goals.count() == 13


def test_footnotes_are_attached_where_they_belong(seed):
    """The three footnotes sit on 1.3, goal 3.2.5 and the indicators of 5.1."""
    assert Topic.objects.get(code="1.3").footnote.endswith(
        "Für die Umsetzung der Ziele sind zusätzliche politische Entscheidungen "
        "notwendig."
    )
    assert "GRIPS" in Goal.objects.get(code="3.2.5").footnote
    assert "²" not in Goal.objects.get(code="3.2.5").text
    assert "Datenschutzgründen" in Topic.objects.get(code="5.1").indicator_footnote
    topic_62 = Topic.objects.get(code="6.2")
    assert not topic_62.goals.exists()
    assert topic_62.text.startswith("Die vielfältigen Aufgaben")


def test_measures_from_the_answers(seed):
    """Programmes named in the 2016 answer are recorded with their funding."""
    clearing = Measure.objects.get(title__contains="Willkommen in Nordhessen")
    assert clearing.funding_amount == 20000
    assert Measure.objects.filter(title__contains="TalentCampus").exists()


def test_loading_fixtures_twice_changes_nothing(seed):
    """Loading the seed data again leaves every row and relation as it was."""

    def snapshot():
        return (
            list(
                Goal.objects.order_by("pk").values_list(
                    "pk", "code", "text", "topic_id"
                )
            ),
            list(
                Indicator.objects.order_by("pk").values_list(
                    "pk", "goal_id", "position", "text"
                )
            ),
            list(
                Goal.responsible_organisations.through.objects.values_list(
                    "goal_id", "organisation_id"
                ).order_by("goal_id", "organisation_id")
            ),
            list(Measure.objects.order_by("pk").values_list("pk", "title")),
            Goal.history.count(),
        )

    before = snapshot()
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    assert snapshot() == before


@pytest.mark.parametrize(
    "reference_number,numbered,records",
    [("101.16.1784", 11, 14), ("101.18.89", 6, 6), ("101.18.1671", 6, 6)],
)
def test_inquiries_have_all_questions(seed, reference_number, numbered, records):
    """Each inquiry has every question; 101.16.1784 has 11 numbered questions,
    question 10 in four parts 10a–10d."""
    inquiry = Inquiry.objects.get(reference_number=reference_number)
    numbers = list(inquiry.questions.values_list("number", flat=True))
    assert len(numbers) == records
    assert len({number.rstrip("abcd") for number in numbers}) == numbered
    assert all(question.answer for question in inquiry.questions.all())


def test_inquiry_facts(seed):
    """Dates, factions, committees and signers are as in the documents."""
    spd = Inquiry.objects.get(reference_number="101.16.1784")
    assert spd.faction.name == "SPD"
    assert str(spd.answered_on) == "2010-10-22"
    assert str(spd.meeting_date) == "2010-10-28"
    assert spd.answering_organisation.name == "Haupt- und Bürgeramt"
    assert spd.committee.name == (
        "Ausschuss für Sicherheit, Recht, Integration und Gleichstellung"
    )
    assert [q.number for q in spd.questions.all()][9:13] == ["10a", "10b", "10c", "10d"]
    gruene_2016 = Inquiry.objects.get(reference_number="101.18.89")
    assert str(gruene_2016.answered_on) == "2016-06-06"
    assert gruene_2016.answering_organisation.name == "Zukunftsbüro"
    neufassung = Inquiry.objects.get(reference_number="101.18.1671")
    assert neufassung.title == "Neufassung Integrationskonzept"
    assert str(neufassung.submitted_on) == "2020-05-05"
    # The answer is undated; 12 and 19 June 2020 are receipt stamps.
    assert neufassung.answered_on is None and neufassung.answer_undated
    assert str(neufassung.answer_received_on) == "2020-06-12"
    assert str(neufassung.council_received_on) == "2020-06-19"
    assert neufassung.meeting_date is None
    assert neufassung.answering_organisation.name == "Dezernat III"
    assert neufassung.signed_by.name == "Boris Mijatovic"
    assert neufassung.signed_by.role == "Fraktionsvorsitzender"
    assert neufassung.committee.name == (
        "Ausschuss für Recht, Sicherheit, Integration und Gleichstellung"
    )
    assert "Bürgersaal des Kasseler Rathauses" in neufassung.preamble


def test_sampled_answers_are_verbatim(seed):
    """Sampled answers match the documents word for word."""
    answer = Question.objects.get(inquiry__reference_number="101.18.89", number="6")
    assert answer.answer == (
        "Zertifizierte Integrationskurse werden vom Bundesamt für Migration und "
        "Flüchtlinge finanziert. Die Volkshochschule Region Kassel ist neben zehn "
        "weiteren Trägern der größte Anbieter von Integrationskursen in der Stadt "
        "Kassel. Derzeit nehmen in der Stadt Kassel rund 400 Personen an "
        "Sprachkursen der Volkshochschule Region Kassel teil."
    )
    courses = Question.objects.get(
        inquiry__reference_number="101.16.1784", number="10d"
    )
    assert "(600 Std. Sprachkurs und 45 Std. Orientierungskurs)" in courses.answer


def test_answer_tables_render_as_tables(seed, client):
    """The 2010 answer's tables of measures and offers render as HTML tables."""
    html = client.get("/anfragen/101.16.1784/").content.decode()
    assert html.count("<table>") >= 30
    assert '<th scope="col">Institutionen und Organisationen</th>' in html
    assert "Migrationsberatung für Erwachsene Zuwanderer<br" in html


def test_internal_contacts_are_recorded_but_not_public(seed, client):
    """Internal contacts are kept for staff and never shown publicly."""
    inquiry = Inquiry.objects.get(reference_number="101.18.89")
    assert inquiry.internal_contact == "Katrin Rottkamp, Tel. 2152"
    html = client.get(inquiry.get_absolute_url()).content.decode()
    assert "Rottkamp" not in html and "2152" not in html


def test_monitoring_figures_from_the_answers(seed):
    """The seed figures are there with their qualifiers and years."""

    def value(key, **lookups):
        observation = Observation.objects.get(metric__key=key, **lookups)
        return observation.qualifier, float(observation.value), observation.year

    assert District.objects.count() == 23
    assert value("anteil-zugewanderte-stadtteil", district__name="Waldau") == (
        "über",
        50,
        2010,
    )
    assert value("anteil-zugewanderte-stadtteil", district=None, area="") == (
        "rund",
        33,
        2010,
    )
    assert value("beschaeftigte-zuwanderungsgeschichte") == ("", 2.1, 2010)
    assert value("teilnehmende-vhs-sprachkurse") == ("rund", 400, 2016)
    assert value("aufgenommene-gefluechtete") == ("etwa", 2000, 2016)
    assert value("eingeworbene-projektmittel") == ("", 3_000_000, 2015)
    assert value("anschubfinanzierung-clearingstelle") == ("", 20000, 2016)
    assert value("akteure-arbeitskreis-integration") == ("ca.", 50, 2020)
    assert value("kinder-kindergartenalter-migrationshintergrund") == (
        "mindestens",
        50,
        2010,
    )


@pytest.mark.parametrize(
    "key,dimension,grand_total",
    [
        ("angebote-2008-nach-alter", "age_group", 623),
        ("angebote-2008-nach-geschlecht", "gender", 915),
        ("angebote-2008-nach-traeger", "provider_type", 476),
    ],
)
def test_survey_tables_add_up(seed, key, dimension, grand_total):
    """Each 2008 survey table's cells add up to its row, column and grand totals."""
    cells = Observation.objects.filter(metric__key=key, is_total=False)
    totals = Observation.objects.filter(metric__key=key, is_total=True)
    grand = totals.get(area="", **{dimension: ""})
    assert grand.value == grand_total == sum(cell.value for cell in cells)
    for row_total in totals.exclude(area=""):
        assert row_total.value == sum(
            c.value for c in cells if c.area == row_total.area
        )


def test_survey_discrepancies_are_flagged(seed):
    """Where a per-area table contradicts the overall table, a note says so."""
    flagged = Observation.objects.get(
        metric__key="angebote-2008-nach-traeger",
        area="Berufliche Qualifizierung",
        provider_type="Stadt / Land",
    )
    assert flagged.value == 10
    assert "Stadt / Land 9, Wohlfahrtsverbände 4, Sonstiges 32" in flagged.note
