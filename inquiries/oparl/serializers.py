"""OParl objects as dicts: one function per type."""

import datetime
import mimetypes
from pathlib import PurePosixPath

from django.urls import reverse

from ..models import Committee, Faction, Person
from .common import (
    ANSWERED,
    BERLIN,
    BODY,
    CONSTANTS_MODIFIED,
    LEGISLATIVE_TERMS,
    MAGISTRAT,
    OPARL_VERSION,
    Api,
    LegislativeTerm,
    _answer,
    _clean,
    _committee,
    _consultation,
    _date,
    _datetime,
    _faction,
    _file,
    _main_file,
    _meeting,
    _membership,
    _paper,
    _person,
    _stamps,
    _term,
    _type,
)
from .files import MARKDOWN
from .selectors import PaperRow

# Serialisers ----------------------------------------------------------------

# The types of the objects a page of a list has a hundred of.
PAPER_TYPE = _type("Paper")
FILE_TYPE = _type("File")
CONSULTATION_TYPE = _type("Consultation")
MEETING_TYPE = _type("Meeting")


def system_data(api: Api) -> dict:
    return {
        "id": api.root,
        "type": _type("System"),
        "oparlVersion": OPARL_VERSION,
        "body": api.absolute(reverse("oparl:body-list")),
        "name": "Integrationskonzept Kassel: Anfragen und Antworten",
        "website": api.absolute(reverse("home")),
        **_stamps(CONSTANTS_MODIFIED, CONSTANTS_MODIFIED),
    }


def body_data(api: Api) -> dict:
    def body_list(name):
        return api.absolute(reverse(f"oparl:{name}-list"))

    data = _clean(
        {
            "id": api.url(BODY),
            "type": _type("Body"),
            "system": api.root,
            "shortName": "Kassel",
            "name": "Stadt Kassel",
            "website": "https://www.kassel.de/",
            "ags": "06611000",
            "rgs": "066110000000",
            "classification": "Kreisfreie Stadt",
            "organization": body_list("organization"),
            "person": body_list("person"),
            "meeting": body_list("meeting"),
            "paper": body_list("paper"),
            "legislativeTerm": api.embedded(
                [
                    legislative_term_data(api, term, embedded=True)
                    for term in LEGISLATIVE_TERMS
                ]
            ),
            "agendaItem": body_list("agenda-item"),
            "consultation": body_list("consultation"),
            "file": body_list("file"),
            "locationList": body_list("location"),
            "legislativeTermList": body_list("legislative-term"),
            "membership": body_list("membership"),
            "web": api.absolute(reverse("home")),
            **_stamps(CONSTANTS_MODIFIED, CONSTANTS_MODIFIED),
        }
    )
    # Required by the schema: empty with omit_internal (legislativeTermList).
    data.setdefault("legislativeTerm", [])
    return data


def legislative_term_data(
    api: Api, term: LegislativeTerm, *, embedded: bool = False
) -> dict:
    return _clean(
        {
            "id": api.url(_term(term)),
            "type": _type("LegislativeTerm"),
            "body": None if embedded else api.url(BODY),
            "name": term.name,
            "startDate": _date(term.start),
            "endDate": _date(term.end),
            **_stamps(CONSTANTS_MODIFIED, CONSTANTS_MODIFIED),
        }
    )


def magistrat_data(api: Api) -> dict:
    return {
        "id": api.url(MAGISTRAT),
        "type": _type("Organization"),
        "body": api.url(BODY),
        "name": "Magistrat der Stadt Kassel",
        "shortName": "Magistrat",
        "organizationType": "Gremium",
        "classification": "Magistrat",
        **_stamps(CONSTANTS_MODIFIED, CONSTANTS_MODIFIED),
    }


def faction_data(api: Api, faction: Faction) -> dict:
    """Needs ``oparl_members`` (see ``_factions``)."""
    long_name = faction.full_name or faction.name
    return _clean(
        {
            "id": api.url(_faction(faction.pk)),
            "type": _type("Organization"),
            "body": api.url(BODY),
            "name": long_name,
            "shortName": faction.name if long_name != faction.name else None,
            "organizationType": "Fraktion",
            "classification": "Fraktion",
            "membership": [
                api.url(_membership(person.pk)) for person in faction.oparl_members
            ],
            **_stamps(faction.created, faction.modified),
        }
    )


def committee_data(api: Api, committee: Committee) -> dict:
    return {
        "id": api.url(_committee(committee.pk)),
        "type": _type("Organization"),
        "body": api.url(BODY),
        "name": committee.name,
        "organizationType": "Gremium",
        "classification": "Ausschuss",
        **_stamps(committee.created, committee.modified),
    }


def person_data(api: Api, person: Person) -> dict:
    return _clean(
        {
            "id": api.url(_person(person.pk)),
            "type": _type("Person"),
            "body": api.url(BODY),
            "name": person.name,
            "familyName": person.family_name,
            "givenName": person.given_name,
            "formOfAddress": person.form_of_address,
            "title": [person.title] if person.title else [],
            "status": [person.role] if person.role else [],
            "membership": api.embedded(
                [membership_data(api, person, embedded=True)]
                if person.faction_id
                else []
            ),
            **_stamps(person.created, person.modified),
        }
    )


def membership_data(api: Api, person: Person, *, embedded: bool = False) -> dict:
    return _clean(
        {
            "id": api.url(_membership(person.pk)),
            "type": _type("Membership"),
            "person": None if embedded else api.url(_person(person.pk)),
            "organization": api.url(_faction(person.faction_id)),
            "role": person.role,
            **_stamps(person.created, person.modified),
        }
    )


def inquiry_paper_data(api: Api, paper: PaperRow) -> dict:
    """The Anfrage; needs ``files`` (``selectors.oparl_papers(files=True)``)."""
    root = api.root  # api.url() inline: a page of papers has 1,400 URLs
    answer = [root + _answer(paper.id)] if paper.status == ANSWERED else []
    stamps = _stamps(paper.created, paper.modified)
    return _clean(
        {
            "id": root + _paper(paper.id),
            "type": PAPER_TYPE,
            "body": root + BODY,
            "name": paper.title,
            "reference": paper.reference_number,
            "date": _date(paper.submitted_on),
            "paperType": "Anfrage",
            "relatedPaper": answer,
            "subordinatedPaper": answer,
            "mainFile": None
            if api.omit_internal
            else main_file_data(api, paper, embedded=True, stamps=stamps),
            # api.embedded() inline, as for mainFile: nothing built to be omitted
            "auxiliaryFile": []
            if api.omit_internal
            else [file_data(api, file, embedded=True) for file in paper.files],
            "originatorPerson": (
                [root + _person(paper.signed_by_id)] if paper.signed_by_id else []
            ),
            "underDirectionOf": [root + MAGISTRAT],
            "originatorOrganization": [root + _faction(paper.faction_id)],
            "consultation": [
                consultation_data(api, paper, embedded=True, stamps=stamps)
            ]
            if paper.committee_id and not api.omit_internal
            else [],
            "web": api.inquiry_web(paper.reference_number),
            **stamps,
        }
    )


def answer_paper_data(api: Api, paper: PaperRow) -> dict:
    """The Magistrat's answer; only for answered inquiries. Its text is on the
    web page; without a file there is no ``mainFile``."""
    root = api.root  # api.url() inline: a page of papers has 1,400 URLs
    inquiry_url = [root + _paper(paper.id)]
    stamps = _stamps(paper.created, paper.modified)
    return _clean(
        {
            "id": root + _answer(paper.id),
            "type": PAPER_TYPE,
            "body": root + BODY,
            "name": f"Antwort auf die Anfrage {paper.reference_number}: {paper.title}",
            "date": _date(paper.answered_on),
            "paperType": "Beantwortung einer Anfrage",
            "relatedPaper": inquiry_url,
            "superordinatedPaper": inquiry_url,
            "mainFile": None
            if api.omit_internal
            else main_file_data(api, paper, embedded=True, stamps=stamps),
            "originatorPerson": (
                [root + _person(paper.answer_signed_by_id)]
                if paper.answer_signed_by_id
                else []
            ),
            "underDirectionOf": [root + MAGISTRAT],
            "originatorOrganization": [root + MAGISTRAT],
            "web": api.inquiry_web(paper.reference_number) + "#fragen",
            **stamps,
        }
    )


def consultation_data(
    api: Api, inquiry, *, embedded: bool = False, stamps: dict | None = None
) -> dict:
    """The inquiry on the agenda of its committee (no decision is taken): a
    row of ``selectors.oparl_consultation_list()`` or a ``PaperRow``, whose
    ``stamps`` its paper has formatted already."""
    root = api.root  # api.url() inline: a page of papers has 1,400 URLs
    meeting = (
        root + _meeting(inquiry.committee_id, inquiry.meeting_date)
        if inquiry.meeting_date
        else None
    )
    return _clean(
        {
            "id": root + _consultation(inquiry.id),
            "type": CONSULTATION_TYPE,
            "paper": None if embedded else root + _paper(inquiry.id),
            "meeting": meeting,
            "organization": [root + _committee(inquiry.committee_id)],
            "authoritative": False,
            **(stamps or _stamps(inquiry.created, inquiry.modified)),
        }
    )


def meeting_start(day: datetime.date) -> str:
    """The time of day of a meeting is not recorded: ``start`` is the
    beginning of its day in Kassel (clients such as meine-stadt-transparent
    need a start; the date is what we know)."""
    return _datetime(datetime.datetime.combine(day, datetime.time(), tzinfo=BERLIN))


def meeting_data(api: Api, meeting) -> dict:
    """A row of ``selectors.oparl_meeting_list()``; no ``end``: not recorded."""
    day = meeting.meeting_date
    return {
        "id": api.url(_meeting(meeting.committee_id, day)),
        "type": MEETING_TYPE,
        "name": f"{meeting.committee_name}: Sitzung am {day:%d.%m.%Y}",
        "start": meeting_start(day),
        "organization": [api.url(_committee(meeting.committee_id))],
        **_stamps(meeting.first_created, meeting.last_modified),
    }


def file_urls(api: Api, path: str) -> dict:
    """Where a file's bytes are: ``accessUrl`` (shown inline) and
    ``downloadUrl`` (Content-Disposition: attachment), both served by this
    API so that they work wherever the API does. The one place to point
    elsewhere (e.g. a permission-checked private file view)."""
    root = api.root
    return {
        "accessUrl": f"{root}{path}/access",
        "downloadUrl": f"{root}{path}/download",
    }


def file_data(api: Api, attachment, *, embedded: bool = False) -> dict:
    """A public attachment, a row of ``selectors.oparl_file_list()`` (or of a
    paper's ``files``); size, checksum, type and text were read from its
    bytes when it was saved (``tracking``)."""
    file_name = PurePosixPath(attachment.file).name
    return _clean(
        {
            "id": api.url(_file(attachment.id)),
            "type": FILE_TYPE,
            "name": attachment.title,
            "fileName": file_name,
            "mimeType": attachment.file_mime_type or mimetypes.guess_type(file_name)[0],
            "size": attachment.file_size,
            "sha512Checksum": attachment.file_sha512,
            "text": attachment.file_text,
            **file_urls(api, _file(attachment.id)),
            "paper": None if embedded else [api.url(_paper(attachment.inquiry_id))],
            **_stamps(attachment.created, attachment.modified),
        }
    )


def main_file_name(paper: PaperRow) -> str:
    return f"anfrage-{paper.reference_number}.md"


def _main_file_papers(root: str, paper: PaperRow) -> list[str]:
    """The papers whose mainFile the full text is: the inquiry, its answer."""
    papers = [root + _paper(paper.id)]
    if paper.status == ANSWERED:
        papers.append(root + _answer(paper.id))
    return papers


def main_file_data(
    api: Api, paper: PaperRow, *, embedded: bool = False, stamps: dict | None = None
) -> dict:
    """The full text of an inquiry (questions, and answers once published) as
    Markdown: the mainFile of the inquiry and of its answer, as stored with
    its size and checksum when it was written (``files.full_text_refresh``);
    ``stamps`` where its paper has formatted them."""
    root = api.root  # api.url() inline: a page of papers has 1,400 URLs
    path = _main_file(paper.id)
    return _clean(
        {
            "id": root + path,
            "type": FILE_TYPE,
            "name": f"Anfrage {paper.reference_number}: Volltext",
            "fileName": main_file_name(paper),
            "mimeType": MARKDOWN,
            "date": _date(paper.answered_on or paper.submitted_on),
            "size": paper.full_text_size,
            "sha512Checksum": paper.full_text_sha512,
            "text": paper.full_text,
            **file_urls(api, path),
            "paper": None if embedded else _main_file_papers(root, paper),
            **(stamps or _stamps(paper.created, paper.modified)),
        }
    )
