"""Every admin page type, opened as a superuser in a 1280 px browser: German
only, and never wider than the screen."""

import re

from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from import_export.admin import ImportMixin

from monitoring.models import AnnualReport, ObservationImport
from tests.browser.conftest import SCREENSHOTS
from tests.factories import GoalStatusFactory

PASSWORD = "Verwaltung-1280px!"
SCREEN = 1280
# English the admin must not show (the translations of Django, simple-history
# and import-export, or our own templates, missing somewhere).
ENGLISH = [
    "Choose",
    "Remove all",
    "Add another",
    "Save and",
    "CHANGES",
    "History",
    "Filter by",
    "Select",
    "Show all",
    "Delete",
    "None",
    "False",
    "True",
    "Change",
    "Search",
    "Today",
    "Submit",
    "Confirm",
]
ENGLISH_RE = re.compile(
    r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])"
)


def _url(opts, name, *args):
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)
    except NoReverseMatch:
        return None


def _model_pages(model, model_admin, request):
    """(label, url) of the changelist, add (where a superuser may add), change,
    history and history detail of one registered model, and its import page
    if it has one."""
    opts = model._meta
    pages = [("Liste", _url(opts, "changelist"))]
    if model_admin.has_add_permission(request):
        pages.append(("Neu", _url(opts, "add")))
    if isinstance(model_admin, ImportMixin):
        pages.append(("Import", _url(opts, "import")))
    obj = model._default_manager.order_by("pk").first()
    if obj is not None:
        pages += [
            ("Ändern", _url(opts, "change", obj.pk)),
            ("Verlauf", _url(opts, "history", obj.pk)),
        ]
        history = getattr(obj, "history", None)
        latest = history.order_by("-history_id").first() if history else None
        if latest is not None:
            pages.append(
                ("Fassung", _url(opts, "simple_history", obj.pk, latest.history_id))
            )
    return [
        (f"{opts.verbose_name_plural}: {label}", url) for label, url in pages if url
    ]


def admin_pages(user):
    request = RequestFactory().get("/")
    request.user = user
    pages = [
        ("Startseite", reverse("admin:index")),
        ("Vollständigkeit", reverse("admin:monitoring_goalstatus_completeness")),
        ("Bericht erstellen", reverse("admin:monitoring_annualreport_issue")),
    ]
    for model, model_admin in admin.site._registry.items():
        pages += _model_pages(model, model_admin, request)
    pages += [  # a large Messwerte import running in the background, and done
        (
            f"Messwerte-Import im Hintergrund ({job.state})",
            reverse("admin:monitoring_observation_import_job", args=[job.pk]),
        )
        for job in ObservationImport.objects.all()
    ]
    return pages


def _problems(page, label, url):
    page.goto(url)
    problems = []
    if page.locator("#content").count() == 0 and "login" not in page.url:
        return [f"{label} ({url}): keine Admin-Seite"]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > SCREEN:
        problems.append(f"{label} ({url}): {width} px breit")
    words = sorted(set(ENGLISH_RE.findall(page.inner_text("body"))))
    if words:
        problems.append(f"{label} ({url}): Englisch {words}")
    if problems:
        name = re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-")
        page.screenshot(path=SCREENSHOTS / f"crawl-{name}.png", full_page=True)
    return problems


def test_every_admin_page_is_german_and_fits_1280_px(seeded_live_server, page):
    """Lists, forms, history, versions, imports and the custom pages: no
    English word, no sideways scrolling at 1280 px."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    user = User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    GoalStatusFactory(goal_id=1, year=2020)
    AnnualReport.objects.create(year=2020, version=1)
    for state, errors in [("laeuft", []), ("abgelehnt", [[3, "Der Wert „x“ ..."]])]:
        ObservationImport.objects.create(
            original_name="messwerte.csv",
            state=state,
            requested_by=user,
            rows_total=100_000,
            rows_done=1_000,
            row_errors=errors,
            error_count=len(errors),
            heartbeat_at=timezone.now(),
        )
    page.goto(seeded_live_server.url + reverse("admin:login"))
    page.get_by_label("Benutzername").fill("admin")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    problems = []
    pages = admin_pages(user)
    for label, url in pages:
        problems += _problems(page, label, seeded_live_server.url + url)
    assert len(pages) > 60
    assert not problems, "\n".join(problems)
