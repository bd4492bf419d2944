"""The inquiry list's filter selects, written in Python (``FilterSelect``),
read as Django's own select widget writes them: labels, values, the chosen
option and escaping."""

from django import forms

import pytest

from inquiries.forms import FilterSelect, InquiryFilterForm
from tests.factories import CommitteeFactory, FactionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [None, "", "b", "<&>", 2026])
def test_filter_select_writes_what_django_writes(value):
    choices = [("", "alle"), ("b", "B & „C“"), ("<&>", "<script>"), (2026, 2026)]
    attrs = {"id": "id_x", "required": False, "data-flag": True}
    ours = FilterSelect(choices=choices).render("x", value, attrs)
    django = forms.Select(choices=choices).render("x", value, attrs)
    assert ours == django
    assert "<script>" not in ours


def test_filter_form_keeps_the_chosen_faction_and_committee():
    FactionFactory(name="B90/Grüne")
    committee = CommitteeFactory(name="Ausschuss für Kultur")
    data = {"fraktion": "B90/Grüne", "ausschuss": str(committee.pk), "status": "x"}
    form = InquiryFilterForm(data)
    html = str(form["fraktion"]) + str(form["ausschuss"]) + str(form["status"])
    assert '<option value="B90/Grüne" selected>B90/Grüne</option>' in html
    assert f'<option value="{committee.pk}" selected>Ausschuss für Kultur</option>' in (
        html
    )
    assert form.filters().faction.name == "B90/Grüne"
    assert form.filters().committee == committee
    assert "status" in form.errors  # an unknown status is named, not used
