"""Staff editing of the concept: admin pages, history, goal import and export."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
import tablib

from concept.models import Goal, Indicator
from concept.resources import GoalResource
from tests.factories import GoalFactory, IndicatorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

MODELS = [
    "concept",
    "fieldofaction",
    "topic",
    "goal",
    "indicator",
    "organisation",
    "measure",
]


@pytest.mark.parametrize("model", MODELS)
def test_changelists_and_change_pages_open(seed, admin_client, model):
    """Every concept admin list, its first change page and its history open."""
    response = admin_client.get(reverse(f"admin:concept_{model}_changelist"))
    assert response.status_code == 200
    obj = response.context["cl"].result_list[0]
    for view in ("change", "history"):
        url = reverse(f"admin:concept_{model}_{view}", args=[obj.pk])
        assert admin_client.get(url).status_code == 200


def test_goal_changelist_offers_history_and_import_export(seed, admin_client):
    """The goal list has the import and export buttons; a goal has its history."""
    html = admin_client.get(reverse("admin:concept_goal_changelist")).content.decode()
    assert reverse("admin:concept_goal_import") in html
    assert reverse("admin:concept_goal_export") in html
    goal = Goal.objects.get(code="1.1.3")
    html = admin_client.get(
        reverse("admin:concept_goal_change", args=[goal.pk])
    ).content.decode()
    assert reverse("admin:concept_goal_history", args=[goal.pk]) in html


def test_search_by_code_finds_exactly_that_goal(seed, admin_client):
    """Searching "1.1.3" lists goal 1.1.3 alone."""
    response = admin_client.get(
        reverse("admin:concept_goal_changelist"), {"q": "1.1.3"}
    )
    assert [goal.code for goal in response.context["cl"].result_list] == ["1.1.3"]


def test_history_shows_a_changed_goal(seed, admin_client):
    """Changing a goal's text leaves a history entry with the old text."""
    goal = Goal.objects.get(code="1.1.3")
    goal.text = "Neuer Text"
    goal.save()
    html = admin_client.get(
        reverse("admin:concept_goal_history", args=[goal.pk])
    ).content.decode()
    assert html.count("<tr") >= 3  # header + two versions


@pytest.mark.parametrize("goals", [5, 50])
def test_goal_changelist_query_count_does_not_grow(
    admin_client, django_assert_max_num_queries, goals
):
    """The goal list shows units without a query per goal."""
    organisations = [OrganisationFactory(), OrganisationFactory()]
    for _ in range(goals):
        GoalFactory(responsible_organisations=organisations)
    with django_assert_max_num_queries(14):
        response = admin_client.get(reverse("admin:concept_goal_changelist"))
    assert response.status_code == 200


def snapshot():
    return (
        list(
            Goal.objects.order_by("pk").values_list(
                "pk", "code", "number", "text", "topic_id", "footnote"
            )
        ),
        list(
            Indicator.objects.order_by("pk").values_list(
                "pk", "goal_id", "position", "text"
            )
        ),
        sorted(
            Goal.responsible_organisations.through.objects.values_list(
                "goal_id", "organisation_id"
            )
        ),
        Goal.history.count(),
        Indicator.history.count(),
    )


def export_dataset():
    return GoalResource().export()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_and_reimport_changes_nothing(seed, file_format):
    """Exporting all goals and importing the file again leaves every row as it
    was."""
    data = export_dataset()
    assert len(data) == 99
    assert data.headers[:3] == ["Fassung", "Nummer", "Teilbereich"]
    raw = data.export(file_format)
    dataset = tablib.Dataset().load(raw, format=file_format)
    before = snapshot()
    result = GoalResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 99
    assert snapshot() == before


def test_export_splits_units_and_indicators(seed):
    """Several units are joined with ";", several indicators with line breaks."""
    rows = {row["Nummer"]: row for row in export_dataset().dict}
    assert rows["5.2.2"]["Verantwortlich"] == "Jugendamt; Kulturamt; Sozialamt"
    assert len(rows["2.1.4"]["Indikatoren"].splitlines()) == 3


def test_import_updates_text_indicators_and_units(seed):
    """A corrected file updates the goal, its indicators and units in place."""
    data = export_dataset()
    rows = data.dict
    row = next(r for r in rows if r["Nummer"] == "1.1.3")
    row["Ziel"] = "Geänderter Zieltext"
    row["Indikatoren"] = "Erster Indikator\nZweiter Indikator"
    row["Verantwortlich"] = "Jugendamt; Sozialamt"
    dataset = tablib.Dataset(*[list(r.values()) for r in rows], headers=data.headers)
    result = GoalResource().import_data(dataset, dry_run=False)
    assert not result.has_validation_errors() and not result.has_errors()
    assert result.totals["update"] == 1
    goal = Goal.objects.get(code="1.1.3")
    assert goal.text == "Geänderter Zieltext"
    assert list(goal.indicators.values_list("text", flat=True)) == [
        "Erster Indikator",
        "Zweiter Indikator",
    ]
    assert sorted(goal.responsible_organisations.values_list("name", flat=True)) == [
        "Jugendamt",
        "Sozialamt",
    ]


def row_errors(result):
    """{line number: [messages]} of a result's invalid rows and row errors."""
    found = {}
    for invalid in result.invalid_rows:
        messages = [m for ms in invalid.error_dict.values() for m in ms]
        found[invalid.number + 1] = messages
    for number, errors in result.row_errors():
        found.setdefault(number + 1, []).extend(str(e.error) for e in errors)
    return found


def test_bad_file_reports_each_row_in_german_and_writes_nothing(seed):
    """Unknown unit, repeated code, unknown topic, mismatched code: each row named,
    nothing written."""
    data = export_dataset()
    rows = [list(row.values()) for row in data.dict]
    col = data.headers.index
    rows[0][col("Verantwortlich")] = "Jugendamt; Amt für Träume"
    rows[1][col("Nummer")] = "1.1.3"
    rows[3][col("Teilbereich")] = "9.9"
    rows[4][col("Nummer")] = "1.2.9"
    dataset = tablib.Dataset(*rows, headers=data.headers)
    before = snapshot()
    result = GoalResource().import_data(dataset, dry_run=False)
    errors = row_errors(result)
    assert "Unbekannte Organisation: „Amt für Träume“" in " ".join(errors[2])
    assert "steht mehrfach in der Datei (Zeilen 3, 4)" in " ".join(errors[3])
    assert "Teilbereich „9.9“" in " ".join(errors[5])
    assert "Die Nummer muss „1.1.9“ lauten." in " ".join(errors[6])
    assert snapshot() == before


def test_missing_column_is_refused(seed):
    """A file without the "Verantwortlich" column is refused as a whole."""
    data = export_dataset()
    del data["Verantwortlich"]
    before = snapshot()
    result = GoalResource().import_data(data, dry_run=False)
    assert result.has_errors()
    assert "Der Datei fehlen Spalten: „Verantwortlich“" in str(
        result.base_errors[0].error
    )
    assert snapshot() == before


def test_admin_import_dry_run_shows_row_errors(seed, admin_client):
    """Uploading a bad CSV in the admin shows German row errors and saves
    nothing."""
    data = export_dataset()
    rows = [list(row.values()) for row in data.dict]
    rows[0][data.headers.index("Verantwortlich")] = "Amt für Träume"
    csv = tablib.Dataset(*rows, headers=data.headers).export("csv")
    before = snapshot()
    upload = SimpleUploadedFile("ziele.csv", csv.encode(), content_type="text/csv")
    response = admin_client.post(
        reverse("admin:concept_goal_import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Unbekannte Organisation: „Amt für Träume“" in html
    assert snapshot() == before


def test_indicator_factory_sanity(db):
    """Indicators keep the order staff give them."""
    goal = GoalFactory()
    IndicatorFactory(goal=goal, position=2, text="zwei")
    IndicatorFactory(goal=goal, position=1, text="eins")
    assert list(goal.indicators.values_list("text", flat=True)) == ["eins", "zwei"]
