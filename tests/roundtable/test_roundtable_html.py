from roundtable.templatetags.roundtable_html import _Page


def test_page_fill_escapes_each_text_at_its_mark_whatever_the_order():
    page = _Page()
    later = page.escape("<b>zwei</b>")
    first = page.escape('"eins" & drei')
    html = page.fill(f"<p>{first}</p><p>{later}</p>")
    assert html == "<p>&quot;eins&quot; &amp; drei</p><p>&lt;b&gt;zwei&lt;/b&gt;</p>"


def test_page_fill_escapes_a_text_with_the_mark_character():
    page = _Page()
    text = "a\x00<b>"
    html = page.fill(f"<p>{page.escape(text)}</p><p>{page.escape('c')}</p>")
    assert html == "<p>a\x00&lt;b&gt;</p><p>c</p>"
