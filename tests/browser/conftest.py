"""Browser tests: Playwright driving Debian's Chromium (never a downloaded one).

Every test in this folder gets the ``browser`` marker. Without the Debian
package ``chromium`` the tests are skipped with a message naming it.
"""

import os
import shutil
from pathlib import Path

from django.core.management import call_command

import pytest

from kassel_integration.markdown import stored_html_render_all
from tests.conftest import SEED_FIXTURES

# Playwright's sync API runs an event loop in this thread; Django refuses ORM
# calls from a thread with a running loop unless told that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(
            "Browsertests übersprungen: Debian-Paket 'chromium' fehlt "
            "(apt-get install chromium)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="de-DE"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def seeded_live_server(transactional_db, live_server):
    """The live server with the seed data loaded (as `make run` has it)."""
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    stored_html_render_all(stale_only=True)  # as load_seed does
    return live_server


@pytest.fixture(scope="session", autouse=True)
def staff_group_dump(django_db_setup, django_db_blocker):
    """The staff groups as the data migrations made them, read before the
    first live-server test empties every table (transactional tests run
    last, browser tests first among them)."""
    from django.contrib.auth.models import Group
    from django.core import serializers

    with django_db_blocker.unblock():
        return serializers.serialize(
            "json", Group.objects.all(), use_natural_foreign_keys=True
        )


@pytest.fixture
def staff_groups(staff_group_dump, transactional_db):
    """The staff groups back in a live-server test (the previous one emptied
    the tables, the migrations' groups included)."""
    from django.contrib.auth.models import Group
    from django.core import serializers

    if not Group.objects.exists():
        for group in serializers.deserialize("json", staff_group_dump):
            group.save()


def screenshot(page, name):
    """Save full-page PNGs at desktop and phone width; return the phone width's
    document scroll width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    widths = {}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
        widths[width] = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return widths[390]


def assert_no_axe_violations(page):
    """Run axe-core (WCAG 2.1 AA) on the page; fail with a readable list."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}},
    )
    violations = results.response["violations"]
    report = [
        f"{v['id']} ({v['impact']}): {v['help']} → "
        + "; ".join(", ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations
    ]
    assert not violations, "axe-Verstöße:\n" + "\n".join(report)
