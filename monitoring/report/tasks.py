"""Background work of the report: one task through Django's task interface
(django-tasks now, ``django.tasks`` from Django 6 on). With the database
backend ``manage.py db_worker`` runs it; its log goes to the worker's output
(the journal), never into the public media folder."""

from django_tasks import task

from ..models import AnnualReport
from .services import annual_report_run


@task()
def annual_report_task(report_id: int) -> dict:
    """Render and issue the queued report ``report_id``."""
    report = annual_report_run(report=AnnualReport.objects.get(pk=report_id))
    return {"pages": report.page_count, "sha256": report.sha256}
