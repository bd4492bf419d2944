"""No export runs a formula in a spreadsheet program, and an exported file
imports unchanged (the escape is taken off again)."""

import csv
import io

from django.urls import reverse

import openpyxl
import pytest

from concept.models import Goal
from tests.factories import GoalFactory, IndicatorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x";"klick")', "@SUM(A1)", "-2+3", "+49 561", "\tx"]


@pytest.fixture
def goals():
    unit = OrganisationFactory(name="Jugendamt")
    goals = [
        GoalFactory(text=text, responsible_organisations=[unit]) for text in FORMULAS
    ]
    for goal in goals:
        IndicatorFactory(goal=goal, text="=1+1")
    return goals


def export(client, fmt):
    return client.post(
        reverse("admin:concept_goal_export"), {"format": fmt, "export_items": []}
    )


def test_goal_csv_and_xlsx_carry_no_formula(goals, admin_client):
    """Each cell that would start a formula begins with an apostrophe."""
    csv_text = export(admin_client, "0").content.decode("utf-8-sig")
    cells = {cell for row in csv.reader(io.StringIO(csv_text)) for cell in row}
    assert {f"'{text}" for text in FORMULAS} | {"'=1+1"} <= cells
    sheet = openpyxl.load_workbook(io.BytesIO(export(admin_client, "1").content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert {f"'{text}" for text in FORMULAS} <= {cell.value for cell in cells}


def test_exported_goals_import_unchanged(goals, admin_client):
    """Re-importing the escaped export skips every row (nothing changed)."""
    upload = io.BytesIO(export(admin_client, "1").content)
    upload.name = "ziele.xlsx"
    response = admin_client.post(
        reverse("admin:concept_goal_import"),
        {"format": "1", "import_file": upload, "resource": "0"},
    )
    assert response.status_code == 200
    assert sorted(Goal.objects.values_list("text", flat=True)) == sorted(FORMULAS)
    assert response.context["result"].totals["skip"] == len(FORMULAS)
