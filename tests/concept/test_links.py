"""page_url gives exactly the address reverse() gives, under any script prefix."""

from django.urls import NoReverseMatch, reverse, set_script_prefix

import pytest

from concept.links import page_url, topic_url_builder

CASES = [
    ("concept:goal-detail", "code", "1.1.1"),
    ("concept:goal-detail", "code", "2.10.3a"),
    ("concept:goal-detail", "code", "Ä ü&?#%"),
    ("concept:goal-detail", "code", "4711080915"),
    ("concept:field-detail", "number", 3),
    ("concept:field-detail", "number", "12"),
    ("concept:organisation-detail", "slug", "jugendamt"),
    ("concept:organisation-detail", "slug", "a-b_c"),
]


@pytest.mark.parametrize("prefix", ["/", "/stadt/", "/4711080915/"])
@pytest.mark.parametrize(("viewname", "kwarg", "value"), CASES)
def test_page_url_is_reverse(viewname, kwarg, value, prefix):
    set_script_prefix(prefix)
    try:
        assert page_url(viewname, kwarg, value) == reverse(
            viewname, kwargs={kwarg: value}
        )
    finally:
        set_script_prefix("/")


def test_a_value_no_pattern_accepts_fails_like_reverse():
    with pytest.raises(NoReverseMatch):
        page_url("concept:goal-detail", "code", "1/2")
    with pytest.raises(NoReverseMatch):
        page_url("concept:field-detail", "number", "")


@pytest.mark.parametrize("prefix", ["/", "/stadt/"])
def test_topic_url_is_the_field_page_with_the_topic_anchor(prefix):
    set_script_prefix(prefix)
    try:
        assert topic_url_builder()("2.10") == (
            reverse("concept:field-detail", kwargs={"number": 2}) + "#teilbereich-2.10"
        )
    finally:
        set_script_prefix("/")
