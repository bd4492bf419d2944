"""Online feedback from submission to publication, in a real browser."""

import datetime

from django.contrib.auth.models import User

from roundtable.models import Consultation
from tests.browser.conftest import assert_no_axe_violations


def test_feedback_is_moderated_and_published(seeded_live_server, page):
    """A citizen sends feedback; staff approve it and set a disposition; it then
    appears on the recommendations page without the sender's name."""
    today = datetime.date.today()
    Consultation.objects.create(
        title="Entwurf Integrationskonzept 2027",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=14),
    )
    User.objects.create_superuser("redaktion", "r@example.org", "Redaktion-2026!")
    base = seeded_live_server.url

    page.goto(base + "/runder-tisch/beteiligung/")
    assert_no_axe_violations(page)
    page.get_by_label("Art der Rückmeldung").select_option("anregung")
    page.get_by_label("Ihre Rückmeldung").fill(
        "Elterncafés in allen Grundschulen einrichten."
    )
    page.get_by_label("Handlungsfeld (freiwillig)").select_option("1")
    page.get_by_label("Name (nur für eine Antwort)").fill("Erika Muster")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Rückmeldung senden").click()
    assert page.locator("h1").inner_text() == "Danke für Ihre Rückmeldung"

    page.goto(base + "/admin/login/")
    page.get_by_label("Benutzername").fill("redaktion")
    page.get_by_label("Passwort").fill("Redaktion-2026!")
    page.get_by_role("button", name="Anmelden").click()
    page.goto(base + "/admin/roundtable/feedback/?moderation__exact=eingegangen")
    page.get_by_role(
        "link", name="Elterncafés in allen Grundschulen einrichten."
    ).click()
    page.locator("#id_moderation").select_option("freigegeben")
    page.locator("#id_is_public").check()
    page.locator("#id_disposition").select_option("uebernommen")
    page.get_by_role("button", name="Sichern", exact=True).click()
    assert "erfolgreich geändert" in page.locator(".messagelist").inner_text()

    page.goto(base + "/runder-tisch/empfehlungen/?handlungsfeld=1")
    text = page.locator("main").inner_text()
    assert "Elterncafés in allen Grundschulen" in text
    assert "übernommen" in text
    assert "Erika" not in text
