"""``ListSelect`` writes what Django's select templates write: labels,
values, numbers, groups, the chosen option, attributes and escaping."""

from django import forms

import pytest

from kassel_integration.widgets import ListSelect

CHOICES = [
    ("", "alle"),
    ("b", 'B & „C“ "D"'),
    ("<&>", "<script>"),
    (2026, 2026),
    ("Gruppe", [("g", "<g>"), (7, "sieben")]),
]


@pytest.mark.parametrize("value", [None, "", "b", "<&>", 2026, "g", 7])
@pytest.mark.parametrize(
    "attrs",
    [
        {"id": "id_x"},
        {"id": "id_x", "aria-invalid": True, "disabled": False, "data-x": '"<>'},
    ],
)
def test_list_select_writes_what_django_writes(value, attrs):
    ours = ListSelect(choices=CHOICES).render("x", value, attrs)
    assert ours == forms.Select(choices=CHOICES).render("x", value, attrs)
    assert "<script>" not in ours and "<g>" not in ours
