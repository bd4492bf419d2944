"""The inquiry list's filter form keeps what was chosen and names what it
cannot use (the select markup itself: tests/test_widgets.py)."""

import pytest

from inquiries.forms import InquiryFilterForm
from tests.factories import CommitteeFactory, FactionFactory

pytestmark = pytest.mark.django_db


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
