"""Staff editing of the concept: admin pages, history, goal import and export."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
import tablib

from concept.models import (
    Concept,
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    Organisation,
    Topic,
)
from tests.concept.test_import_export import (
    concept_snapshot,
    goal_export,
    goal_rows,
    needs_seed,
)
from tests.factories import (
    GoalFactory,
    IndicatorFactory,
    MeasureFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    Concept,
    FieldOfAction,
    Topic,
    Goal,
    Indicator,
    Organisation,
    Measure,
]


def admin_url(model, view, *args):
    return reverse(f"admin:concept_{model._meta.model_name}_{view}", args=args)


def concept_world():
    """One goal with an indicator and a unit, and a measure, from the factories."""
    goal = GoalFactory(responsible_organisations=[OrganisationFactory()])
    IndicatorFactory(goal=goal)
    MeasureFactory().goals.add(goal)
    return goal


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.model_name)
def test_changelist_change_add_and_history_pages_open(admin_client, model):
    """Every concept admin list, change, add and history page opens for staff."""
    concept_world()
    obj = model.objects.first()
    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
        admin_url(model, "history", obj.pk),
    ]:
        assert admin_client.get(url).status_code == 200, url


@needs_seed
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.model_name)
def test_seed_changelists_and_change_pages_open(seed, admin_client, model):
    """With the real concept, every admin list and its first change page open."""
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    obj = response.context["cl"].result_list[0]
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@needs_seed
def test_goal_changelist_offers_import_export_and_history(seed, admin_client):
    """The goal list has the "Importieren" and "Exportieren" buttons; the goal
    page links to its history ("Geschichte")."""
    html = admin_client.get(admin_url(Goal, "changelist")).content.decode()
    assert f'{admin_url(Goal, "import")}\' class="import_link">Importieren' in html
    assert f'{admin_url(Goal, "export")}?" class="export_link">Exportieren' in html
    goal = Goal.objects.get(code="1.1.3")
    html = admin_client.get(admin_url(Goal, "change", goal.pk)).content.decode()
    assert f'href="{admin_url(Goal, "history", goal.pk)}"' in html


@needs_seed
def test_goal_changelist_filters_by_field_unit_and_edition(seed, admin_client):
    """The goal list filters by edition, Handlungsfeld and responsible unit."""
    GoalFactory()  # a second edition, so the edition filter has a choice
    response = admin_client.get(admin_url(Goal, "changelist"))
    titles = [spec.title for spec in response.context["cl"].filter_specs]
    assert titles == ["Fassung", "Handlungsfeld", "Verantwortlich"]
    field = FieldOfAction.objects.get(number=2)
    response = admin_client.get(
        admin_url(Goal, "changelist"), {"topic__field__id__exact": field.pk}
    )
    codes = [goal.code for goal in response.context["cl"].result_list]
    assert codes and all(code.startswith("2.") for code in codes)
    unit = Organisation.objects.get(name="Kulturamt")
    response = admin_client.get(
        admin_url(Goal, "changelist"),
        {"responsible_organisations__id__exact": unit.pk},
    )
    assert "5.2.2" in [goal.code for goal in response.context["cl"].result_list]


@needs_seed
def test_search_by_code_finds_exactly_that_goal(seed, admin_client):
    """Searching "1.1.3" lists goal 1.1.3 alone."""
    response = admin_client.get(admin_url(Goal, "changelist"), {"q": "1.1.3"})
    assert [goal.code for goal in response.context["cl"].result_list] == ["1.1.3"]


@needs_seed
def test_search_by_words_finds_goals_and_indicators(seed, admin_client):
    """A word from a goal's text finds the goal; the indicator list searches
    indicator texts."""
    goal = Goal.objects.get(code="1.1.1")
    response = admin_client.get(
        admin_url(Goal, "changelist"), {"q": "Kindertageseinrichtung"}
    )
    assert goal in response.context["cl"].result_list
    indicator = goal.indicators.first()
    word = max(indicator.text.split(), key=len)
    response = admin_client.get(admin_url(Indicator, "changelist"), {"q": word})
    assert indicator in response.context["cl"].result_list


@needs_seed
def test_goal_history_shows_the_change_and_can_revert(seed, admin_client):
    """After staff change a goal, its history lists the old and new text, and
    the old version can be restored."""
    goal = Goal.objects.get(code="1.1.3")
    # Loading fixtures writes no history (raw saves); the units are rows of
    # their own, so record the seed version as staff would find it.
    goal.save()
    old_text = goal.text
    form = {
        "concept": goal.concept_id,
        "topic": goal.topic_id,
        "number": goal.number,
        "code": goal.code,
        "text": "Neuer Zieltext",
        "footnote": goal.footnote,
        "responsibilities-TOTAL_FORMS": 0,
        "responsibilities-INITIAL_FORMS": 0,
        "indicators-TOTAL_FORMS": 0,
        "indicators-INITIAL_FORMS": 0,
    }
    response = admin_client.post(admin_url(Goal, "change", goal.pk), form)
    assert response.status_code == 302
    html = admin_client.get(admin_url(Goal, "history", goal.pk)).content.decode()
    assert "<strong>Ziel:</strong>" in html
    assert old_text[:40] in html
    assert '&rarr;&nbsp;<span class="history-new"><ins>Neuer Zieltext</ins>' in html
    old_version = goal.history.earliest()
    revert_url = reverse(
        "admin:concept_goal_simple_history", args=[goal.pk, old_version.history_id]
    )
    response = admin_client.get(revert_url)
    assert response.status_code == 200
    assert old_text in response.content.decode()
    response = admin_client.post(revert_url, {**form, "text": old_text})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.text == old_text
    assert goal.history.count() == 3


def test_topic_page_lists_goals_but_adds_them_on_the_goal_page(admin_client):
    """The topic page shows its goals with links; it offers no empty goal rows,
    because a new goal needs its edition and units."""
    goal = GoalFactory()
    response = admin_client.get(admin_url(Topic, "change", goal.topic_id))
    (goal_formset,) = [
        formset
        for formset in response.context["inline_admin_formsets"]
        if formset.opts.model is Goal
    ]
    assert goal_formset.has_add_permission is False
    assert admin_url(Goal, "change", goal.pk) in response.content.decode()


@pytest.mark.parametrize("goals", [5, 50])
def test_goal_changelist_query_count_does_not_grow(
    admin_client, django_assert_num_queries, goals
):
    """The goal list shows every goal's units without a query per goal:
    session +1, user +1, edition filter +1, Handlungsfeld filter +1, unit filter +1,
    count +1, full count +1, goals with topic and field +1, their units +1."""
    units = [OrganisationFactory(), OrganisationFactory()]
    for _ in range(goals):
        GoalFactory(responsible_organisations=units)
    with django_assert_num_queries(9):
        response = admin_client.get(admin_url(Goal, "changelist"))
    assert len(response.context["cl"].result_list) == goals
    assert units[1].name in response.content.decode()


@needs_seed
def test_admin_import_dry_run_shows_german_row_errors(seed, admin_client):
    """Uploading a CSV with an unknown unit shows the German message at its row,
    offers no confirm button and saves nothing."""
    data = goal_export()
    rows = goal_rows(data)
    rows[2][data.headers.index("Verantwortlich")] = "Amt für Träume"
    rows[5][data.headers.index("Ziel")] = "Eine gültige Änderung"
    csv = tablib.Dataset(*rows, headers=data.headers).export("csv")
    before = concept_snapshot()
    upload = SimpleUploadedFile("ziele.csv", csv.encode(), content_type="text/csv")
    response = admin_client.post(
        admin_url(Goal, "import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Validierung einiger Zeilen schlug fehl" in html
    (invalid,) = response.context["result"].invalid_rows
    assert invalid.number == 3
    assert invalid.error_dict == {
        "Verantwortlich": [
            "Unbekannte Organisation: „Amt für Träume“. "
            "Bitte zuerst unter Organisationen anlegen."
        ]
    }
    assert "Unbekannte Organisation: „Amt für Träume“" in html
    assert 'name="import_file_name"' not in html  # no confirm form
    assert concept_snapshot() == before


@needs_seed
def test_admin_import_missing_column_is_shown_once(seed, admin_client):
    """Uploading a CSV without the "Verantwortlich" column shows one German
    message and saves nothing."""
    data = goal_export()
    del data["Verantwortlich"]
    before = concept_snapshot()
    upload = SimpleUploadedFile(
        "ziele.csv", data.export("csv").encode(), content_type="text/csv"
    )
    response = admin_client.post(
        admin_url(Goal, "import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )
    html = response.content.decode()
    assert "Der Datei fehlen Spalten: „Verantwortlich“" in html
    assert "Zeilennummer" not in html and "Traceback" not in html
    assert concept_snapshot() == before


@needs_seed
def test_admin_import_confirms_and_saves_a_change(seed, admin_client):
    """A valid XLSX shows the change in the dry run and saves it on confirm."""
    data = goal_export()
    rows = goal_rows(data)
    row = next(r for r in rows if r[data.headers.index("Nummer")] == "1.1.3")
    row[data.headers.index("Ziel")] = "Über das Admin geänderter Text"
    xlsx = tablib.Dataset(*rows, headers=data.headers).export("xlsx")
    upload = SimpleUploadedFile("ziele.xlsx", xlsx)
    response = admin_client.post(
        admin_url(Goal, "import"),
        {"resource": "0", "format": "1", "import_file": upload},
    )
    assert response.context["result"].totals["update"] == 1
    confirm = response.context["confirm_form"]
    assert Goal.objects.get(code="1.1.3").text != "Über das Admin geänderter Text"
    response = admin_client.post(
        reverse("admin:concept_goal_process_import"),
        {name: confirm[name].value() for name in confirm.fields},
    )
    assert response.status_code == 302
    goal = Goal.objects.get(code="1.1.3")
    assert goal.text == "Über das Admin geänderter Text"
    assert goal.history.first().history_user.is_superuser


@needs_seed
def test_admin_export_writes_the_goal_file(seed, admin_client):
    """The admin export sends a CSV with German headers and all 99 goals."""
    response = admin_client.post(
        admin_url(Goal, "export"), {"format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8-sig")
    dataset = tablib.Dataset().load(content, format="csv")
    assert dataset.headers[:3] == ["Fassung", "Nummer", "Teilbereich"]
    assert len(dataset) == 99


def test_admin_pickers_speak_german(admin_client):
    """The two-box picker's texts come in German, not 'Choose all'."""
    script = admin_client.get("/admin/jsi18n/").content.decode()
    # the catalog is a JSON object in the script: "const newcatalog = {...};"
    catalog = json.loads(script.split("const newcatalog = ", 1)[1].split(";\n", 1)[0])
    assert catalog["Choose all %s"] == "Alle %s auswählen"
    choose = 'Choose %s by selecting them and then select the "Choose" arrow button.'
    assert catalog[choose].startswith("Markieren Sie %s und klicken Sie dann auf")
