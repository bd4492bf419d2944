"""The reporting round in the admin, end to end, in a real browser."""

from django.contrib.auth.models import Permission, User

from concept.models import Goal, Organisation

PASSWORD = "Berichtsrunde-2025!"


def staff_user(username, *codenames):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def login(page, server, username):
    page.goto(server.url + "/admin/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_fachamt_reports_and_redaktion_approves(seeded_live_server, page):
    """The Jugendamt submits the status of goal 1.1.3, the Redaktion approves it,
    and the public goal page shows it."""
    base = ("view_goalstatus", "add_goalstatus", "change_goalstatus")
    fachamt = staff_user("jugendamt", *base)
    Organisation.objects.get(name="Jugendamt").members.add(fachamt)
    staff_user("redaktion", *base, "approve_goalstatus", "all_units")
    goal = Goal.objects.get(code="1.1.3")

    login(page, seeded_live_server, "jugendamt")
    page.goto(seeded_live_server.url + "/admin/monitoring/goalstatus/add/")
    options = page.locator("#id_goal option").all_inner_texts()
    assert any(text.startswith("1.1.3") for text in options)
    assert not any(text.startswith("2.1.1") for text in options)  # Kulturamt's goal
    page.locator("#id_goal").select_option(str(goal.pk))
    page.locator("#id_year").fill("2025")
    page.locator("#id_status").select_option("in_umsetzung")
    page.locator("#id_narrative").fill("Der U3-Ausbau läuft in allen Stadtteilen.")
    page.locator("#id_review").select_option("eingereicht")
    page.get_by_role("button", name="Sichern", exact=True).click()
    assert "erfolgreich hinzugefügt" in page.locator(".messagelist").inner_text()
    page.get_by_role("button", name="Abmelden").click()

    public = page.context.new_page()
    public.goto(seeded_live_server.url + "/konzept/ziel/1.1.3/")
    assert "U3-Ausbau" not in public.content()

    login(page, seeded_live_server, "redaktion")
    page.goto(seeded_live_server.url + "/admin/monitoring/goalstatus/")
    page.get_by_role("link", name="1.1.3", exact=False).first.click()
    page.locator("#id_review").select_option("freigegeben")
    page.get_by_role("button", name="Sichern", exact=True).click()
    assert "erfolgreich geändert" in page.locator(".messagelist").inner_text()

    public.reload()
    assert "2025: in Umsetzung" in public.locator("#umsetzungsstand").inner_text()
    assert "U3-Ausbau" in public.content()
