"""manage.py oparl_import: the round trip through this project's own API,
incremental runs, tombstones, staff edits, bad sources and the OParl
examples in ../shared/oparl/examples."""

import copy
import json
from collections import Counter, deque
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.core.management import CommandError, call_command

import pytest

from inquiries.models import (
    Attachment,
    Committee,
    Faction,
    Inquiry,
    OparlImportRun,
    OparlTombstone,
    Person,
)
from inquiries.oparl import importer
from inquiries.oparl.importer import ImportFailed, oparl_import
from tests.inquiries.test_oparl import BYTES, ROOT, api_urls, make_world

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "oparl" / "examples"
V11 = "https://schema.oparl.org/1.1/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# The first instance: everything its API serves, recorded -----------------


def record(client):
    """Every URL the API serves from the System object on, bytes included:
    {url: bytes}. This is the first instance; the database is then emptied
    and becomes the second."""
    served, queue = {}, deque([ROOT])
    while queue:
        url = queue.popleft()
        if url in served:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        data = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        served[url] = data
        if response["Content-Type"].startswith("application/json"):
            page = json.loads(data)
            queue.extend(u for u in api_urls(page) if u not in served)
            queue.extend(u for u in byte_urls(page) if u not in served)
    return served


def byte_urls(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in BYTES:
                yield item
            else:
                yield from byte_urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from byte_urls(item)


def transport(served):
    def fetch(url):
        if url not in served:
            raise ImportFailed(f"{url} ist nicht erreichbar (aufgezeichnet: nein).")
        return served[url]

    return fetch


def objects_of(served):
    """Every OParl object served (lists, objects, embedded), by id."""
    found = {}

    def walk(value):
        if isinstance(value, dict):
            if "type" in value and "id" in value:
                found.setdefault(value["id"], value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for data in served.values():
        try:
            walk(json.loads(data))
        except (ValueError, UnicodeDecodeError):
            continue
    return found


def natural_keys(objects):
    """Each served object's URL mapped to a natural key (a paper's reference,
    a person's name …); answers, consultations and memberships by the paper or
    person they belong to."""
    keys = {}
    for url, obj in objects.items():
        kind = obj["type"].rsplit("/", 1)[1]
        name = obj.get("reference") or obj.get("name") or obj.get("fileName")
        keys[url] = f"{kind}:{name}" if name else url
    for url, obj in objects.items():
        if url.endswith("/antwort"):
            keys[url] = "Antwort:" + keys[obj["superordinatedPaper"][0]]
        if "/consultation/" in url:
            paper = url.replace("/consultation/", "/paper/")
            keys[url] = "Beratung:" + keys.get(paper, url)
        if "/membership/" in url:
            keys[url] = "Mitgliedschaft:" + keys.get(
                url.replace("/membership/", "/person/"), url
            )
    return keys


def natural(served):
    """The served objects with ids, stamps and URLs replaced by natural keys,
    per type: what must come back identical whatever the primary keys of the
    second instance."""
    objects = objects_of(served)
    keys = natural_keys(objects)

    def plain(value):
        if isinstance(value, str):
            return keys.get(value, value) if value.startswith(ROOT) else value
        if isinstance(value, list):
            return sorted((plain(item) for item in value), key=json.dumps)
        if isinstance(value, dict):
            return {
                k: plain(v)
                for k, v in value.items()
                if k not in ("id", "created", "modified", *BYTES)
            }
        return value

    by_type = {}
    for url, obj in objects.items():
        kind = obj["type"].rsplit("/", 1)[1]
        by_type.setdefault(kind, {})[keys[url]] = plain(obj)
    return by_type


def empty_inquiries():
    for model in (Inquiry, Person, Faction, Committee, OparlImportRun):
        model.objects.all().delete()
    OparlTombstone.objects.all().delete()


def test_round_trip_through_our_own_api(client, seed, settings, tmp_path):
    """What the API serves for the seed data and a world with files comes
    back identical after an import into an empty database."""
    make_world(scale=2)
    first = record(client)
    before = natural(first)
    empty_inquiries()
    settings.MEDIA_ROOT = tmp_path / "zweite-instanz"
    run = oparl_import(url=ROOT, fetch=transport(first))
    assert run.outcome == OparlImportRun.Outcome.DONE, run.report
    after = natural(record(client))
    counts = {kind: len(objs) for kind, objs in sorted(before.items())}
    print("Round trip per type:", counts, "import:", run.counts)
    # Persons and organisations no paper refers to are not imported: the
    # import brings inquiries and what they name.
    for kind in ("Paper", "Consultation", "Meeting", "File"):
        assert set(after[kind]) == set(before[kind]), kind
        for key, obj in before[kind].items():
            differing = {
                name: (value, after[kind][key].get(name))
                for name, value in obj.items()
                if after[kind][key].get(name) != value
            }
            assert not differing, (key, differing)
            assert set(after[kind][key]) == set(obj), key
    for kind in ("Person", "Organization", "Membership"):
        for key, obj in after[kind].items():
            assert before[kind][key] == obj, key
    assert Inquiry.objects.count() == sum(
        1 for obj in before["Paper"].values() if obj["paperType"] == "Anfrage"
    )
    # A second run against an unchanged source changes nothing.
    again = oparl_import(url=ROOT, fetch=transport(first), full=True)
    assert set(again.counts) <= {"unverändert", "Papiere gelesen"}, again.counts


# A small OParl server: papers with modified_since and pages of two ----------

SRC = "https://ris.example.org/oparl/"


class Source:
    """An OParl 1.0 server in a dict; the paper list filters modified_since
    and pages two at a time."""

    def __init__(self, version="https://schema.oparl.org/1.0/"):
        self.version = version
        self.papers = {}
        self.extra = {}
        self.requests = []
        self.add_object(
            f"{SRC}org/1",
            "Organization",
            name="Fraktion Grüne Zukunft",
            shortName="Grüne Zukunft",
        )
        self.add_object(f"{SRC}org/2", "Organization", name="Sozialausschuss")
        self.add_object(f"{SRC}person/1", "Person", name="Erika Beispiel")
        self.add_object(f"{SRC}meeting/1", "Meeting", start="2021-03-04T17:00:00+01:00")

    def add_object(self, url, kind, **fields):
        self.extra[url] = {"id": url, "type": self.version + kind, **fields}

    def paper(self, n, modified, **fields):
        url = f"{SRC}paper/{n}"
        self.papers[url] = {
            "id": url,
            "type": self.version + "Paper",
            "name": f"Anfrage {n}",
            "reference": f"V/{n}",
            "date": "2021-02-01",
            "paperType": "Anfrage",
            "originatorOrganization": [f"{SRC}org/1"],
            "originatorPerson": [f"{SRC}person/1"],
            "consultation": [
                {
                    "id": f"{SRC}consultation/{n}",
                    "type": self.version + "Consultation",
                    "meeting": f"{SRC}meeting/1",
                    "organization": [f"{SRC}org/2"],
                }
            ],
            "mainFile": {
                "id": f"{SRC}file/{n}",
                "type": self.version + "File",
                "accessUrl": f"{SRC}file/{n}.txt",
                "text": f"Volltext der Anfrage {n}",
            },
            "web": f"https://ris.example.org/vorlage/{n}",
            "created": "2021-02-01T10:00:00+01:00",
            "modified": modified,
            **fields,
        }
        return url

    def __call__(self, url):
        self.requests.append(url)
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}{parts.path}"
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if base == SRC:
            data = {
                "id": SRC,
                "type": self.version + "System",
                "oparlVersion": self.version,
                "body": f"{SRC}bodies",
            }
        elif base == f"{SRC}bodies":
            body = {"id": f"{SRC}body/1", "type": self.version + "Body"}
            data = {"data": [{**body, "name": "Stadt", "paper": f"{SRC}papers"}]}
        elif base == f"{SRC}papers":
            papers = list(self.papers.values())
            if "modified_since" in query:
                since = query["modified_since"]
                papers = [p for p in papers if p["modified"] >= since]
            page = int(query.get("page", 1))
            data = {
                "data": papers[(page - 1) * 2 : page * 2],
                "pagination": {"totalElements": len(papers)},
                "links": {},
            }
            if page * 2 < len(papers):
                query["page"] = str(page + 1)
                data["links"]["next"] = f"{base}?" + "&".join(
                    f"{k}={v}" for k, v in query.items()
                )
        elif base in self.extra:
            data = self.extra[base]
        else:
            raise ImportFailed(f"{url} antwortet mit HTTP 404 (Not Found).")
        return json.dumps(data).encode()


def test_import_incremental_with_tombstones_and_staff_edits(monkeypatch):
    """A second run asks only for what changed, applies tombstones, keeps
    staff edits and reports the conflict."""
    source = Source()
    for n in range(1, 6):
        source.paper(n, "2021-02-01T10:00:00+01:00")
    run = oparl_import(url=SRC, fetch=source)
    assert run.counts["Anfragen neu"] == 5
    inquiry = Inquiry.objects.get(reference_number="V/1")
    assert inquiry.status == Inquiry.Status.RECEIVED
    assert inquiry.faction.name == "Grüne Zukunft"
    assert inquiry.committee.name == "Sozialausschuss"
    assert str(inquiry.meeting_date) == "2021-03-04"
    assert inquiry.signed_by.name == "Erika Beispiel"
    assert inquiry.source_web == "https://ris.example.org/vorlage/1"
    assert inquiry.preamble == "Volltext der Anfrage 1"
    pages_read = [u for u in source.requests if u.startswith(f"{SRC}papers")]
    assert len(pages_read) == 3  # links.next followed

    # Unchanged source: nothing asked for beyond the change date, nothing done.
    source.requests.clear()
    run = oparl_import(url=SRC, fetch=source)
    assert "modified_since=" in [u for u in source.requests if "papers" in u][0]
    assert set(run.counts) <= {"Papiere gelesen"}

    # Staff edit the title of V/1; the source changes title of V/1 and V/2,
    # deletes V/3 and answers V/2.
    Inquiry.objects.filter(reference_number="V/1").update(title="Von Hand")
    later = "2030-01-01T10:00:00+01:00"
    source.paper(1, later, name="Neuer Titel 1")
    source.paper(2, later, name="Neuer Titel 2")
    source.papers[f"{SRC}paper/3"] = {
        "id": f"{SRC}paper/3",
        "type": source.version + "Paper",
        "deleted": True,
        "modified": later,
    }
    source.papers[f"{SRC}paper/9"] = {
        "id": f"{SRC}paper/9",
        "type": source.version + "Paper",
        "name": "Antwort",
        "paperType": "Beantwortung einer Anfrage",
        "date": "2021-03-01",
        "superordinatedPaper": [f"{SRC}paper/2"],
        "modified": later,
    }
    run = oparl_import(url=SRC, fetch=source)
    assert Inquiry.objects.get(reference_number="V/1").title == "Von Hand"
    assert "Konflikt bei V/1" in run.report
    assert run.counts["Konflikte"] == 1, run.report
    answered = Inquiry.objects.get(reference_number="V/2")
    assert answered.title == "Neuer Titel 2"
    assert answered.status == Inquiry.Status.ANSWERED
    assert str(answered.answered_on) == "2021-03-01"
    assert not Inquiry.objects.filter(reference_number="V/3").exists()


def test_a_bad_page_writes_nothing_of_itself(monkeypatch):
    """An invalid object on page two: page one stays, page two is not
    written, the command fails with a German message (exit code 1)."""
    source = Source()
    for n in range(1, 4):
        source.paper(n, "2021-02-01T10:00:00+01:00")
    source.papers[f"{SRC}paper/4"] = {"id": f"{SRC}paper/4", "type": "kaputt"}
    monkeypatch.setattr(importer, "http_fetch", source)
    with pytest.raises(CommandError, match="kein OParl-Objekt") as failure:
        call_command("oparl_import", SRC)
    assert failure.value.returncode == 1
    assert set(Inquiry.objects.values_list("reference_number", flat=True)) == {
        "V/1",
        "V/2",
    }
    run = OparlImportRun.objects.get()
    assert run.outcome == OparlImportRun.Outcome.FAILED
    assert run.counts["Anfragen neu"] == 2  # page two was rolled back


def test_command_shows_progress_and_counts(monkeypatch, capsys):
    """The command prints a bar per page and the counts at the end."""
    source = Source()
    for n in range(1, 4):
        source.paper(n, "2021-02-01T10:00:00+01:00")
    monkeypatch.setattr(importer, "http_fetch", source)
    call_command("oparl_import", SRC)
    out, err = capsys.readouterr()
    assert "Stadt: [#############.......] 2/3 Papiere (Seite 1)" in err
    assert "Anfragen neu: 3" in out


@pytest.mark.parametrize(
    "answer, message",
    [
        (b"<html>Wartung</html>", "kein JSON"),
        (
            json.dumps({"id": SRC, "type": "https://schema.oparl.org/2.0/System"}),
            "Version",
        ),
        (json.dumps({"id": SRC, "name": "x"}), "kein OParl-Objekt"),
    ],
)
def test_bad_sources_get_german_messages(answer, message):
    """Not OParl or a wrong version: a German message, nothing written."""
    data = answer if isinstance(answer, bytes) else answer.encode()
    with pytest.raises(ImportFailed, match=message):
        oparl_import(url=SRC, fetch=lambda url: data)
    assert not Inquiry.objects.exists()


def test_unreachable_and_slow_sources():
    """Connection refused and timeouts end with a German message."""
    with pytest.raises(ImportFailed, match="nicht erreichbar"):
        oparl_import(url="http://127.0.0.1:9/oparl/")
    with pytest.raises(CommandError, match="Import fehlgeschlagen"):
        call_command("oparl_import", "http://127.0.0.1:9/oparl/")


def test_the_oparl_examples_import():
    """The official examples (1.1): the answer Paper-01 and its inquiry,
    with consultation, meeting, person and files."""
    examples = {
        path.stem: json.loads(path.read_text("utf-8"))
        for path in EXAMPLES.glob("*.json")
    }
    answer = examples["Paper-01"]
    inquiry = copy.deepcopy(answer)
    inquiry.update(
        id="https://oparl.example.org/paper/699",
        name="Anfrage 1200/2014",
        reference="1200/2014",
        paperType="Anfrage",
        relatedPaper=[answer["id"]],
    )
    del inquiry["mainFile"]
    served = {
        "https://oparl.example.org/": examples["System-01"],
        "https://oparl.example.org/bodies": {"data": [examples["Body-01"]]},
        examples["Body-01"]["paper"]: {"data": [inquiry, answer], "links": {}},
    }
    organization = examples["Organization-01"]
    for url in inquiry["originatorOrganization"] + [
        "https://oparl.example.org/organization/96"
    ]:
        served[url] = {**organization, "id": url}
    served["https://oparl.example.org/organization/2000"]["classification"] = "Fraktion"
    served["https://oparl.example.org/organization/2000"]["shortName"] = "SPD"
    for url in inquiry["originatorPerson"]:
        served[url] = {**examples["Person-01"], "id": url}
    served["https://oparl.example.org/meeting/243"] = {
        **examples["Meeting-01"],
        "id": "https://oparl.example.org/meeting/243",
    }
    for item in inquiry["auxiliaryFile"]:
        served[item["downloadUrl"]] = b"%PDF-1.4 Beispiel"

    def fetch(url):
        if url not in served:
            raise ImportFailed(f"{url} antwortet mit HTTP 404 (Not Found).")
        value = served[url]
        return value if isinstance(value, bytes) else json.dumps(value).encode()

    run = oparl_import(url="https://oparl.example.org/", fetch=fetch)
    assert run.outcome == OparlImportRun.Outcome.DONE, run.report
    imported = Inquiry.objects.get(reference_number="1200/2014")
    assert imported.faction.name == "SPD"
    assert imported.committee.name == "Ausschuss für Haushalt und Finanzen"
    assert str(imported.meeting_date) == "2013-01-04"
    assert imported.signed_by.family_name == "Mustermann"
    assert imported.status == Inquiry.Status.ANSWERED
    assert str(imported.answered_on) == "2014-04-04"
    attachment = Attachment.objects.get(inquiry=imported)
    assert attachment.file_mime_type == "application/pdf"
    assert Counter(run.counts)["Anfragen neu"] == 1


def test_the_nightly_run_goes_through_the_task_queue(settings, db):
    """`oparl_import --einreihen` hands the run to the task worker, which
    records it; without a source it says so in German."""
    from django.core.management import CommandError, call_command

    from inquiries.models import OparlImportRun

    settings.OPARL_IMPORT_URL = ""
    with pytest.raises(CommandError, match="Keine Quelle"):
        call_command("oparl_import", "--einreihen")
    settings.OPARL_IMPORT_URL = "http://127.0.0.1:9/oparl/v1.1/"  # nobody there
    call_command("oparl_import", "--einreihen")  # immediate backend in tests
    run = OparlImportRun.objects.get()
    assert run.url == settings.OPARL_IMPORT_URL
    assert run.outcome == OparlImportRun.Outcome.FAILED
