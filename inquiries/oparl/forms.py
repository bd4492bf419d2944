"""Parsing of the OParl list parameters (GET): the view's job, not a selector's.

The form turns the query string into a ``ListQuery``; its errors are German
sentences the view answers with an OParl error object and status 400.
"""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.utils.dateparse import parse_datetime

from .common import BERLIN, FILTERS, ListFilters

_UNENCODED_PLUS = re.compile(r" (\d\d(?::?\d\d)?)$")
_HAS_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d")
_NUMBER = re.compile(r"[0-9]+")
_HUGE = 10**18  # larger numbers mean the same: beyond every list
_TRUE = {"true", "1", "yes", "ja"}


@dataclass(frozen=True)
class ListQuery:
    filters: ListFilters
    page: int
    per_page: int | None  # as given, else None


def _moment(name: str, raw: str) -> tuple[datetime.datetime, str]:
    """A filter value as an aware UTC datetime, whole seconds; ``*_until``
    moved one second on (exclusive bound)."""
    text = _UNENCODED_PLUS.sub(r"+\1", raw.strip())  # "+" arrived as a space
    try:
        value = parse_datetime(text) if _HAS_TIME.match(text) else None
    except ValueError:
        value = None
    if value is None:
        raise forms.ValidationError(
            f"Der Filter {name}={raw!r} ist keine gültige Zeitangabe. Erwartet "
            "wird ein Zeitpunkt nach ISO 8601, z. B. 2020-06-12T10:00:00+02:00 "
            "(in der URL kodiert: 2020-06-12T10%3A00%3A00%2B02%3A00).",
            code="invalid_datetime",
        )
    if value.tzinfo is None:
        value = value.replace(tzinfo=BERLIN)
    try:
        # Both can leave the years 1 to 9999 (e.g. 0001-01-01T00:00:00+01:00).
        value = value.replace(microsecond=0).astimezone(datetime.UTC)
        if name.endswith("_until"):
            value += datetime.timedelta(seconds=1)
    except OverflowError:
        raise forms.ValidationError(
            f"Der Filter {name}={raw!r} liegt außerhalb des darstellbaren "
            "Zeitraums (Jahr 1 bis 9999 in UTC).",
            code="datetime_out_of_range",
        ) from None
    return value, text


class ListQueryForm(forms.Form):
    """The parameters of an OParl list: the four filters of spec 2.6,
    ``page``, ``elementsPerPage`` and ``omit_internal``."""

    created_since = forms.CharField(required=False, strip=False)
    created_until = forms.CharField(required=False, strip=False)
    modified_since = forms.CharField(required=False, strip=False)
    modified_until = forms.CharField(required=False, strip=False)
    page = forms.CharField(required=False)
    elementsPerPage = forms.CharField(required=False)  # noqa: N815 (OParl name)
    omit_internal = forms.CharField(required=False)

    def _number(self, name: str) -> int | None:
        raw = self.data.get(name)
        if raw is None:
            return None
        if not _NUMBER.fullmatch(raw) or not raw.strip("0"):
            raise forms.ValidationError(
                f"{name}={raw!r} ist keine positive ganze Zahl.", code="not_positive"
            )
        return int(raw) if len(raw) < 19 else _HUGE

    def clean_page(self) -> int | None:
        return self._number("page")

    def clean_elementsPerPage(self) -> int | None:  # noqa: N802
        return self._number("elementsPerPage")

    def clean(self):
        cleaned = super().clean()
        values, given = {}, []
        for name in FILTERS:
            raw = self.data.get(name)
            if raw is None:
                continue
            try:
                values[name], text = _moment(name, raw)
            except forms.ValidationError as error:
                self.add_error(name, error)
                continue
            given.append((name, text))
        cleaned["filters"] = ListFilters(**values, given=tuple(given))
        return cleaned

    def first_error(self) -> str:
        return next(iter(self.errors.values()))[0]

    def list_query(self) -> ListQuery:
        """Call after ``is_valid()``."""
        data = self.cleaned_data
        return ListQuery(
            filters=data["filters"],
            page=data["page"] or 1,
            per_page=data["elementsPerPage"],
        )


def omit_internal_given(query) -> bool:
    """``omit_internal=true`` (any case; also 1, yes, ja) in the query."""
    return (query.get("omit_internal") or "").strip().lower() in _TRUE
