"""What every part of the generator shares: the markers of generated rows,
the period, the planned numbers, errors and small helpers."""

import datetime
import math
import random
from collections.abc import Callable

from django.db.models import Model

DEFAULT_SEED = 2026
BATCH_SIZE = 2000
MAX_PARAMETERS = 65535
SLUG_PREFIX = "synth-"
REFERENCE_PREFIX = "990."
SOURCE = "Synthetische Testdaten (manage.py synthesize)"
FIRST_YEAR, LAST_YEAR = 2006, 2025
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
GENDER_YEARS = range(LAST_YEAR - 9, LAST_YEAR + 1)
# Inquiries submitted after this day may still be open; older ones are answered.
OPEN_SINCE = datetime.date(LAST_YEAR, 10, 1)
UTC = datetime.UTC

Progress = Callable[[str, int, int], None]


def no_progress(label: str, done: int, total: int) -> None:
    pass


class SynthesisError(Exception):
    """The data cannot be generated; the message is German and user-facing."""


class SyntheticDataExists(SynthesisError):
    pass


class RealDataPresent(SynthesisError):
    pass


def planned_counts(*, scale: int) -> dict[str, int]:
    """The documented, exact numbers of the main rows at ``scale`` (with the
    23 Stadtteile of the seeds)."""
    goals = 10 * scale
    return {
        "concepts": math.ceil(scale / 10),
        "goals": goals,
        "goal_statuses": goals * len(YEARS),
        "inquiries": 100 * scale,
        "questions": 600 * scale,
        "metrics": 2 * scale,
        "observations": 1000 * scale,
        "events": scale,
        "feedback": 50 * scale,
    }


def bulk_create(
    model: type[Model], objects: list, *, label: str | None, progress: Progress
) -> list:
    """Insert ``objects`` in batches; the objects get their primary keys.
    A batch of a wide model is smaller: one statement takes at most 65,535
    parameters (PostgreSQL's protocol)."""
    total = len(objects)
    size = min(BATCH_SIZE, MAX_PARAMETERS // len(model._meta.concrete_fields))
    if label:
        progress(label, 0, total)
    for start in range(0, total, size):
        model.objects.bulk_create(objects[start : start + size], batch_size=size)
        if label:
            progress(label, min(start + size, total), total)
    return objects


def random_day(rng: random.Random, start: datetime.date, end: datetime.date):
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def german_number(value: float | int) -> str:
    """12345.5 → "12.345,5"; integers without decimals."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.1f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def split_evenly(total: int, parts: int) -> list[int]:
    """``total`` as ``parts`` near-equal whole numbers, larger ones first."""
    base, rest = divmod(total, parts)
    return [base + (1 if index < rest else 0) for index in range(parts)]


def catalogue_rows(model, keys: list[dict], defaults: list[dict]) -> list:
    """Existing rows matching ``keys`` (in order), the missing ones created
    (in bulk, like all generated rows: without history)."""
    rows, missing = [], []
    for lookup, extra in zip(keys, defaults, strict=True):
        row = model.objects.filter(**lookup).first()
        if row is None:
            row = model(**lookup, **extra)
            missing.append(row)
        rows.append(row)
    model.objects.bulk_create(missing)
    return rows
