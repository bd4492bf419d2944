"""Inquiries from a council information system's OParl 1.0/1.1 API.

``oparl_import(url=…)`` reads the Papers of every Body (incrementally with
``modified_since`` of the last successful run, following ``links.next``),
keeps those whose ``paperType`` is an inquiry or an answer to one, and
creates or updates inquiries. Each page is one transaction. A field staff
have edited here since the last import is never overwritten: the import
stores the values it wrote (``Inquiry.source_values``) and reports a
conflict where the source changed a field that no longer holds that value.

The function is what ``manage.py oparl_import`` runs; a scheduled task can
call it the same way (``url=settings.OPARL_IMPORT_URL``).
"""

import datetime
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from ..models import (
    Attachment,
    Committee,
    Faction,
    Inquiry,
    OparlImportRun,
    Person,
    Question,
)
from .common import BERLIN

VERSIONS = ("https://schema.oparl.org/1.0/", "https://schema.oparl.org/1.1/")
INQUIRY_TYPES = (
    "Anfrage",
    "Kleine Anfrage",
    "Große Anfrage",
    "Anfrage nach § 50 HGO",
    "Anfrage gem. GO",
    "Anfrage der Fraktion",
    "Schriftliche Anfrage",
)
ANSWER_TYPES = (
    "Beantwortung einer Anfrage",
    "Antwort auf Anfrage",
    "Beantwortung",
    "Antwort",
    "Mitteilung (Beantwortung einer Anfrage)",
    "Stellungnahme der Verwaltung",
)
TIMEOUT = 30  # seconds per request
# The fields that come from the source; staff edits of them are kept.
SOURCE_FIELDS = (
    "reference_number",
    "title",
    "submitted_on",
    "faction_id",
    "signed_by_id",
    "committee_id",
    "meeting_date",
    "preamble",
    "status",
    "answered_on",
    "answer_undated",
    "answer_signed_by_id",
    "source_web",
)


class ImportFailed(Exception):
    """A German message for staff; the command exits non-zero."""


Fetch = Callable[[str], bytes]


def http_fetch(url: str) -> bytes:
    """GET ``url`` (urllib, a timeout, JSON accepted)."""
    request = urllib.request.Request(
        url,
        headers={"Accept": "application/json", "User-Agent": "kassel-oparl-import"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.read()
    except urllib.error.HTTPError as error:
        raise ImportFailed(
            f"{url} antwortet mit HTTP {error.code} ({error.reason})."
        ) from None
    except TimeoutError:
        raise ImportFailed(
            f"{url} antwortet nicht innerhalb von {TIMEOUT} Sekunden "
            "(Zeitüberschreitung)."
        ) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ImportFailed(f"{url} ist nicht erreichbar ({reason}).") from None


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def note(self, line: str) -> None:
        self.lines.append(line)


def _with_query(url: str, **params) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode(params)) if q)
    return urlunsplit(parts._replace(query=query))


def _kind(obj: dict) -> str:
    return str(obj.get("type", "")).rsplit("/", 1)[-1]


def _day(value: str | None) -> datetime.date | None:
    """A date, or the day (in Kassel) of a date-time."""
    if not value:
        return None
    moment = parse_datetime(value) if "T" in value else None
    if moment is not None:
        return moment.astimezone(BERLIN).date() if moment.tzinfo else moment.date()
    return parse_date(value)


class Importer:
    def __init__(
        self,
        *,
        fetch: Fetch = http_fetch,
        inquiry_types=None,
        answer_types=None,
        progress: Callable[[str], None] | None = None,
    ):
        self.fetch_bytes = fetch
        self.inquiry_types = set(
            inquiry_types
            or getattr(settings, "OPARL_IMPORT_INQUIRY_TYPES", ())
            or INQUIRY_TYPES
        )
        self.answer_types = set(
            answer_types
            or getattr(settings, "OPARL_IMPORT_ANSWER_TYPES", ())
            or ANSWER_TYPES
        )
        self.progress = progress or (lambda line: None)
        self.cache: dict[str, dict | None] = {}
        self.report = Report()

    # Reading ---------------------------------------------------------------

    def get(self, url: str) -> dict:
        if url in self.cache and self.cache[url] is not None:
            return self.cache[url]
        data = self.fetch_bytes(url)
        try:
            obj = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            raise ImportFailed(
                f"{url} liefert kein JSON: das ist keine OParl-Schnittstelle."
            ) from None
        if not isinstance(obj, dict):
            raise ImportFailed(f"{url} liefert kein OParl-Objekt.")
        if "data" not in obj:
            self.check_version(url, obj)
        self.cache[url] = obj
        return obj

    def check_version(self, url: str, obj: dict) -> None:
        kind = str(obj.get("type", ""))
        if not kind.startswith("https://schema.oparl.org/"):
            raise ImportFailed(
                f"{url} liefert kein OParl-Objekt (type fehlt oder ist unbekannt)."
            )
        if not kind.startswith(VERSIONS):
            raise ImportFailed(
                f"{url} spricht eine andere OParl-Version ({kind}); unterstützt "
                "werden OParl 1.0 und 1.1."
            )

    def referenced(self, url: str | None) -> dict | None:
        """A referenced object, or None (reported) when it cannot be read."""
        if not url:
            return None
        try:
            return self.get(url)
        except ImportFailed as error:
            if url not in self.cache:
                self.report.note(f"Hinweis: {error}")
            self.cache[url] = None
            return None

    def bodies(self, url: str) -> list[dict]:
        root = self.get(url)
        kind = _kind(root)
        if kind == "Body":
            return [root]
        if kind != "System":
            raise ImportFailed(
                f"{url} ist weder ein OParl-System noch eine Körperschaft ({kind})."
            )
        return list(self.pages(root["body"]))

    def pages(self, url: str):
        """Every object of a list, page by page (links.next)."""
        for page in self.list_pages(url):
            yield from page["data"]

    def list_pages(self, url: str):
        seen = set()
        while url and url not in seen:
            seen.add(url)
            page = self.get(url)
            if not isinstance(page.get("data"), list):
                raise ImportFailed(f"{url} ist keine OParl-Liste (data fehlt).")
            yield page
            url = (page.get("links") or {}).get("next")

    # Mapping ---------------------------------------------------------------

    def faction_for(self, urls: list[str]) -> Faction | None:
        for url in urls or []:
            org = self.referenced(url)
            if not org or org.get("deleted"):
                continue
            if org.get("classification") in ("Magistrat", "Ausschuss"):
                continue
            short = org.get("shortName") or org.get("name")
            if not short:
                continue
            faction = Faction.objects.filter(name=short).first()
            if faction is None:
                faction = Faction.objects.create(
                    name=short[:100],
                    full_name=(org.get("name") if org.get("name") != short else "")[
                        :200
                    ],
                )
                self.report.count("Fraktionen neu")
            return faction
        return None

    def committee_for(self, urls: list[str]) -> Committee | None:
        for url in urls or []:
            org = self.referenced(url)
            if org and org.get("name") and not org.get("deleted"):
                committee, created = Committee.objects.get_or_create(
                    name=org["name"][:200]
                )
                if created:
                    self.report.count("Ausschüsse neu")
                return committee
        return None

    def person_for(self, urls: list[str]) -> Person | None:
        for url in urls or []:
            data = self.referenced(url)
            if not data or not data.get("name") or data.get("deleted"):
                continue
            role = (data.get("status") or [""])[0][:200]
            person = Person.objects.filter(name=data["name"], role=role).first()
            if person is None:
                faction = None
                for membership in data.get("membership") or []:
                    if isinstance(membership, dict) and not membership.get("endDate"):
                        faction = self.faction_for([membership.get("organization")])
                        if faction:
                            break
                person = Person.objects.create(
                    name=data["name"][:200],
                    role=role,
                    given_name=(data.get("givenName") or "")[:100],
                    family_name=(data.get("familyName") or "")[:100],
                    form_of_address=(data.get("formOfAddress") or "")[:50],
                    title=" ".join(data.get("title") or [])[:50],
                    faction=faction,
                )
                self.report.count("Personen neu")
            return person
        return None

    def meeting_day(self, consultation: dict) -> datetime.date | None:
        meeting = self.referenced(consultation.get("meeting"))
        if meeting and not meeting.get("deleted"):
            return _day(meeting.get("start"))
        return None

    def full_text(self, paper: dict) -> str:
        main = paper.get("mainFile")
        if isinstance(main, str):
            main = self.referenced(main)
        if not main:
            return ""
        if main.get("text"):
            return main["text"]
        if main.get("mimeType") == "application/pdf" and main.get("accessUrl"):
            from .files import text_extract

            try:
                data = self.fetch_bytes(main["accessUrl"])
                return text_extract(data, "application/pdf")
            except ImportFailed as error:
                self.report.note(f"Hinweis: {error}")
        return ""

    # Writing ---------------------------------------------------------------

    def inquiry_values(self, paper: dict) -> dict:
        consultations = [
            c for c in paper.get("consultation") or [] if isinstance(c, dict)
        ]
        committee, meeting_date = None, None
        for consultation in consultations:
            committee = self.committee_for(consultation.get("organization") or [])
            meeting_date = self.meeting_day(consultation)
            if committee:
                break
        signer = self.person_for(paper.get("originatorPerson") or [])
        faction = self.faction_for(paper.get("originatorOrganization") or [])
        if faction is None and signer is not None:
            faction = signer.faction
        return {
            "reference_number": str(paper.get("reference") or "")[:30],
            "title": (paper.get("name") or "")[:300],
            "submitted_on": _day(paper.get("date")),
            "faction_id": faction.pk if faction else None,
            "signed_by_id": signer.pk if signer else None,
            "committee_id": committee.pk if committee else None,
            "meeting_date": meeting_date if committee else None,
            "source_web": (paper.get("web") or "")[:500],
        }

    def apply(self, inquiry: Inquiry, values: dict, *, label: str) -> bool:
        """Write the source's values where staff have not changed them;
        report the rest. True when something changed."""
        before = inquiry.source_values or {}
        changed = False
        for name, value in values.items():
            stored = _plain(value)
            current = _plain(getattr(inquiry, name))
            if name in before and current != before[name] and stored != current:
                if stored != before[name]:
                    self.report.note(
                        f"Konflikt bei {label}: „{name}“ wurde hier geändert "
                        f"({current!r}); die Quelle hat jetzt {stored!r}. "
                        "Die Änderung hier bleibt."
                    )
                    self.report.count("Konflikte")
                continue
            if current != stored:
                setattr(inquiry, name, value)
                changed = True
            before[name] = stored
        inquiry.source_values = before
        return changed

    def inquiry_import(self, paper: dict) -> Inquiry | None:
        label = f"{paper.get('reference') or paper['id']}"
        values = self.inquiry_values(paper)
        if not values["reference_number"]:
            self.report.note(f"Übersprungen: {paper['id']} hat keine Vorlage-Nr.")
            self.report.count("übersprungen")
            return None
        if values["faction_id"] is None:
            self.report.note(
                f"Übersprungen: {label} nennt keine einreichende Fraktion."
            )
            self.report.count("übersprungen")
            return None
        inquiry = Inquiry.objects.filter(source_url=paper["id"]).first()
        if inquiry is None:
            inquiry = Inquiry.objects.filter(
                reference_number=values["reference_number"]
            ).first()
            if inquiry is not None and not inquiry.source_url:
                self.report.note(
                    f"Konflikt bei {label}: die Vorlage-Nr. gibt es hier schon "
                    "(von Hand angelegt); nichts geändert."
                )
                self.report.count("Konflikte")
                return None
        created = inquiry is None
        if created:
            inquiry = Inquiry(source_url=paper["id"], status=Inquiry.Status.RECEIVED)
            preamble, introduction, questions = full_text_parse(self.full_text(paper))
            values["preamble"] = preamble
            inquiry.answer_introduction = introduction
        changed = self.apply(inquiry, values, label=label)
        if created:
            inquiry.full_clean(exclude=["search_vector"])
            inquiry.save()
            _stamp(inquiry, paper)
            for position, question in enumerate(questions, start=1):
                Question.objects.create(inquiry=inquiry, position=position, **question)
            self.files_import(inquiry, paper)
            self.report.count("Anfragen neu")
        elif changed:
            inquiry.save()
            self.report.count("Anfragen geändert")
        else:
            Inquiry.objects.filter(pk=inquiry.pk).update(
                source_values=inquiry.source_values
            )
            self.report.count("unverändert")
        return inquiry

    def answer_import(self, paper: dict) -> None:
        label = f"{paper.get('reference') or paper['id']}"
        parents = (paper.get("superordinatedPaper") or []) + (
            paper.get("relatedPaper") or []
        )
        inquiry = None
        for url in parents:
            inquiry = Inquiry.objects.filter(source_url=url).first()
            if inquiry is None:
                parent = self.referenced(url)
                if parent and parent.get("paperType") in self.inquiry_types:
                    inquiry = self.inquiry_import(parent)
            if inquiry is not None:
                break
        if inquiry is None:
            self.report.note(
                f"Antwort {label}: die zugehörige Anfrage ist nicht zu finden."
            )
            self.report.count("übersprungen")
            return
        signer = self.person_for(paper.get("originatorPerson") or [])
        answered_on = _day(paper.get("date"))
        values = {
            "status": Inquiry.Status.ANSWERED,
            "answered_on": answered_on,
            # An answer paper without a date is an undated answer, as the
            # source says, not a missing one.
            "answer_undated": answered_on is None,
            "answer_signed_by_id": signer.pk if signer else None,
        }
        if self.apply(inquiry, values, label=f"der Antwort {label}"):
            inquiry.full_clean(exclude=["search_vector"])
            inquiry.save()
            self.report.count("Antworten verknüpft")
        else:
            Inquiry.objects.filter(pk=inquiry.pk).update(
                source_values=inquiry.source_values
            )
            self.report.count("unverändert")

    def files_import(self, inquiry: Inquiry, paper: dict) -> None:
        for item in paper.get("auxiliaryFile") or []:
            data = item if isinstance(item, dict) else self.referenced(item)
            if not data or data.get("deleted"):
                continue
            url = data.get("downloadUrl") or data.get("accessUrl")
            try:
                content = self.fetch_bytes(url) if url else None
            except ImportFailed as error:
                self.report.note(f"Hinweis: Anlage nicht geladen: {error}")
                content = None
            name = data.get("fileName") or f"anlage-{len(content or b'')}"
            attachment = Attachment(
                inquiry=inquiry,
                title=(data.get("name") or name)[:300],
                note="" if content is not None else "Datei nicht abrufbar",
            )
            if content is not None:
                attachment.file = ContentFile(content, name=name)
            attachment.save()
            Attachment.objects.filter(pk=attachment.pk).update(**_source_stamps(data))
            self.report.count("Anlagen neu")

    def tombstone_apply(self, paper: dict) -> None:
        inquiry = Inquiry.objects.filter(source_url=paper["id"]).first()
        if inquiry is None:
            return
        before = inquiry.source_values or {}
        edited = [
            name
            for name in SOURCE_FIELDS
            if name in before and _plain(getattr(inquiry, name)) != before[name]
        ]
        if (
            edited
            or inquiry.status != Inquiry.Status.RECEIVED
            and "status" not in before
        ):
            self.report.note(
                f"Konflikt: {inquiry.reference_number} wurde in der Quelle gelöscht, "
                f"hier aber bearbeitet ({', '.join(edited) or 'Status'}); "
                "bitte von Hand entscheiden."
            )
            self.report.count("Konflikte")
            return
        inquiry.delete()
        self.report.count("Anfragen gelöscht")

    def paper_apply(self, paper: dict) -> None:
        if not isinstance(paper, dict) or "id" not in paper:
            raise ImportFailed("Die Papierliste enthält ein ungültiges Objekt.")
        if paper.get("deleted"):
            self.tombstone_apply(paper)
            return
        self.check_version(paper["id"], paper)
        if _kind(paper) != "Paper":
            raise ImportFailed(f"{paper['id']} ist kein Paper, sondern {_kind(paper)}.")
        kind = paper.get("paperType")
        if kind in self.inquiry_types:
            self.inquiry_import(paper)
        elif kind in self.answer_types:
            self.answer_import(paper)
        else:
            self.report.count("andere Vorlagen")

    def run(self, *, url: str, since: datetime.datetime | None) -> Report:
        for body in self.bodies(url):
            papers = body.get("paper")
            if not papers:
                raise ImportFailed(f"{body.get('id')} nennt keine Papierliste (paper).")
            if since is not None:
                moment = since.astimezone(BERLIN).replace(microsecond=0).isoformat()
                papers = _with_query(papers, modified_since=moment)
            done = 0
            for number, page in enumerate(self.list_pages(papers), start=1):
                total = (page.get("pagination") or {}).get("totalElements")
                counted = dict(self.report.counts)
                try:
                    with transaction.atomic():  # a page is written whole or not
                        for paper in page["data"]:
                            self.paper_apply(paper)
                except Exception:
                    self.report.counts = counted  # only what was written
                    raise
                done += len(page["data"])
                self.report.count("Papiere gelesen", len(page["data"]))
                self.progress(_bar(body.get("name") or body["id"], number, done, total))
        return self.report


def _plain(value):
    """A value as it is stored in ``source_values`` (JSON)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _source_stamps(data: dict) -> dict:
    created = parse_datetime(data.get("created") or "")
    return {"created": created} if created else {}


def _stamp(inquiry: Inquiry, paper: dict) -> None:
    """Created as at the source (modified is the import: it changed here)."""
    stamps = _source_stamps(paper)
    if stamps:
        Inquiry.objects.filter(pk=inquiry.pk).update(**stamps)


def _bar(name: str, page: int, done: int, total: int | None) -> str:
    if total:
        filled = min(20, round(20 * done / total))
        bar = "#" * filled + "." * (20 - filled)
        return f"{name}: [{bar}] {done}/{total} Papiere (Seite {page})"
    return f"{name}: {done} Papiere (Seite {page})"


_SECTION = re.compile(r"^(#{2,4}) (.+)$", re.MULTILINE)


def full_text_parse(text: str) -> tuple[str, str, list[dict]]:
    """Preamble, answer introduction and questions (with answers) from a full
    text in this project's Markdown layout (``files.inquiry_full_text``); any
    other text becomes the preamble."""
    text = text.strip()
    parts = _SECTION.split(text)
    if len(parts) < 4 or not any(p.startswith("Frage ") for p in parts[2::3]):
        return text, "", []
    preamble, introduction, questions, current = "", "", [], None
    for level, heading, body in zip(parts[1::3], parts[2::3], parts[3::3], strict=True):
        body = body.strip()
        if level == "##" and heading.startswith("Vorbemerkung"):
            preamble = body
        elif level == "##" and heading.startswith("Antwort des Magistrats"):
            introduction = body
        elif level == "###" and heading.startswith("Frage "):
            number = heading.removeprefix("Frage ").strip()
            current = {"number": number, "text": body, "answer": ""}
            questions.append(current)
        elif level == "####" and current is not None:
            current["answer"] = body
    return preamble, introduction, questions


def oparl_import(
    *,
    url: str,
    full: bool = False,
    fetch: Fetch | None = None,
    inquiry_types=None,
    answer_types=None,
    progress: Callable[[str], None] | None = None,
) -> OparlImportRun:
    """Import from ``url`` (System or Body); incremental from the last
    successful run of the same URL unless ``full``. Raises ``ImportFailed``
    (German) after recording the failed run; pages already read stay."""
    last = (
        OparlImportRun.objects.filter(url=url, outcome=OparlImportRun.Outcome.DONE)
        .order_by("-started_at")
        .first()
    )
    since = None if full or last is None else last.started_at
    run = OparlImportRun.objects.create(url=url, started_at=timezone.now(), since=since)
    importer = Importer(
        fetch=fetch or http_fetch,
        inquiry_types=inquiry_types,
        answer_types=answer_types,
        progress=progress,
    )
    try:
        report = importer.run(url=url, since=since)
    except ImportFailed as error:
        importer.report.note(f"Abgebrochen: {error}")
        _finish(run, importer.report, OparlImportRun.Outcome.FAILED)
        raise
    except Exception as error:  # an unexpected answer: stop, say what
        importer.report.note(f"Abgebrochen: {type(error).__name__}: {error}")
        _finish(run, importer.report, OparlImportRun.Outcome.FAILED)
        raise ImportFailed(
            f"Ungültige Antwort der Quelle ({type(error).__name__}: {error})."
        ) from error
    _finish(run, report, OparlImportRun.Outcome.DONE)
    return run


def _finish(run: OparlImportRun, report: Report, outcome) -> None:
    run.finished_at = timezone.now()
    run.outcome = outcome
    run.counts = report.counts
    run.report = "\n".join(report.lines)
    run.save()
