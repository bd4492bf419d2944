"""Background work of the monitoring outside the report: a Messwerte import
too large for one web request (``observation_jobs``), run by
``manage.py db_worker`` like the report (``report/tasks.py``)."""

from django_tasks import task

from .observation_jobs import observation_import_run


@task()
def observation_import_task(job_id: int) -> dict:
    """Check and write the queued Messwerte import ``job_id``."""
    job = observation_import_run(job_id=job_id)
    return {"state": job.state, "rows": job.rows_total}
