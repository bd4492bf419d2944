import copy
import sys

from django.conf import settings as django_settings
from django.core.management import call_command

import pytest

from kassel_integration.compiled import forget_plans
from kassel_integration.markdown import stored_html_render_all

SEED_FIXTURES = [
    "fixtures/concept.json",
    "fixtures/inquiries.json",
    "fixtures/monitoring.json",
    "fixtures/roundtable.json",
]


@pytest.fixture
def seed(db, django_capture_on_commit_callbacks):
    """The faithful seed data from ../shared/seeds, as `make run` loads it
    (the search index is written when the load commits)."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddata", *SEED_FIXTURES, verbosity=0)
        stored_html_render_all(stale_only=True)  # as load_seed does


MEMORY = "django.core.cache.backends.locmem.LocMemCache"


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """Each test starts with empty caches in this process's memory (pages,
    rate limits), so a query count is the page's own; the shared database
    store of production is tested with ``shared_cache``."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": MEMORY, "LOCATION": "geteilt"},
        "local": {"BACKEND": MEMORY, "LOCATION": "lokal"},
    }
    caches["default"].clear()
    caches["local"].clear()


@pytest.fixture(autouse=True)
def compiled_query_check(settings):
    """Every compiled query is compiled again on each call and compared
    (kassel_integration/compiled.py): a query whose SQL depends on more than
    its arguments fails the test that runs it. pytest-django turns DEBUG
    off, which would otherwise turn the check off."""
    settings.COMPILED_QUERY_CHECK = True


@pytest.fixture
def replace_rule(monkeypatch):
    """``replace_rule(rule, replacement)``: a rule of what the public may
    read (``public_inquiries``, ``public_feedback``) is replaced in every
    module that uses it, as if it changed. Compiled queries are built anew
    under the replacement, and again under the rule after the test (else
    the check above fails the next test that runs them)."""

    def replace(rule, replacement):
        for module in list(sys.modules.values()):
            for name, value in list(getattr(module, "__dict__", {}).items()):
                if value is rule:
                    monkeypatch.setattr(module, name, replacement)
        forget_plans()

    yield replace
    monkeypatch.undo()
    forget_plans()


@pytest.fixture
def shared_cache(settings, db):
    """The caches as configured for production (the database cache by
    default); a test's rollback empties it."""
    settings.CACHES = PRODUCTION_CACHES


PRODUCTION_CACHES = copy.deepcopy(django_settings.CACHES)
