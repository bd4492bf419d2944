"""OParl 1.1 API (read-only) at /oparl/v1.1/; the object map: package docstring.

Object URLs have no trailing slash and one spelling only (no leading zeros),
as the spec's URL canonicalisation asks; anything else is a JSON 404.
"""

import datetime

from django.urls import path, re_path, register_converter

from . import views as oparl
from .common import BODY

app_name = "oparl"


class ObjectIdConverter:
    """A primary key in its one spelling (no leading zero) that fits the
    database's 64-bit integer; larger numbers match no object (JSON 404)
    instead of overflowing the query (OverflowError, DataError)."""

    regex = "[1-9][0-9]{0,18}"
    largest = 2**63 - 1

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > self.largest:
            raise ValueError(value)  # no match: the catch-all 404 answers
        return number

    def to_url(self, value) -> str:
        return str(value)


class DayConverter:
    """``yyyymmdd`` of a meeting; impossible dates match nothing."""

    regex = "[0-9]{8}"

    def to_python(self, value: str) -> datetime.date:
        return datetime.datetime.strptime(value, "%Y%m%d").date()  # ValueError

    def to_url(self, value) -> str:
        return value if isinstance(value, str) else f"{value:%Y%m%d}"


register_converter(ObjectIdConverter, "oparl_id")
register_converter(DayConverter, "oparl_day")

urlpatterns = [
    path("", oparl.system_detail, name="system"),
    path("body", oparl.body_list, name="body-list"),
    path(BODY, oparl.body_detail, name="body-detail"),
    path(f"{BODY}/organization", oparl.organization_list, name="organization-list"),
    path(f"{BODY}/person", oparl.person_list, name="person-list"),
    path(f"{BODY}/meeting", oparl.meeting_list, name="meeting-list"),
    path(f"{BODY}/paper", oparl.paper_list, name="paper-list"),
    path(f"{BODY}/agenda-item", oparl.agenda_item_list, name="agenda-item-list"),
    path(f"{BODY}/consultation", oparl.consultation_list, name="consultation-list"),
    path(f"{BODY}/file", oparl.file_list, name="file-list"),
    path(f"{BODY}/location", oparl.location_list, name="location-list"),
    path(
        f"{BODY}/legislative-term",
        oparl.legislative_term_list,
        name="legislative-term-list",
    ),
    path(f"{BODY}/membership", oparl.membership_list, name="membership-list"),
    re_path(
        r"^legislative-term/(?P<year>[0-9]{4})$",
        oparl.legislative_term_detail,
        name="legislative-term-detail",
    ),
    path("organization/magistrat", oparl.magistrat_detail, name="magistrat-detail"),
    path(
        "organization/fraktion-<oparl_id:pk>",
        oparl.faction_detail,
        name="faction-detail",
    ),
    path(
        "organization/ausschuss-<oparl_id:pk>",
        oparl.committee_detail,
        name="committee-detail",
    ),
    path("person/<oparl_id:pk>", oparl.person_detail, name="person-detail"),
    path("membership/<oparl_id:pk>", oparl.membership_detail, name="membership-detail"),
    path("paper/<oparl_id:pk>", oparl.paper_detail, name="paper-detail"),
    path("paper/<oparl_id:pk>/antwort", oparl.answer_detail, name="answer-detail"),
    path(
        "consultation/<oparl_id:pk>",
        oparl.consultation_detail,
        name="consultation-detail",
    ),
    path(
        "meeting/<oparl_id:committee_pk>-<oparl_day:day>",
        oparl.meeting_detail,
        name="meeting-detail",
    ),
    path("file/<oparl_id:pk>", oparl.file_detail, name="file-detail"),
    path(
        "file/<oparl_id:pk>/access",
        oparl.attachment_content,
        {"download": False},
        name="file-access",
    ),
    path(
        "file/<oparl_id:pk>/download",
        oparl.attachment_content,
        {"download": True},
        name="file-download",
    ),
    path("file/anfrage-<oparl_id:pk>", oparl.main_file_detail, name="main-file-detail"),
    path(
        "file/anfrage-<oparl_id:pk>/access",
        oparl.main_file_content,
        {"download": False},
        name="main-file-access",
    ),
    path(
        "file/anfrage-<oparl_id:pk>/download",
        oparl.main_file_content,
        {"download": True},
        name="main-file-download",
    ),
    re_path(r"", oparl.not_found, name="not-found"),
]
