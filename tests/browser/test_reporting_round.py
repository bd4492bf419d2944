"""The reporting round, moderation and the report in the admin, end to end in
a real browser, each as the least-privileged role meant to do it. Every step
is photographed for the closing note (test-artifacts/screenshots/round/)."""

import re

from django.contrib.auth.models import Group, User

import pytest

from concept.models import Goal, Organisation
from monitoring.models import GoalStatus
from monitoring.selectors import reporting_year_open
from roundtable.models import Feedback
from tests.browser.conftest import SCREENSHOTS
from tests.factories import GoalStatusFactory

PASSWORD = "Berichtsrunde-2025!"
SHOTS = SCREENSHOTS / "round"
Review = GoalStatus.Review


@pytest.fixture(autouse=True)
def groups(staff_groups):
    """Each test starts with the staff groups of the data migrations."""


def member(username, group):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def fachamt_jugendamt():
    user = member("jugendamt", "Fachamt")
    Organisation.objects.get(name="Jugendamt").members.add(user)
    return user


def login(page, server, username):
    page.goto(server.url + "/admin/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def pick(page, field, term, choice):
    """Choose ``choice`` in the autocomplete of ``field`` after typing ``term``."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=choice).first.click()


def offered(page, field, term) -> list[str]:
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option").first.wait_for()
    page.wait_for_timeout(300)
    texts = page.locator(".select2-results__option").all_inner_texts()
    page.keyboard.press("Escape")
    return texts


def test_fachamt_reports_and_redaktion_approves(seeded_live_server, page):
    """The Jugendamt submits the status of goal 1.1.3 with an inquiry as
    evidence, the Redaktion approves it, and the public goal page shows it."""
    fachamt_jugendamt()
    member("redaktion", "Redaktion")
    year = reporting_year_open()

    login(page, seeded_live_server, "jugendamt")
    heading = page.locator("#content h1").inner_text()
    assert heading == "Fachamt"
    assert f"Ihre Ziele für {year}" in page.locator(".start-panel").inner_text()
    assert "1.1.3" in page.locator(".start-panel").inner_text()
    assert "2.1.1" not in page.locator(".start-panel").inner_text()
    shot(page, "01-fachamt-start")
    page.locator(".start-panel tr", has_text="1.1.3").get_by_role(
        "link", name="melden"
    ).click()
    assert page.locator("#id_year").input_value() == str(year)
    assert offered(page, "goal", "2.1.1") == ["Keine Übereinstimmungen gefunden"]
    pick(page, "goal", "1.1.3", "1.1.3")
    page.locator("#id_status").select_option("in_umsetzung")
    page.locator("#id_narrative").fill("Der U3-Ausbau läuft in allen Stadtteilen.")
    pick(page, "evidence_inquiries", "101.16.1784", "101.16.1784")
    review = page.locator("#id_review option").all_inner_texts()
    assert "freigegeben" not in review and "zurückgegeben" not in review
    page.locator("#id_review").select_option("eingereicht")
    shot(page, "02-fachamt-meldet-1.1.3")
    page.get_by_role("button", name="Sichern", exact=True).click()
    assert "erfolgreich hinzugefügt" in page.locator(".messagelist").inner_text()
    assert page.locator("select[name=action] option", has_text="freigeben").count() == 0
    shot(page, "03-fachamt-liste-nach-meldung")
    page.get_by_role("button", name="Abmelden").click()

    public = page.context.new_page()
    public.goto(seeded_live_server.url + "/konzept/ziel/1.1.3/")
    assert "U3-Ausbau" not in public.content()

    login(page, seeded_live_server, "redaktion")
    assert page.locator("#content h1").inner_text() == "Redaktion"
    page.goto(seeded_live_server.url + "/admin/monitoring/goalstatus/")
    page.get_by_role("link", name="1.1.3", exact=False).first.click()
    status = GoalStatus.objects.get(goal__code="1.1.3", year=year)
    versions = status.history.count()
    page.locator("#id_review").select_option("freigegeben")
    page.get_by_role("button", name="Sichern", exact=True).click()
    assert "erfolgreich geändert" in page.locator(".messagelist").inner_text()
    assert status.history.count() == versions + 1  # one save per click

    public.reload()
    text = public.locator("#umsetzungsstand").inner_text()
    assert f"{year}" in text and "in Umsetzung" in text
    assert "U3-Ausbau" in public.content()
    public.screenshot(path=SHOTS / "04-oeffentliche-zielseite.png", full_page=True)


def test_redaktion_returns_one_and_approves_another(seeded_live_server, page):
    """The Redaktion returns 1.1.1 with a comment and approves 1.1.2 by the
    list action; the Jugendamt finds the comment on its start page."""
    fachamt_jugendamt()
    member("redaktion", "Redaktion")
    year = reporting_year_open()
    for code in ("1.1.1", "1.1.2"):
        GoalStatusFactory(
            goal=Goal.objects.get(code=code),
            year=year,
            review=Review.SUBMITTED,
            approved_at=None,
        )

    login(page, seeded_live_server, "redaktion")
    page.goto(seeded_live_server.url + "/admin/monitoring/goalstatus/")
    assert page.get_by_role("link", name="Vollständigkeit").is_visible()
    page.get_by_role("link", name=re.compile(r"^1\.1\.1 ")).click()
    page.locator("#id_review").select_option("zurueckgegeben")
    page.get_by_role("button", name="Sichern", exact=True).click()
    assert "Bitte begründen Sie die Rückgabe" in page.locator(".errorlist").inner_text()
    page.locator("#id_review_comment").fill("Bitte die Platzzahlen für 2025 ergänzen.")
    shot(page, "05-redaktion-gibt-zurueck")
    page.get_by_role("button", name="Sichern", exact=True).click()
    assert "erfolgreich geändert" in page.locator(".messagelist").inner_text()

    row = page.locator("#result_list tr", has_text="1.1.2")
    row.locator("input[name=_selected_action]").check()
    page.locator("select[name=action]").select_option("approve_selected")
    shot(page, "06-redaktion-gibt-frei-aktion")
    page.get_by_role("button", name="Ausführen").click()
    assert "1 Umsetzungsstand freigegeben." in page.locator(".messagelist").inner_text()
    shot(page, "07-redaktion-liste-nach-freigabe")
    page.get_by_role("link", name="Vollständigkeit").click()
    assert f"Vollständigkeit der Umsetzungsstände {year}" in page.content()
    shot(page, "08-vollstaendigkeit")
    page.get_by_role("button", name="Abmelden").click()

    login(page, seeded_live_server, "jugendamt")
    panel = page.locator(".start-panel").inner_text()
    assert "zurückgegeben: 1" in panel and "freigegeben: 1" in panel
    assert "Redaktion: Bitte die Platzzahlen für 2025 ergänzen." in panel
    shot(page, "09-fachamt-start-nach-rueckgabe")


def test_redaktion_moderates_feedback_into_public(seeded_live_server, page):
    """Setting the moderation to "freigegeben" alone publishes an online
    submission; the admin says so and links the public page."""
    member("redaktion", "Redaktion")
    feedback = Feedback.objects.create(
        kind="anregung",
        title="Sprachcafé im Stadtteiltreff",
        text="Ein wöchentliches Sprachcafé für Eltern.",
        source_name="Elternbeirat Nord",
    )
    login(page, seeded_live_server, "redaktion")
    page.goto(
        seeded_live_server.url + f"/admin/roundtable/feedback/{feedback.pk}/change/"
    )
    help_text = page.locator(".field-moderation .help").inner_text()
    assert "„freigegeben“ veröffentlicht die Rückmeldung auf der Website" in help_text
    page.locator("#id_moderation").select_option("freigegeben")
    shot(page, "10-redaktion-moderiert")
    page.get_by_role("button", name="Sichern", exact=True).click()
    message = page.locator(".messagelist").inner_text()
    assert "steht jetzt öffentlich auf der Website" in message
    shot(page, "11-redaktion-rueckmeldung-oeffentlich")
    page.locator(".messagelist").get_by_role("link", name="ansehen").click()
    assert "Sprachcafé im Stadtteiltreff" in page.content()
    shot(page, "12-oeffentliche-empfehlungen")


def test_redaktion_issues_the_report_for_a_chosen_year(seeded_live_server, page):
    """The Redaktion previews the year it typed, issues the report, and finds
    the download in a list that fits 1280 px."""
    member("redaktion", "Redaktion")
    login(page, seeded_live_server, "redaktion")
    page.goto(seeded_live_server.url + "/admin/monitoring/annualreport/")
    page.get_by_role("link", name="Bericht erstellen").click()
    page.locator("#id_year").fill("2020")
    shot(page, "13-bericht-erstellen")
    with page.context.expect_page() as preview_page:
        page.get_by_role("button", name="Vorschau des gewählten Jahres (HTML)").click()
    preview = preview_page.value
    preview.wait_for_load_state()
    assert "/berichte/2020/vorschau/" in preview.url
    assert "Integrationsbericht 2020" in preview.locator("h1").inner_text()
    preview.close()
    page.get_by_role("button", name="Bericht erstellen").click()
    assert "Integrationsbericht 2020, Fassung 1 wird erstellt" in (
        page.locator(".messagelist").inner_text()
    )
    page.reload()
    download = page.get_by_role("link", name="herunterladen")
    box = download.bounding_box()
    assert box and box["x"] + box["width"] <= 1280
    shot(page, "14-berichtsliste")
