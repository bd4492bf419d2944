from django.core.management import call_command

import pytest

SEED_FIXTURES = [
    "fixtures/concept.json",
    "fixtures/inquiries.json",
    "fixtures/monitoring.json",
    "fixtures/roundtable.json",
]


@pytest.fixture
def seed(db):
    """The faithful seed data from ../shared/seeds, as `make run` loads it."""
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
