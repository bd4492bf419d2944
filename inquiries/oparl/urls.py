"""OParl 1.1 API (read-only) at /oparl/v1.1/; the object map: package docstring.

Object URLs have no trailing slash and one spelling only (no leading zeros),
as the spec's URL canonicalisation asks; anything else is a JSON 404.
"""

from django.urls import path, re_path

from . import views as oparl
from .common import BODY

app_name = "oparl"

PK = r"(?P<pk>[1-9][0-9]*)"

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
    re_path(
        rf"^organization/fraktion-{PK}$",
        oparl.faction_detail,
        name="faction-detail",
    ),
    re_path(
        rf"^organization/ausschuss-{PK}$",
        oparl.committee_detail,
        name="committee-detail",
    ),
    re_path(rf"^person/{PK}$", oparl.person_detail, name="person-detail"),
    re_path(rf"^membership/{PK}$", oparl.membership_detail, name="membership-detail"),
    re_path(rf"^paper/{PK}$", oparl.paper_detail, name="paper-detail"),
    re_path(rf"^paper/{PK}/antwort$", oparl.answer_detail, name="answer-detail"),
    re_path(
        rf"^consultation/{PK}$", oparl.consultation_detail, name="consultation-detail"
    ),
    re_path(
        r"^meeting/(?P<committee_pk>[1-9][0-9]*)-(?P<day>[0-9]{8})$",
        oparl.meeting_detail,
        name="meeting-detail",
    ),
    re_path(rf"^file/{PK}$", oparl.file_detail, name="file-detail"),
    re_path(r"", oparl.not_found, name="not-found"),
]
