"""The scheduled OParl import as a task through Django's task interface
(django-tasks now, ``django.tasks`` from Django 6 on), run by the same
``manage.py db_worker`` as the report. deploy/kassel-oparl-import.timer
enqueues it nightly with ``manage.py oparl_import --einreihen``; staff see
each run under *Anfragen → OParl-Importe*."""

from django.conf import settings

from django_tasks import task

from .importer import ImportFailed, oparl_import


@task()
def oparl_import_task(url: str = "") -> dict:
    """Import the changes since the last run from ``url`` (default: the
    setting ``OPARL_IMPORT_URL``). The run, failed or not, is recorded."""
    url = url or settings.OPARL_IMPORT_URL
    if not url:
        return {"übersprungen": "DJANGO_OPARL_IMPORT_URL ist nicht gesetzt."}
    try:
        run = oparl_import(url=url)
    except ImportFailed as error:
        return {"fehlgeschlagen": str(error)}
    return {"ergebnis": run.outcome, **run.counts}
