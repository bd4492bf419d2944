from django.core.management import call_command

import pytest

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


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts without pages in this process's memory. The shared
    cache is the database: rolled back with each test, and its page keys hold
    the time of the data version, so no page of an earlier test matches."""
    from django.core.cache import caches

    caches["local"].clear()
