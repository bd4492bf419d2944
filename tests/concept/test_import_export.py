"""Import and export of goals through the GoalResource (CSV and XLSX)."""

from pathlib import Path

import pytest
import tablib

from concept.models import Goal, Indicator, Organisation
from concept.resources import GoalResource
from concept.services import goal_indicators_replace
from tests.factories import GoalFactory, IndicatorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

SEED_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "concept.json"
needs_seed = pytest.mark.skipif(
    not SEED_FILE.exists(), reason="fixtures/concept.json is not written yet"
)
HEADERS = [
    "Fassung",
    "Nummer",
    "Teilbereich",
    "Ziel",
    "Indikatoren",
    "Verantwortlich",
    "Fußnote",
]


def concept_snapshot():
    """Goals, indicators, unit assignments and history counts, in pk order."""
    return (
        list(
            Goal.objects.order_by("pk").values_list(
                "pk", "concept_id", "topic_id", "number", "code", "text", "footnote"
            )
        ),
        list(
            Indicator.objects.order_by("pk").values_list(
                "pk", "goal_id", "position", "text", "footnote"
            )
        ),
        sorted(
            Goal.responsible_organisations.through.objects.values_list(
                "goal_id", "organisation_id"
            )
        ),
        Goal.history.count(),
        Indicator.history.count(),
        Organisation.objects.count(),
    )


def goal_export():
    """All goals as a tablib Dataset, as the admin's export writes them."""
    return GoalResource().export()


def goal_rows(dataset):
    """The dataset's rows as lists, so single cells can be changed."""
    return [list(row) for row in dataset]


def row_errors(result):
    """{data row number: all its messages} for invalid rows and row errors."""
    found = {}
    for invalid in result.invalid_rows:
        found[invalid.number] = [
            message for messages in invalid.error_dict.values() for message in messages
        ]
    for number, errors in result.row_errors():
        found.setdefault(number, []).extend(str(error.error) for error in errors)
    return found


@needs_seed
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_and_reimport_changes_nothing(seed, file_format):
    """Exporting all goals and importing that file again skips every row and
    changes no goal, indicator, unit assignment or history entry."""
    raw = goal_export().export(file_format)
    dataset = tablib.Dataset().load(raw, format=file_format)
    before = concept_snapshot()
    assert len(dataset) == 99
    result = GoalResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals == {
        "new": 0,
        "update": 0,
        "delete": 0,
        "skip": 99,
        "error": 0,
        "invalid": 0,
    }
    assert concept_snapshot() == before


@needs_seed
def test_export_has_german_headers_one_row_per_goal(seed):
    """The export has one row per goal under German column headers."""
    data = goal_export()
    assert data.headers == HEADERS
    rows = {row["Nummer"]: row for row in data.dict}
    assert len(rows) == 99
    assert rows["1.1.3"]["Fassung"] == "2012"
    assert rows["1.1.3"]["Teilbereich"] == "1.1"


@needs_seed
def test_export_joins_units_and_indicators(seed):
    """Several units are joined with "; " in the concept's order (Anhang A:
    "Kulturamt, Sozialamt, Jugendamt"), indicators with line breaks in order."""
    rows = {row["Nummer"]: row for row in goal_export().dict}
    assert rows["5.2.2"]["Verantwortlich"] == "Kulturamt; Sozialamt; Jugendamt"
    goal = Goal.objects.get(code="2.1.4")
    assert rows["2.1.4"]["Indikatoren"].split("\n") == list(
        goal.indicators.order_by("position").values_list("text", flat=True)
    )
    assert len(rows["2.1.4"]["Indikatoren"].split("\n")) == 3


@pytest.mark.parametrize("goals", [2, 20])
def test_export_query_count_does_not_grow(django_assert_num_queries, goals):
    """Exporting goals issues no query per goal: count +1, goals with edition and
    topic +1, their indicators +1, their units +1."""
    units = [OrganisationFactory(), OrganisationFactory()]
    for goal in [GoalFactory(responsible_organisations=units) for _ in range(goals)]:
        IndicatorFactory(goal=goal)
    with django_assert_num_queries(4):
        assert len(goal_export()) == goals


@needs_seed
def test_import_updates_text_indicators_and_units(seed):
    """A corrected row updates that goal, its indicators and units in place."""
    data = goal_export()
    rows = goal_rows(data)
    col = data.headers.index
    row = next(r for r in rows if r[col("Nummer")] == "1.1.3")
    row[col("Ziel")] = "Geänderter Zieltext"
    row[col("Indikatoren")] = "Erster Indikator\nZweiter Indikator"
    row[col("Verantwortlich")] = "Sozialamt;Jugendamt"
    result = GoalResource().import_data(
        tablib.Dataset(*rows, headers=data.headers), dry_run=False
    )
    assert not result.has_validation_errors() and not result.has_errors()
    assert (result.totals["update"], result.totals["skip"]) == (1, 98)
    goal = Goal.objects.get(code="1.1.3")
    assert goal.text == "Geänderter Zieltext"
    assert list(goal.indicators.values_list("position", "text")) == [
        (1, "Erster Indikator"),
        (2, "Zweiter Indikator"),
    ]
    assert sorted(goal.responsible_organisations.values_list("name", flat=True)) == [
        "Jugendamt",
        "Sozialamt",
    ]
    assert goal.history.first().text == "Geänderter Zieltext"


@needs_seed
def test_import_creates_a_new_goal(seed):
    """A row with a new code creates the goal; its number comes from the code."""
    data = tablib.Dataset(
        [
            "2012",
            "1.1.20",
            "1.1",
            "Ein neues Ziel",
            "Indikator A\nIndikator B",
            "Jugendamt",
            "",
        ],
        headers=HEADERS,
    )
    result = GoalResource().import_data(data, dry_run=False)
    assert not result.has_validation_errors() and not result.has_errors()
    assert result.totals["new"] == 1
    goal = Goal.objects.get(concept__slug="2012", code="1.1.20")
    assert (goal.number, goal.topic.code) == (20, "1.1")
    assert list(goal.indicators.values_list("text", flat=True)) == [
        "Indikator A",
        "Indikator B",
    ]
    assert list(goal.responsible_organisations.values_list("name", flat=True)) == [
        "Jugendamt"
    ]


@needs_seed
def test_dry_run_changes_nothing(seed):
    """A dry run reports the changed row but writes nothing."""
    data = goal_export()
    rows = goal_rows(data)
    rows[0][data.headers.index("Ziel")] = "Nur zur Probe"
    before = concept_snapshot()
    result = GoalResource().import_data(
        tablib.Dataset(*rows, headers=data.headers), dry_run=True
    )
    assert result.totals["update"] == 1
    assert concept_snapshot() == before


@needs_seed
def test_bad_file_reports_each_row_in_german_and_writes_nothing(seed):
    """Unknown unit, repeated code, unknown topic and a code that does not fit
    its topic are each reported at their row; a valid change is not written."""
    data = goal_export()
    rows = goal_rows(data)
    col = data.headers.index
    rows[0][col("Verantwortlich")] = "Jugendamt; Amt für Träume"
    rows[1][col("Nummer")] = "1.1.3"  # row 3 is 1.1.3
    rows[3][col("Teilbereich")] = "9.9"
    rows[4][col("Nummer")] = "1.2.9"  # in topic 1.1
    rows[5][col("Ziel")] = "Eine gültige Änderung"
    before = concept_snapshot()
    result = GoalResource().import_data(
        tablib.Dataset(*rows, headers=data.headers), dry_run=False
    )
    errors = row_errors(result)
    assert sorted(errors) == [1, 2, 3, 4, 5]
    assert "Unbekannte Organisation: „Amt für Träume“." in " ".join(errors[1])
    assert "Die Nummer 1.1.3 steht mehrfach in der Datei (Zeilen 2, 3)." in errors[2]
    assert errors[2] == errors[3]
    assert "Einen Teilbereich „9.9“ gibt es in dieser Fassung nicht." in errors[4]
    assert "Die Nummer muss „1.1.9“ lauten." in errors[5]
    assert concept_snapshot() == before


@needs_seed
def test_row_errors_are_keyed_by_german_column(seed):
    """The admin labels each message with its German column, not a field name."""
    data = goal_export()
    rows = goal_rows(data)
    col = data.headers.index
    rows[0][col("Verantwortlich")] = ""
    rows[0][col("Indikatoren")] = " \n "
    rows[0][col("Ziel")] = ""
    rows[1][col("Nummer")] = "1.1"
    result = GoalResource().import_data(
        tablib.Dataset(*rows, headers=data.headers), dry_run=True
    )
    first, second = result.invalid_rows
    assert first.error_dict == {
        "Ziel": ["Dieses Feld darf nicht leer sein."],
        "Indikatoren": ["Mindestens einen Indikator angeben."],
        "Verantwortlich": ["Mindestens eine verantwortliche Organisation angeben."],
    }
    assert "„1.1“ ist keine Zielnummer wie „1.1.1“." in second.error_dict["Nummer"]


@needs_seed
def test_unknown_edition_is_a_row_error(seed):
    """A row naming an edition that does not exist is refused at that row."""
    data = goal_export()
    rows = goal_rows(data)
    rows[0][data.headers.index("Fassung")] = "1999"
    before = concept_snapshot()
    result = GoalResource().import_data(
        tablib.Dataset(*rows, headers=data.headers), dry_run=False
    )
    assert result.invalid_rows[0].number == 1
    assert result.invalid_rows[0].error_dict["Fassung"] == [
        "Eine Fassung „1999“ gibt es nicht."
    ]
    assert concept_snapshot() == before


@needs_seed
def test_missing_column_is_refused_once(seed):
    """A file without the "Verantwortlich" column is refused with one message."""
    data = goal_export()
    del data["Verantwortlich"]
    before = concept_snapshot()
    result = GoalResource().import_data(data, dry_run=False)
    assert result.has_errors()
    assert [str(error.error) for error in result.base_errors] == [
        "Der Datei fehlen Spalten: „Verantwortlich“. Erwartet werden: Fassung, "
        "Nummer, Teilbereich, Ziel, Indikatoren, Verantwortlich."
    ]
    assert result.row_errors() == [] and result.invalid_rows == []
    assert concept_snapshot() == before


def test_empty_rows_at_the_end_are_ignored(db):
    """Empty rows a spreadsheet leaves below the data are not reported."""
    goal = GoalFactory(responsible_organisations=[OrganisationFactory()])
    IndicatorFactory(goal=goal)
    data = goal_export()
    data.append([""] * len(HEADERS))
    data.append([None] * len(HEADERS))
    result = GoalResource().import_data(data, dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 1


def test_semicolon_csv_gets_a_hint(db):
    """A CSV saved by a German Excel (semicolons) gets a hint how to save it."""
    raw = ";".join(HEADERS) + "\n2012;1.1.1;1.1;Ziel;Indikator;Jugendamt;\n"
    result = GoalResource().import_data(
        tablib.Dataset().load(raw, format="csv"), dry_run=True
    )
    assert "Kopfzeile enthält Semikolons" in str(result.base_errors[0].error)


def test_reordered_indicators_keep_their_rows(db):
    """Inserting and swapping indicators keeps each text's row and footnote."""
    goal = GoalFactory()
    first = IndicatorFactory(goal=goal, position=1, text="A", footnote="zu A")
    second = IndicatorFactory(goal=goal, position=2, text="B")
    third = IndicatorFactory(goal=goal, position=3, text="C")
    goal_indicators_replace(goal=goal, texts=["Neu", "B", "A"])
    assert list(goal.indicators.values_list("pk", "position", "text")) == [
        (goal.indicators.get(text="Neu").pk, 1, "Neu"),
        (second.pk, 2, "B"),
        (first.pk, 3, "A"),
    ]
    assert goal.indicators.get(text="A").footnote == "zu A"
    assert not Indicator.objects.filter(pk=third.pk).exists()


def test_swapped_indicators_keep_their_rows(db):
    """Swapping two indicators moves both rows without a position clash."""
    goal = GoalFactory()
    first = IndicatorFactory(goal=goal, position=1, text="A")
    second = IndicatorFactory(goal=goal, position=2, text="B")
    goal_indicators_replace(goal=goal, texts=["B", "A"])
    assert list(goal.indicators.values_list("pk", "position", "text")) == [
        (second.pk, 1, "B"),
        (first.pk, 2, "A"),
    ]


def test_unchanged_indicators_are_not_saved(db):
    """Replacing indicators with the same texts writes no history."""
    goal = GoalFactory()
    IndicatorFactory(goal=goal, position=1, text="A")
    IndicatorFactory(goal=goal, position=2, text="B")
    before = Indicator.history.count()
    goal_indicators_replace(goal=goal, texts=["A", "B"])
    assert Indicator.history.count() == before


def test_changed_text_reuses_the_row_at_its_position(db):
    """A reworded indicator keeps its row, so its history shows the rewording."""
    goal = GoalFactory()
    first = IndicatorFactory(goal=goal, position=1, text="A")
    second = IndicatorFactory(goal=goal, position=2, text="B")
    goal_indicators_replace(goal=goal, texts=["A", "B neu"])
    second.refresh_from_db()
    assert second.text == "B neu"
    assert [h.text for h in second.history.all()] == ["B neu", "B"]
    assert first.history.count() == 1


def test_indicators_out_of_sequence_are_renumbered(db):
    """Gaps and a position 0 in the stored order are closed without a clash."""
    goal = GoalFactory()
    IndicatorFactory(goal=goal, position=0, text="A")
    IndicatorFactory(goal=goal, position=1, text="B")
    IndicatorFactory(goal=goal, position=7, text="C")
    goal_indicators_replace(goal=goal, texts=["A", "B", "C"])
    assert list(goal.indicators.values_list("position", "text")) == [
        (1, "A"),
        (2, "B"),
        (3, "C"),
    ]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_factory_goals_round_trip(file_format):
    """Goals built by the factories survive export and import unchanged."""
    units = [OrganisationFactory(name="Amt A"), OrganisationFactory(name="Amt B")]
    for goal in [GoalFactory(responsible_organisations=units) for _ in range(3)]:
        IndicatorFactory(goal=goal, position=1)
        IndicatorFactory(goal=goal, position=2)
    raw = goal_export().export(file_format)
    before = concept_snapshot()
    result = GoalResource().import_data(
        tablib.Dataset().load(raw, format=file_format), dry_run=False
    )
    assert result.totals["skip"] == 3
    assert concept_snapshot() == before


def test_units_keep_the_files_order_both_ways(db):
    """ "Kulturamt; Jugendamt" is exported and imported in that order."""
    from concept.models import GoalResponsibility

    kulturamt = OrganisationFactory(name="Kulturamt")
    jugendamt = OrganisationFactory(name="Jugendamt")
    goal = GoalFactory()
    IndicatorFactory(goal=goal)
    GoalResponsibility.objects.create(goal=goal, organisation=kulturamt, position=1)
    GoalResponsibility.objects.create(goal=goal, organisation=jugendamt, position=2)
    data = goal_export()
    assert data.dict[0]["Verantwortlich"] == "Kulturamt; Jugendamt"
    goal.responsibilities.all().delete()
    result = GoalResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert [
        r.organisation.name for r in goal.responsibilities.order_by("position")
    ] == ["Kulturamt", "Jugendamt"]
