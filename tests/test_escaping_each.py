from kassel_integration.escaping import escape_each


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
