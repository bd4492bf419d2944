"""The published data says what the seed documents say, and no more (issue 19).

Each test pins one finding of the word-by-word comparison with
``../shared/seeds``: the wording and order of the source, and where the data
goes beyond it, a visible mark that it does.
"""

import re

from django.urls import reverse

import pytest

from concept.models import Goal

pytestmark = pytest.mark.django_db

ZB_2012 = "Geschäftsbereich d. Oberbürgermeisters Zukunftsbüro"


def _text(response) -> str:
    """The page as a reader sees it: tags dropped, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _in_order(text: str, *parts: str) -> bool:
    positions = [text.find(part) for part in parts]
    return -1 not in positions and positions == sorted(positions)


# --- Concept -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "units"),
    [
        ("2.2.8", ["Kulturamt", "Jugendamt"]),
        ("3.1.1", [ZB_2012, "Sportamt"]),
        ("3.1.5", ["Sportamt", "Frauenbüro"]),
        ("3.2.1", ["Sportamt", "Sozialamt"]),
        ("4.1.4", ["Jugendamt", "Jobcenter"]),
        ("4.2.6", ["Personal- und Organisationsamt", "Jobcenter"]),
        ("5.2.3", ["Kulturamt", "Sozialamt", "Jugendamt"]),
        ("6.3.1", [ZB_2012]),
    ],
)
def test_goal_lists_units_in_the_order_and_wording_of_the_concept(
    seed, client, code, units
):
    """Anhang A names the units of a goal in an order that carries meaning
    ("Kulturamt Jugendamt"); the data and the goal page keep it."""
    goal = Goal.objects.get(code=code)
    assert [r.label for r in goal.responsibilities.all()] == units
    text = _text(client.get(goal.get_absolute_url()))
    assert _in_order(text, *units)


def test_every_goal_keeps_the_units_of_its_source_row(seed):
    """All 99 goals: the labels joined are the "Verantwortlich" cell of Anhang A
    (separators aside)."""
    from pathlib import Path

    from django.conf import settings

    seed_text = next(
        (Path(settings.BASE_DIR).parent / "shared" / "seeds").glob("003_*.txt")
    ).read_text()
    cells = {
        match[0]: match[1]
        for match in re.findall(
            r"^\|\s*(\d+\.\d+\.\d+)\s*\|.*\|\s*([^|]*?)\s*\|\s*$",
            seed_text,
            flags=re.M,
        )
    }
    assert len(cells) == 99
    for goal in Goal.objects.prefetch_related("responsibilities__organisation"):
        labels = " ".join(r.label for r in goal.responsibilities.all())
        assert labels.replace(",", "") == cells[goal.code].replace(",", ""), goal.code


def test_concept_page_introduces_the_guidelines_with_the_source_sentence(seed, client):
    """/konzept/ shows the sentence Anhang A puts before the eight Leitlinien."""
    text = _text(client.get(reverse("concept:index")))
    assert _in_order(
        text,
        "Die Integrationsförderung in Kassel orientiert sich künftig an "
        "folgenden Leitlinien:",
        "Integration bedeutet miteinander, nicht nebeneinander.",
    )


def test_zukunftsbuero_keeps_its_names_from_the_sources(seed, client):
    """The unit page keeps the concept's full name and the 2010 answer's
    "Abteilung des Haupt- und Bürgeramtes"; no source calls it a Stabsstelle."""
    text = _text(
        client.get(
            reverse("concept:organisation-detail", kwargs={"slug": "zukunftsbuero"})
        )
    )
    assert ZB_2012 in text
    assert "Abteilung des Haupt- und Bürgeramtes" in text
    assert "Stabsstelle" not in text


def test_jobcenter_is_named_as_the_concept_names_it(seed, client):
    """Anhang A says "Jobcenter"; "Jobcenter Stadt Kassel" is in no seed."""
    text = _text(
        client.get(reverse("concept:organisation-detail", kwargs={"slug": "jobcenter"}))
    )
    assert "Jobcenter Stadt Kassel" not in text


# --- Inquiry 101.18.1671 -----------------------------------------------------


def test_undated_answer_shows_the_receipt_stamps_not_an_answer_date(seed, client):
    """The answer carries no date; the page says so and gives the two stamps
    ("Eing. 12. Juni 2020" of the Dezernentin, "Eing. 19. JUNI 2020" of the
    Stadtverordneten-Versammlung with "Anlage zu TOP 4") as stamps."""
    text = _text(client.get(reverse("inquiries:detail", args=["101.18.1671"])))
    assert "Beantwortet am" not in text
    assert "Sitzung am" not in text
    assert "Datum der Antwort Die Antwort trägt kein Datum." in text
    assert "Eingangsstempel Dezernentin Eing. 12. Juni 2020" in text
    assert (
        "Eingangsstempel Stadtverordneten-Versammlung Eing. 19. Juni 2020 · "
        "Anlage zu TOP 4"
    ) in text


def test_no_source_line_dates_the_undated_answer(seed):
    """No record cites "the answer of June 2020": the answer has no date."""
    from pathlib import Path

    from django.conf import settings

    for name in ["concept", "inquiries", "monitoring", "roundtable"]:
        data = (Path(settings.BASE_DIR) / "fixtures" / f"{name}.json").read_text()
        assert "Antwort des Magistrats vom Juni 2020" not in data


def test_topic_links_of_questions_are_marked_as_editorial(seed, client):
    """The "Betrifft" links from the 2010 questions to 2012 goals are the
    editors' work, and the inquiry and goal pages say so."""
    text = _text(client.get(reverse("inquiries:detail", args=["101.16.1784"])))
    assert (
        "Betrifft (Zuordnung der Redaktion, nicht Teil der Anfrage oder Antwort):"
        in text
    )
    goal_text = _text(client.get(Goal.objects.get(code="1.6.1").get_absolute_url()))
    assert "Zuordnung der Redaktion" in goal_text


# --- Monitoring --------------------------------------------------------------


def _metric_text(client, key: str) -> str:
    return _text(client.get(reverse("monitoring:metric-detail", kwargs={"key": key})))


def test_refugee_figure_is_cited_from_the_question_not_the_answer(seed, client):
    """ "etwa 2.000" stands in the faction's question 3 of 101.18.89; the
    Magistrat's answer does not give it."""
    text = _metric_text(client, "aufgenommene-gefluechtete")
    assert "Anfrage der Fraktion B90/Grüne, Vorlage Nr. 101.18.89, Frage 3" in text
    assert "etwa 2.000 Personen" in text
    assert "rund 2.000" not in text


def test_course_hours_are_the_two_source_values_without_their_sum(seed, client):
    """The answer gives "600 Std. Sprachkurs und 45 Std. Orientierungskurs";
    645 is not in it."""
    from monitoring.models import Observation

    values = Observation.objects.filter(metric__key="integrationskurs-stunden")
    assert sorted(int(o.value) for o in values) == [45, 600]
    assert "645" not in _metric_text(client, "integrationskurs-stunden")


@pytest.mark.parametrize(
    "key",
    [
        "angebote-2008-nach-alter",
        "angebote-2008-nach-geschlecht",
        "angebote-2008-nach-traeger",
    ],
)
def test_offer_tables_qualify_year_and_source(seed, client, key):
    """The tables carry no date; the year 2008 is marked as derived and the
    page names both bases of the overview (survey 2008, workshops January
    2010)."""
    text = _metric_text(client, key)
    assert "2008 (abgeleitet)" in text
    assert "Jahr abgeleitet, nicht aus der Quelle:" in text
    assert "im Januar 2010 durchgeführt wurden" in text
    assert "ohne Datum und ohne eigene Quellenangabe" in text


def test_district_note_and_list_carry_no_outside_knowledge_unmarked(seed, client):
    """ "Nord-Holland und Philippinenhof-Warteberg" is in no seed; the district
    list is reference data and says where it comes from."""
    text = _metric_text(client, "anteil-zugewanderte-stadtteil")
    assert "Nord-Holland" not in text
    assert "Philippinenhof" not in text
    assert (
        "Stadtteile: Referenzdaten der Redaktion (Gliederung der Stadt Kassel in "
        "23 Stadtteile), nicht aus den Quelldokumenten"
    ) in text


def test_three_further_districts_over_40_percent_are_a_value(seed, client):
    """ "weitere drei Stadtteile haben einen über 40-prozentigen Anteil" is a
    value of its own, not only a footnote."""
    text = _metric_text(client, "anteil-zugewanderte-stadtteil")
    assert "weitere drei Stadtteile (in der Quelle nicht benannt) über 40 %" in text


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        # 101.16.1784, Frage 4: "mit 3 Vollzeitstellen und einer Teilzeitstelle"
        (
            "stellen-zukunftsbuero",
            ["Vollzeitstellen 3 Stellen", "„mit 3 Vollzeitstellen und einer"],
        ),
        # 101.18.89, Frage 5: "eine Koordinierungsstelle mit halbem Stellenumfang"
        (
            "koordinierungsstelle-fluechtlingshilfe-stellenumfang",
            ["0,5 Stellen", "mit halbem Stellenumfang"],
        ),
        # 101.18.89, Frage 6: "neben zehn weiteren Trägern"
        ("traeger-integrationskurse", ["10 Träger", "neben zehn weiteren Trägern"]),
    ],
)
def test_figures_the_answers_give_are_recorded(seed, client, key, shown):
    """Staff posts (2010), the half post (2016) and the ten further course
    providers (2016) are Kennzahlen with the source's words."""
    text = _metric_text(client, key)
    assert _in_order(text, *shown)


# --- Measures ----------------------------------------------------------------


def test_quoted_typo_is_kept_and_marked(seed, client):
    """101.16.1784, Frage 7 writes "„Runden Tisches des Religionen“"; the
    measure quotes it as written, with "[sic]", not silently corrected."""
    from concept.models import Measure

    measure = Measure.objects.get(title="„Runder Tisch der Religionen“")
    assert measure.description == (
        "Regelmäßige Einberufung des „Runden Tisches des Religionen“ [sic] "
        "unter Vorsitz des Oberbürgermeisters (seit 2009)"
    )
    text = _text(client.get(Goal.objects.get(code="2.3.1").get_absolute_url()))
    assert "„Runden Tisches des Religionen“ [sic]" in text


def test_providers_keep_the_names_their_source_gives(seed, client):
    """The 2010 table says "Caritas-Verband / JMD und MBE" and "Dialog-Institut";
    the 2020 answer says "der Caritas". None is renamed from another document."""
    from concept.models import Measure

    def providers(**lookups):
        return {
            tuple(m.providers.values_list("name", flat=True))
            for m in Measure.objects.filter(**lookups)
        }

    assert providers(pk__in=[38, 39, 40, 41]) == {("Caritas-Verband / JMD und MBE",)}
    assert providers(title="Integrationskurse für Zuwanderer") == {("Dialog-Institut",)}
    assert ("Caritas",) in {
        (name,)
        for name in Measure.objects.get(pk=75).providers.values_list("name", flat=True)
    }
    assert not Measure.objects.filter(
        providers__name__in=[
            "Caritasverband-Nordhessen Kassel",
            "DIALOG-Institut Dr. Kilian",
        ]
    ).exists()
    text = _text(
        client.get(
            reverse("concept:organisation-detail", kwargs={"slug": "dialog-institut"})
        )
    )
    assert "Redaktioneller Hinweis (Zukunftsbüro, nicht aus der Quelle)" in text


def test_general_bamf_sentence_is_not_attached_to_named_providers(seed):
    """ "verschiedene legitimierte Träger … im Auftrag und gefördert durch BAMF"
    names no provider, so no 2010 measure carries BAMF funding."""
    from concept.models import Measure

    assert not Measure.objects.filter(
        source__contains="101.16.1784", funding__contains="Bundesamt"
    ).exists()
    assert not Measure.objects.filter(
        providers__isnull=False, description__contains="verschiedene legitimierte"
    ).exists()


# --- Runder Tisch ------------------------------------------------------------


def _event_text(client, slug: str) -> str:
    return _text(client.get(reverse("roundtable:event-detail", kwargs={"slug": slug})))


def test_no_invented_working_groups(seed, client):
    """The source says only "Unter-Arbeitsgruppen zu den Handlungsfeldern";
    no group is named after a 2012 field."""
    from roundtable.models import WorkingGroup

    assert not WorkingGroup.objects.exists()
    text = _event_text(client, "auftaktveranstaltung-2016")
    assert "sogenannte Unter-Arbeitsgruppen zu den Handlungsfeldern" in text
    assert "Unter-Arbeitsgruppe Bildung" not in text


def test_kickoff_count_covers_the_working_groups_after_it(seed, client):
    """ "An der Auftaktveranstaltung 2016 und den anschließenden Arbeitsgruppen
    haben insgesamt 135 Teilnehmer*innen … mitgewirkt": the page says what the
    135 count."""
    text = _event_text(client, "auftaktveranstaltung-2016")
    assert (
        "Teilnehmende 135 (Auftaktveranstaltung 2016 und die anschließenden "
        "Arbeitsgruppen zusammen)"
    ) in text


def test_postponed_meeting_shows_membership_not_participants(seed, client):
    """ "Arbeitskreis Integration mit ca. 50 Akteur*innen": members of the body,
    not participants of the postponed March 2020 meeting."""
    text = _event_text(client, "arbeitskreis-integration-maerz-2020")
    assert (
        "Teilnehmende"
        not in text.split("Mitglieder des Gremiums")[0].split("Datum")[-1]
    )
    assert (
        "Mitglieder des Gremiums ca. 50 (Mitgliederzahl, keine Teilnehmerzahl)" in text
    )
    assert "verschoben" in text


def test_past_planned_event_is_not_called_held(seed, client):
    """The Runder Tisch 2020 was "für den 1. Oktober 2020 terminiert"; no seed
    records that it took place."""
    text = _event_text(client, "runder-tisch-2020")
    assert "Termin verstrichen, Durchführung nicht erfasst" in text
    assert "durchgeführt" not in text.split("Runder Tisch Integration 2020")[0]
    listing = _text(client.get(reverse("roundtable:event-list")))
    assert _in_order(
        listing,
        "Runder Tisch Integration 2020",
        "Termin verstrichen, Durchführung nicht erfasst",
    )


def test_recommendations_say_what_the_source_says(seed, client):
    """ "vorgestellt und … besprochen", not "geprüft"; no source date (the
    derived one is marked), "aktuell" instead of "Juni 2020", "im Konzept"
    instead of "in der Neufassung des Konzepts"."""
    from roundtable.models import Feedback, FollowUp

    trauma = Feedback.objects.get(title="Arbeit mit traumatisierten Geflüchteten")
    assert trauma.get_disposition_display() == "vorgestellt und besprochen"
    for item in Feedback.objects.filter(source__contains="101.18.1671"):
        assert item.event is None
        assert item.received_on_basis.startswith("Die Quelle nennt kein Datum")
    assert FollowUp.objects.get(measure__pk=75).date_note.startswith("„aktuell“")
    texts = list(FollowUp.objects.values_list("text", flat=True))
    assert (
        "Das aktive Angehen rassistischer Einstellungen und rassistisch motivierter "
        "Gewalt wird den notwendigen höheren Stellenwert im Konzept bekommen."
    ) in texts
    assert not any("Neufassung des Konzepts" in text for text in texts)
    page = _text(client.get(reverse("roundtable:recommendations")))
    assert "Datum abgeleitet, nicht aus der Quelle:" in page
    block = page[page.find("Arbeit mit traumatisierten Geflüchteten Empfehlung") :]
    assert "Umgang: vorgestellt und besprochen" in block[:1000]


def test_public_download_marks_derived_years(seed, client):
    """The CSV a reader downloads carries the rule of a derived year too."""
    response = client.get(
        reverse(
            "monitoring:metric-download",
            kwargs={"key": "angebote-2008-nach-alter", "file_format": "csv"},
        )
    )
    body = (
        b"".join(response).decode() if response.streaming else response.content.decode()
    )
    assert (
        "Jahr abgeleitet, nicht aus der Quelle: Die Tabellen tragen kein Datum" in body
    )


def test_staff_groups_may_edit_the_ordered_units(db):
    """The units inline stays usable for the Redaktion; readers may view it."""
    from django.contrib.auth.models import Group

    def codenames(name):
        return set(
            Group.objects.get(name=name)
            .permissions.filter(codename__endswith="_goalresponsibility")
            .values_list("codename", flat=True)
        )

    assert codenames("Redaktion") == {
        "add_goalresponsibility",
        "change_goalresponsibility",
        "delete_goalresponsibility",
        "view_goalresponsibility",
    }
    assert codenames("Lesend") == {"view_goalresponsibility"}
    assert codenames("Fachamt") == {"view_goalresponsibility"}
