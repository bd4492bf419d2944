"""Backup and restore: the whole database survives a round trip."""

import io
import json

from django.core.management import CommandError, call_command

import pytest

from concept.models import Goal
from kassel_integration.management.commands.backup import EXCLUDE
from tests.conftest import SEED_FIXTURES

pytestmark = pytest.mark.django_db(transaction=True)


def dump():
    """Every record, in a stable order: history rows written within the same
    millisecond may come back in another order (the JSON serializer keeps
    milliseconds, not microseconds, so a backup is exact to the millisecond)."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        exclude=EXCLUDE,
        natural_foreign=True,
        natural_primary=True,
        stdout=out,
    )
    # A time with under a millisecond of fraction is written as ".000Z" before
    # and as "Z" after the round trip; the instant is the same.
    records = json.loads(out.getvalue().replace('.000Z"', 'Z"'))
    return sorted(json.dumps(record, sort_keys=True) for record in records)


def test_backup_restore_round_trip(tmp_path, django_user_model):
    """Backing up, emptying and restoring gives identical data, history included."""
    call_command("load_seed", *SEED_FIXTURES, verbosity=0)  # as `make run` loads
    django_user_model.objects.create_user("redaktion", password="x-Passwort-1")
    goal = Goal.objects.get(code="1.1.3")
    goal.text = "Geänderter Text"
    goal.save()
    # Loading fixtures writes no history; the change is the first record.
    assert goal.history.count() >= 1
    before = dump()
    path = tmp_path / "sicherung.json.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)  # groups come back as on a new database
    call_command("restore", str(path), stdout=io.StringIO())
    assert dump() == before


def test_restore_refuses_a_filled_database(tmp_path):
    """Restoring over existing data is refused with a German message."""
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    path = tmp_path / "sicherung.json"
    call_command("backup", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="nicht leer"):
        call_command("restore", str(path), stdout=io.StringIO())
