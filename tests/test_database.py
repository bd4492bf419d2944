"""The PostgreSQL connection settings a cold page's speed depends on (issue #20)."""

import datetime

from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader

import pytest
from psycopg.pq import Format

from kassel_integration.database import (
    TIMESTAMPTZ,
    UtcTimestamptzLoader,
    register_fast_timestamps,
)
from kassel_integration.search import index_scans

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL connection"
)


def prepared_statements() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        return cursor.fetchone()[0]


def test_a_page_read_again_reuses_its_prepared_queries(client, seed, settings):
    settings.CACHES = {
        name: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        for name in ("default", "local")
    }
    client.get("/konzept/ziel/1.1.1/")
    before = prepared_statements()
    for _ in range(5):
        assert client.get("/konzept/ziel/1.1.1/").status_code == 200
    assert prepared_statements() > before


def setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]


def test_a_full_text_search_is_planned_for_its_words(db):
    assert setting("plan_cache_mode") == "auto"
    with index_scans():
        assert setting("plan_cache_mode") == "force_custom_plan"
        assert setting("enable_seqscan") == "off"


TIMES = """
SELECT t FROM (VALUES
  ('2020-03-29 01:59:59.999999+00'::timestamptz),
  ('2020-03-29 03:30:00+02'),
  ('2020-10-25 02:30:00.5+01'),
  ('1999-12-31 23:59:59+14'),
  (NULL)
) AS times (t)
"""


def test_timestamps_read_as_django_reads_them_by_psycopgs_own_loader(db):
    """Django's loader parses each timestamp in Python (8 µs a value);
    psycopg's own gives the same datetimes, in UTC, with the same tzinfo."""
    native = connection.connection
    assert native.adapters.get_loader(TIMESTAMPTZ, Format.TEXT) is UtcTimestamptzLoader
    with connection.cursor() as cursor:
        cursor.execute(TIMES)
        fast = [t for (t,) in cursor.fetchall()]
    with connection.cursor() as cursor:
        register_tzloader(datetime.UTC, cursor.cursor)
        cursor.execute(TIMES)
        django = [t for (t,) in cursor.fetchall()]
    assert fast == django
    assert fast[:2] == [
        datetime.datetime(2020, 3, 29, 1, 59, 59, 999999, tzinfo=datetime.UTC),
        datetime.datetime(2020, 3, 29, 1, 30, tzinfo=datetime.UTC),
    ]
    assert fast[4] is None
    assert {t.tzinfo for t in fast[:4]} == {datetime.UTC}


def test_a_session_in_another_time_zone_keeps_djangos_loader(db):
    """psycopg's loader answers in the session's zone, Django's relabels as
    UTC: only where the session is in UTC are they the same."""
    native = connection.connection
    register_tzloader(datetime.UTC, native)
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'Europe/Berlin'")
    try:
        register_fast_timestamps(sender=None, connection=connection)
        loader = native.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
        assert loader is not UtcTimestamptzLoader
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
        register_fast_timestamps(sender=None, connection=connection)
    assert native.adapters.get_loader(TIMESTAMPTZ, Format.TEXT) is UtcTimestamptzLoader
