from django.utils.html import escape

from hypothesis import given
from hypothesis import strategies as st

from kassel_integration.escaping import escape_each
from roundtable.templatetags.roundtable_html import _Page


def test_escape_each_escapes_every_value_like_escape():
    values = ['<b>"A" & B</b>', "", "it's", "plain"]
    assert escape_each(values) == [
        "&lt;b&gt;&quot;A&quot; &amp; B&lt;/b&gt;",
        "",
        "it&#x27;s",
        "plain",
    ]


def test_escape_each_of_a_value_with_the_separator_escapes_one_by_one():
    assert escape_each(["a\x00<b>", "c"]) == ["a\x00&lt;b&gt;", "c"]


def test_escape_each_of_nothing_is_empty():
    assert escape_each([]) == []


@given(values=st.lists(st.text()))
def test_escape_each_gives_what_escape_gives_each_value(values):
    """Any texts, NUL and marks included: the same as one escape() each."""
    assert escape_each(values) == [escape(value) for value in values]


@given(texts=st.lists(st.text(), min_size=1))
def test_a_rows_page_puts_each_escaped_text_at_its_own_place(texts):
    """The recommendation and event rows mark where each text goes and fill
    all in at the end: every text lands escaped at its own place."""
    page = _Page()
    marks = [page.escape(text) for text in reversed(texts)]
    html = page.fill("".join(f"<td>{mark}</td>" for mark in reversed(marks)))
    assert html == "".join(f"<td>{escape(text)}</td>" for text in texts)
