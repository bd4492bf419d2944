"""Public pages in a real browser: accessible, keyboard-usable, phone-ready."""

import re

import pytest

from tests.browser.conftest import assert_no_axe_violations, screenshot

PAGES = {
    "konzept": "/konzept/",
    "handlungsfeld": "/konzept/handlungsfeld/1/",
    "ziel": "/konzept/ziel/1.1.1/",
    "organisation": "/konzept/organisation/jugendamt/",
    "anfragen": "/anfragen/?q=Sprachkurse",
    "anfrage": "/anfragen/101.16.1784/",
    "anfrage-1671": "/anfragen/101.18.1671/",
    "monitoring": "/monitoring/",
    "kennzahl": "/monitoring/angebote-2008-nach-alter/",
    "runder-tisch": "/runder-tisch/",
    "veranstaltung": "/runder-tisch/runder-tisch-2019/",
    "empfehlungen": "/runder-tisch/empfehlungen/",
    "empfehlung": "/runder-tisch/empfehlungen/3/",
    "berichte": "/berichte/",
    "suche": "/suche/?q=Sprachkurse",
}


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible(seeded_live_server, page, name):
    """The page has lang="de", one h1, a working skip link, no axe violations
    (WCAG 2.1 AA) and no sideways scrolling on a phone."""
    response = page.goto(seeded_live_server.url + PAGES[name])
    assert response.status == 200
    assert page.get_attribute("html", "lang") == "de"
    assert page.locator("h1").count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"
    assert_no_axe_violations(page)
    assert screenshot(page, name) <= 390


def test_reader_finds_responsible_units_of_a_goal(seeded_live_server, page):
    """From the overview a reader reaches goal 3.1.1 and sees both units, in
    the concept's order and wording."""
    page.goto(seeded_live_server.url + "/konzept/")
    page.get_by_role("link", name="3. Sport und Gesundheit").click()
    page.get_by_role("link", name="3.1.1", exact=True).click()
    assert page.url.endswith("/konzept/ziel/3.1.1/")
    units = page.locator("dd ul li").all_inner_texts()
    assert units == ["Geschäftsbereich d. Oberbürgermeisters Zukunftsbüro", "Sportamt"]


def test_reader_searches_and_filters_inquiries(seeded_live_server, page):
    """A council member searches "Sprachkurse", narrows by faction and opens the
    answer."""
    page.goto(seeded_live_server.url + "/anfragen/")
    page.get_by_label("Suchbegriff").fill("Sprachkurse")
    page.get_by_label("Fraktion").select_option("B90/Grüne")
    page.get_by_role("button", name="Anzeigen").click()
    assert "fraktion=B90%2FGr%C3%BCne" in page.url
    heading = page.locator("h2.result-count").inner_text()
    assert re.match(r"\d+ Anfragen? zu „Sprachkurse“", heading)
    page.get_by_role(
        "link", name="Integrationskonzept und Integration in der Stadt Kassel"
    ).click()
    assert page.url.endswith("/anfragen/101.18.89/")
    assert (
        page.locator("#frage-6 .answer")
        .inner_text()
        .startswith("Zertifizierte Integrationskurse")
    )


def test_header_search_finds_a_factions_inquiries_of_a_year(seeded_live_server, page):
    """From any page the header's search field finds "SPD 2010": the SPD's
    inquiry 101.16.1784; the focus outline on the red header is white."""
    page.goto(seeded_live_server.url + "/runder-tisch/")
    field = page.get_by_role("searchbox", name="Suche")
    field.focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert outline == "rgb(255, 255, 255)"
    field.fill("SPD 2010")
    field.press("Enter")
    assert "/suche/?q=SPD+2010" in page.url
    page.get_by_role("link", name="101.16.1784", exact=False).first.click()
    assert page.url.endswith("/anfragen/101.16.1784/")


def test_question_index_jumps_to_the_question(seeded_live_server, page):
    """The question index of 101.16.1784 jumps to question 10d."""
    page.goto(seeded_live_server.url + "/anfragen/101.16.1784/")
    page.locator(".question-index").get_by_role("link", name="Frage 10d").click()
    assert page.url.endswith("#frage-10d")
    assert page.locator("#frage-10d").is_visible()


def test_axe_check_reports_violations(page):
    """The accessibility check fails on a page with an image without alt text."""
    page.set_content('<html><body><img src="data:,"></body></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_axe_violations(page)


def test_inquiry_tables_have_no_empty_header(seeded_live_server, page):
    """Every column of the answer tables of 101.16.1784 has a header a screen
    reader can read (axe best practice rule empty-table-header); the sums
    column, left without one in the source, is announced as "Summe"."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(seeded_live_server.url + "/anfragen/101.16.1784/")
    results = Axe().run(
        page, options={"runOnly": {"type": "rule", "values": ["empty-table-header"]}}
    )
    assert results.response["violations"] == []
    assert results.response["passes"], "axe fand keine Tabellenköpfe zu prüfen"
    hidden = page.locator("th .visually-hidden")
    assert hidden.count() == 2
    assert hidden.first.inner_text() == "Summe"
    assert hidden.first.bounding_box()["width"] <= 1  # not shown on screen
