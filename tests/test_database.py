"""The PostgreSQL settings a cold page's speed depends on (issue #20)."""

from django.db import connection

import pytest

from kassel_integration.search import index_scans

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements: PostgreSQL"
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
