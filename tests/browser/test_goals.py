"""The council member's question in a real browser: which goals are behind,
and who is responsible? And: follow the changes by feed."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from concept.models import Goal
from inquiries.models import Inquiry
from monitoring.models import GoalStatus
from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.factories import GoalStatusFactory

DEFERRED = GoalStatus.Status.DEFERRED


@pytest.fixture
def statuses(seeded_live_server):
    """Approved statuses on the seed: two goals of field 1 deferred in 2025,
    1.1.1 with a history of three years and an inquiry as evidence."""
    goal = Goal.objects.get(code="1.1.1")
    for year, status in ((2023, "in_planung"), (2024, "in_umsetzung")):
        GoalStatusFactory(goal=goal, year=year, status=status, progress=20)
    latest = GoalStatusFactory(
        goal=goal,
        year=2025,
        status=DEFERRED,
        narrative="Die **Mittel** für 2025 wurden nicht bewilligt.",
        evidence="Haushaltsbeschluss 2025",
    )
    latest.evidence_inquiries.add(Inquiry.objects.get(reference_number="101.16.1784"))
    GoalStatusFactory(goal=Goal.objects.get(code="1.2.1"), status=DEFERRED)
    GoalStatusFactory(goal=Goal.objects.get(code="2.1.1"), status=DEFERRED)
    GoalStatusFactory(goal=Goal.objects.get(code="1.1.2"), progress=60)
    return seeded_live_server


def test_council_member_finds_deferred_goals_of_field_one_in_one_click(statuses, page):
    """From / one click on the count "zurückgestellt" of Handlungsfeld 1 lists
    exactly those goals with their responsible units."""
    page.goto(statuses.url + "/")
    row = page.get_by_role("row", name=re.compile(r"^1\. "))
    row.locator('a[href*="umsetzungsstand=zurueckgestellt"]').click()
    assert "umsetzungsstand=zurueckgestellt" in page.url
    assert "handlungsfeld=1" in page.url
    codes = page.locator("tbody tr th[scope=row]").all_inner_texts()
    assert codes == ["1.1.1", "1.2.1"]
    first = page.locator("#ziel-1\\.1\\.1")
    assert "zurückgestellt · 2025" in first.inner_text()
    assert first.locator('td[data-label="Verantwortlich"] li').count() >= 1
    assert page.get_by_label("Umsetzungsstand").input_value() == "zurueckgestellt"


def test_feed_reader_finds_a_newly_approved_status(statuses, page):
    """A feed reader discovers the feed in the page head; after the Redaktion
    approves a status, the feed's newest entry is that status."""
    page.goto(statuses.url + "/konzept/")
    href = page.locator('link[type="application/atom+xml"]').first.get_attribute("href")
    GoalStatusFactory(
        goal=Goal.objects.get(code="3.1.1"),
        year=2025,
        status=GoalStatus.Status.ACHIEVED,
        approved_at=datetime.datetime.now(datetime.UTC),
    )
    feed = ET.fromstring(page.request.get(statuses.url + href).body())
    atom = "{http://www.w3.org/2005/Atom}"
    entry = next(feed.iter(f"{atom}entry"))
    assert entry.find(f"{atom}title").text == "Ziel 3.1.1: umgesetzt (2025)"
    link = entry.find(f"{atom}link").get("href")
    page.goto(link)
    assert page.locator("#stand-2025").is_visible()


GOAL_PAGES = {
    "ziele": "/konzept/ziele/",
    "ziele-gefiltert": "/konzept/ziele/?umsetzungsstand=ohne_angabe&handlungsfeld=1",
    "ziel-zeitverlauf": "/konzept/ziel/1.1.1/",
    "handlungsfeld-1": "/konzept/handlungsfeld/1/",
    "kennzahl-stadtteile": "/monitoring/anteil-zugewanderte-stadtteil/",
}


@pytest.mark.parametrize("name", GOAL_PAGES)
def test_goal_pages_are_accessible_on_desktop_and_phone(statuses, page, name):
    """No axe violations at 1280 and at 390 px, no sideways page scrolling."""
    assert page.goto(statuses.url + GOAL_PAGES[name]).status == 200
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 390, "height": 900})
    assert_no_axe_violations(page)
    assert screenshot(page, f"goals-{name}") <= 390


def test_chart_labels_are_at_least_12_px_on_a_phone(statuses, page):
    """At 390 px the charts keep their labels at 12 px or more (they scroll
    sideways in their frame; the page itself does not)."""
    page.set_viewport_size({"width": 390, "height": 900})
    for path in (
        "/konzept/handlungsfeld/1/",
        "/monitoring/anteil-zugewanderte-stadtteil/",
    ):
        page.goto(statuses.url + path)
        smallest = page.evaluate(
            """() => Math.min(...[...document.querySelectorAll('svg.chart-svg')]
                .flatMap(svg => {
                    const scale = svg.getBoundingClientRect().width
                        / svg.viewBox.baseVal.width;
                    return [...svg.querySelectorAll('text')].map(
                        t => scale * Number(t.getAttribute('font-size')));
                }))"""
        )
        assert 12 <= smallest < 100, path
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_district_chart_shows_the_city_value_as_reference(statuses, page):
    """The seed's share of immigrants per district is drawn against the
    citywide value the same answer gives ("rund 33 %")."""
    page.goto(statuses.url + "/monitoring/anteil-zugewanderte-stadtteil/")
    assert "Stadt gesamt: rund 33 %" in page.locator("svg.chart-svg").text_content()
