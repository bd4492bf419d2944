"""What monitoring's background jobs (the Integrationsbericht, large
Messwerte imports) share: when a running job's worker counts as gone, and
how its page says so. Both jobs send a heartbeat while they work; a job
silent for ``REPORT_JOB_TIMEOUT`` seconds lost its worker (killed, or the
machine restarted)."""

import datetime

from django.conf import settings


def silence_limit(now: datetime.datetime) -> datetime.datetime:
    """A running job whose last heartbeat is older than this is silent."""
    return now - datetime.timedelta(seconds=settings.REPORT_JOB_TIMEOUT)


def silence_minutes() -> int:
    return max(1, round(settings.REPORT_JOB_TIMEOUT / 60))


def silence_message(consequence: str) -> str:
    """The reason a silent job is failed with, then what it means."""
    return (
        f"Abgebrochen: Der Hintergrunddienst (db_worker) hat sich über "
        f"{silence_minutes()} Minuten nicht gemeldet; {consequence}"
    )
