"""Helpers for the public views (imports no app)."""

from typing import TypeVar

from django.http import Http404

T = TypeVar("T")


def found(record: T | None) -> T:
    """``record``, or the 404 page where a selector found none: the
    counterpart of ``get_object_or_404()`` for selectors that return a
    record or None (compiled queries)."""
    if record is None:
        raise Http404
    return record
