"""Public pages: ETag/Last-Modified, 304 for unchanged pages, a cache that
never serves a page older than the data."""

from django.urls import reverse

import pytest

from concept.models import Goal
from monitoring.observation_files import COLUMNS, observation_rows_import
from tests.factories import MetricFactory, ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(seed):
    goal = Goal.objects.get(concept__is_current=True, code="1.1.1")
    goal.text = "Sprachförderung in allen Kitas"
    goal.save()
    return goal


def test_public_page_sends_validators_and_answers_304(client, goal):
    """A browser that has the page gets 304 Not Modified by its ETag."""
    url = goal.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "no-cache"
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    both = client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_IF_MODIFIED_SINCE=modified)
    assert both.status_code == 304
    other = client.get(reverse("concept:index"))
    assert other["ETag"] != etag, "each address has its own ETag"


def test_unchanged_page_comes_from_the_cache(client, goal, django_assert_num_queries):
    """The second request of an unchanged page only reads the data version."""
    url = goal.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(1):
        response = client.get(url)
    assert "Sprachförderung in allen Kitas" in response.content.decode()


def test_no_stale_page_after_a_save(client, goal):
    """After a save the page shows the new text at once and the old ETag no
    longer matches."""
    url = goal.get_absolute_url()
    etag = client.get(url)["ETag"]
    goal.text = "Sprachförderung in allen Kitas und Familienzentren"
    goal.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "und Familienzentren" in response.content.decode()
    assert response["ETag"] != etag


def test_no_stale_page_after_a_relation_change(client, goal):
    """A many-to-many change (a responsible unit) refreshes the page too."""
    from tests.factories import OrganisationFactory

    url = goal.get_absolute_url()
    client.get(url)
    goal.responsible_organisations.add(OrganisationFactory(name="Sportamt"))
    assert "Sportamt" in client.get(url).content.decode()


def test_no_stale_page_after_a_bulk_import(client):
    """A bulk import of values (no per-row signals) refreshes the metric page."""
    metric = MetricFactory(key="sprachkurse", unit="Personen")
    ObservationFactory(metric=metric, year=2016, value=400)
    url = metric.get_absolute_url()
    assert "2016" in client.get(url).content.decode()
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        {
            "Kennzahl": "sprachkurse",
            "Jahr": "2017",
            "Wert": "512",
            "Einheit": "Personen",
        }
    )
    assert not observation_rows_import(rows=[row]).errors
    assert "512 Personen" in client.get(url).content.decode()


def test_cached_api_answer_keeps_its_headers(client, seed):
    """An OParl answer from the cache is still JSON with CORS for everyone."""
    url = "/oparl/v1.1/body/kassel/paper"
    client.get(url)
    cached = client.get(url)
    assert cached["Content-Type"].startswith("application/json")
    assert cached["Access-Control-Allow-Origin"] == "*"


def test_form_page_is_not_cached(client):
    """The feedback form (with its CSRF token) is never served from the cache."""
    response = client.get(reverse("roundtable:consultation"))
    assert "ETag" not in response


def test_pages_show_when_the_data_last_changed(client, goal):
    """Every public page names the date of the last change to the data."""
    html = client.get(reverse("concept:index")).content.decode()
    assert "Datenstand: zuletzt geändert am" in html


# Two workers: separate processes on the same database and shared cache.
WORKER = """
import sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
for path in sys.stdin:
    with CaptureQueriesContext(connection) as queries:
        html = client.get(path.strip()).content.decode()
    new = "Neue <strong>Antwort</strong>" in html
    print(len(queries), "neu" if new else "alt", flush=True)
"""
SAVE = """
import django
django.setup()
from inquiries.models import Question
question = Question.objects.get(pk={pk})
question.answer = "Neue **Antwort**"
question.save()
"""


def _database_url(tmp_path) -> str:
    """A URL of the test database for other processes (SQLite: a copy of
    the in-memory database in a file)."""
    import sqlite3

    from django.db import connection

    data = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{data['USER']}@{data['HOST']}:{data['PORT']}/{data['NAME']}"
    connection.ensure_connection()
    path = tmp_path / "geteilt.sqlite3"
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    return f"sqlite:///{path}"


def test_page_is_new_in_every_worker_after_a_save(transactional_db, tmp_path):
    """After a save in one worker process the page shows the new text at once
    in another, which takes it from the shared cache instead of rendering it
    again (2 queries: the data version and the cached page)."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    from tests.factories import QuestionFactory

    question = QuestionFactory(answer="Alte Antwort")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kassel_integration.settings",
        "DJANGO_DEBUG": "1",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    env.pop("DJANGO_CACHE_URL", None)

    def run(code, path):
        return subprocess.run(
            [sys.executable, "-c", code],
            input=path + "\n",
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout.split()

    url = question.inquiry.get_absolute_url()
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        cwd=settings.BASE_DIR,
        text=True,
    )
    try:
        worker.stdin.write(url + "\n")
        worker.stdin.flush()
        rendered, text = worker.stdout.readline().split()
        assert text == "alt" and int(rendered) > 2

        run(SAVE.format(pk=question.pk), "")
        assert run(WORKER, url)[1] == "neu"  # the other worker renders it once

        worker.stdin.write(url + "\n")
        worker.stdin.flush()
        assert worker.stdout.readline().split() == ["2", "neu"]
    finally:
        worker.stdin.close()
        worker.wait(timeout=60)


def test_dummy_cache_url_switches_the_page_cache_off():
    """DJANGO_CACHE_URL=dummycache:// turns off the shared page cache and each
    worker's copy of it: every request renders the page."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], "
        "settings.CACHES['local']['BACKEND'])"
    )
    env = {**os.environ, "DJANGO_CACHE_URL": "dummycache://", "DJANGO_DEBUG": "1"}
    env["DJANGO_SETTINGS_MODULE"] = "kassel_integration.settings"
    output = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert output == ["django.core.cache.backends.dummy.DummyCache"] * 2


def test_a_date_alone_never_answers_304(client, goal):
    """Last-Modified counts whole seconds: a second change within the same
    second would carry the same date, so If-Modified-Since alone gets the
    page, with the change (attacker finding 6)."""
    url = goal.get_absolute_url()
    modified = client.get(url)["Last-Modified"]
    goal.text = "Sprachförderung in allen Kitas und Schulen"
    goal.save()
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=modified)
    assert again.status_code == 200
    assert "und Schulen" in again.content.decode()


def test_a_new_day_renders_the_page_anew(client, goal, monkeypatch):
    """Pages say what today makes of a date ("Termin verstrichen, Durchführung
    nicht erfasst"): yesterday's page and its ETag are not today's."""
    import datetime

    from django.utils import timezone

    url = goal.get_absolute_url()
    first = client.get(url)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]


def test_migrate_retires_every_cached_page(client, goal):
    """Each deploy runs migrate: pages rendered by the old code are not
    served after it, though the data did not change (attacker finding 4)."""
    from django.core.management import call_command

    url = goal.get_absolute_url()
    first = client.get(url)
    call_command("migrate", verbosity=0)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
