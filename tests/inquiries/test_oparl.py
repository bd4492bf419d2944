"""The OParl 1.1 API: crawled from the System object, checked against the
official schemas, filters, deletions, privacy and query counts."""

import datetime
import functools
import hashlib
import json
import re
from collections import deque
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

import factory
import jsonschema
import pytest
from factory.django import DjangoModelFactory

from inquiries.models import Attachment, Inquiry, OparlTombstone, Person
from inquiries.oparl import views as oparl
from tests.factories import CommitteeFactory, FactionFactory, InquiryFactory
from tests.factories import QuestionFactory as BaseQuestionFactory

pytestmark = pytest.mark.django_db

ROOT = "http://testserver/oparl/v1.1/"
BODY = ROOT + "body/kassel"
SCHEMA_DIR = Path(__file__).resolve().parents[3] / "shared" / "oparl" / "schema"
BERLIN = ZoneInfo("Europe/Berlin")
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
SECRETS = ("Erika Intern", "Vertraulicher Vermerk", "Geheimer Entwurf")
LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agenda-item",
    "consultation",
    "file",
    "location",
    "legislative-term",
    "membership",
)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    role = "Stadtverordnete"
    faction = factory.SubFactory(FactionFactory)


class AttachmentFactory(DjangoModelFactory):
    class Meta:
        model = Attachment

    inquiry = factory.SubFactory(InquiryFactory)
    title = factory.Sequence(lambda n: f"Anlage {n}")
    file = factory.Sequence(
        lambda n: ContentFile(f"Text der Anlage {n}\n".encode(), name=f"anlage-{n}.txt")
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


class QuestionFactory(BaseQuestionFactory):
    answer = "Öffentliche Antwort"


def make_world(scale=1):
    """Per unit: two factions' inquiries, one answered in a meeting with a
    public file, one draft with a secret answer, a hidden attachment and one
    attachment only on paper."""
    for n in range(scale):
        committee = CommitteeFactory()
        signer = PersonFactory()
        answered = InquiryFactory(
            faction=signer.faction,
            signed_by=signer,
            committee=committee,
            meeting_date=datetime.date(2020, 6, 19),
            answer_signed_by=PersonFactory(faction=None, role="Stadtrat"),
        )
        QuestionFactory(inquiry=answered)
        AttachmentFactory(inquiry=answered)
        AttachmentFactory(inquiry=answered, file="", note="nur auf Papier")
        AttachmentFactory(inquiry=answered, is_public=False, title=f"Intern {n}")
        draft = InquiryFactory(
            faction=signer.faction,
            status=Inquiry.Status.DRAFT,
            answered_on=None,
            committee=committee,
            meeting_date=None,
            answer_signed_by=PersonFactory(faction=None, role="Dezernent"),
        )
        QuestionFactory(inquiry=draft, answer="Geheimer Entwurf")


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


# Schema validation: the OParl schema files mark embedded objects with a
# non-standard "schema" key; resolve those into plain JSON Schema.

FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("url")
def is_url(value):
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@FORMATS.checks("date")
def is_date(value):
    return bool(re.fullmatch(r"\d{4}-\d\d-\d\d", value)) and bool(
        datetime.date.fromisoformat(value)
    )


@FORMATS.checks("date-time")
def is_date_time(value):
    return bool(DATE_TIME.fullmatch(value)) and bool(
        datetime.datetime.fromisoformat(value)
    )


NON_STANDARD = {"schema", "references", "backreference", "cardinality"}


def plain(schema):
    if schema.get("type") == "object" and "schema" in schema:
        return load_schema(schema["schema"].removesuffix(".json"))
    result = {
        key: value
        for key, value in schema.items()
        if key not in NON_STANDARD | {"description", "title"}
    }
    if "properties" in result:
        result["properties"] = {
            name: plain(value) for name, value in result["properties"].items()
        }
        result["additionalProperties"] = False  # catches misspelt keys
    if "items" in result:
        if result.get("type") == "array":
            result["items"] = plain(result["items"])
        else:
            del result["items"]  # "externalList": a URL, not an array
    return result


@functools.cache
def load_schema(kind):
    return plain(json.loads((SCHEMA_DIR / f"{kind}.json").read_text("utf-8")))


def validate(obj):
    kind = obj["type"].removeprefix("https://schema.oparl.org/1.1/")
    if SCHEMA_DIR.exists():
        schema = load_schema(kind)
        if obj.get("deleted"):
            # Spec 2.8: a deleted object keeps id, type, created, modified
            # and deleted; every other property may go.
            assert set(obj) == {"id", "type", "created", "modified", "deleted"}
            schema = {**schema, "required": ["id", "type"]}
        jsonschema.Draft7Validator(schema, format_checker=FORMATS).validate(obj)
    check_values(obj, path=obj["id"])


def check_values(value, path):
    """No null, no empty string, every created/modified like the spec's examples."""
    assert value is not None, path
    assert value != "", path
    if isinstance(value, dict):
        for key in ("created", "modified"):
            if key in value:
                assert DATE_TIME.fullmatch(value[key]), (path, key, value[key])
        for key, item in value.items():
            check_values(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            check_values(item, path)


BYTES = ("accessUrl", "downloadUrl")  # a file's bytes, not an OParl object


def api_urls(value):
    if isinstance(value, str):
        if value.startswith(ROOT):
            yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in BYTES:
                yield from api_urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from api_urls(item)


def embedded_objects(obj):
    """Objects output inside ``obj`` (files, consultations, terms …)."""
    for value in obj.values():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict) and "type" in item:
                yield item
                yield from embedded_objects(item)


def check_file_bytes(client, file):
    """accessUrl and downloadUrl serve the bytes that size, sha512Checksum,
    mimeType and text describe; downloadUrl as an attachment."""
    if file.get("deleted"):
        return
    access = client.get(file["accessUrl"])
    assert access.status_code == 200, file["accessUrl"]
    data = b"".join(access.streaming_content) if access.streaming else access.content
    assert access["Access-Control-Allow-Origin"] == "*"
    assert access["Content-Type"].split(";")[0] == file["mimeType"]
    assert len(data) == file["size"]
    assert hashlib.sha512(data).hexdigest() == file["sha512Checksum"]
    if file["mimeType"].startswith("text/"):
        assert data.decode("utf-8") == file["text"]
    download = client.get(file["downloadUrl"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")


def crawl(client):
    """Fetch every API URL reachable from the System object; return
    {url: response} and the objects seen inside lists and other objects."""
    seen, queue, pages, seen_files = set(), deque([ROOT]), {}, set()
    listed, embedded = [], []
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        page = get(client, url)
        pages[url] = page
        if "data" in page:
            assert set(page) == {"data", "pagination", "links"}, url
            assert set(page["pagination"]) == {
                "totalElements",
                "elementsPerPage",
                "currentPage",
                "totalPages",
            }
            objects = page["data"]
            listed += objects
        else:
            objects = [page]
            assert page["id"] == url, "an object's id is the URL it came from"
        for obj in objects:
            validate(obj)
            inner = list(embedded_objects(obj))
            for item in inner:
                validate(item)
            embedded += inner
            for item in [obj, *inner]:
                if item["type"].endswith("/File") and item["id"] not in seen_files:
                    seen_files.add(item["id"])
                    check_file_bytes(client, item)
        queue.extend(u for u in api_urls(page) if u not in seen)
    return pages, listed, embedded


def assert_consistent(pages, listed, embedded):
    for obj in listed:
        assert pages[obj["id"]] == obj, "a list entry equals the object itself"
    for obj in embedded:
        fetched = pages[obj["id"]]
        # Embedded objects may leave out back references (paper, person, body).
        assert {key: fetched[key] for key in obj} == obj


def types_of(pages):
    kinds = set()
    for page in pages.values():
        for obj in page.get("data", [page]):
            kinds.add(obj["type"].rsplit("/", 1)[1])
    return kinds


def test_crawl_reaches_every_object_and_each_is_valid(client, monkeypatch):
    """Everything reachable from the System object is valid OParl 1.1."""
    monkeypatch.setattr(oparl, "DEFAULT_PAGE_SIZE", 2)  # crawl through pages
    make_world(scale=3)
    pages, listed, embedded = crawl(client)
    assert_consistent(pages, listed, embedded)
    assert types_of(pages) == {
        "System",
        "Body",
        "LegislativeTerm",
        "Organization",
        "Person",
        "Membership",
        "Paper",
        "Consultation",
        "Meeting",
        "File",
    }
    papers = [page for url, page in pages.items() if "/paper/" in url]
    assert len(papers) == 3 * 2 + 3  # inquiries and the answered ones' answers
    assert f"{BODY}/paper?page=5" in pages  # 9 papers, 2 a page


def test_crawl_of_the_seed_data(client, seed):
    """The three seed inquiries come out as expected, answers included."""
    pages, listed, embedded = crawl(client)
    assert_consistent(pages, listed, embedded)
    inquiry = Inquiry.objects.get(reference_number="101.18.1671")
    paper = dict(pages[f"{ROOT}paper/{inquiry.pk}"])
    faction = inquiry.faction_id
    main_file = paper.pop("mainFile")
    assert main_file["id"] == f"{ROOT}file/anfrage-{inquiry.pk}"
    assert main_file["mimeType"] == "text/markdown"
    question = inquiry.questions.order_by("position").first()
    assert question.text[:40] in main_file["text"]
    assert question.answer[:40] in main_file["text"]
    assert paper == {
        "id": f"{ROOT}paper/{inquiry.pk}",
        "type": "https://schema.oparl.org/1.1/Paper",
        "body": BODY,
        "name": "Neufassung Integrationskonzept",
        "reference": "101.18.1671",
        "date": "2020-05-05",
        "paperType": "Anfrage",
        "relatedPaper": [f"{ROOT}paper/{inquiry.pk}/antwort"],
        "subordinatedPaper": [f"{ROOT}paper/{inquiry.pk}/antwort"],
        "originatorPerson": [f"{ROOT}person/{inquiry.signed_by_id}"],
        "underDirectionOf": [f"{ROOT}organization/magistrat"],
        "originatorOrganization": [f"{ROOT}organization/fraktion-{faction}"],
        "consultation": [
            {
                "id": f"{ROOT}consultation/{inquiry.pk}",
                "type": "https://schema.oparl.org/1.1/Consultation",
                # 19 June 2020 is the council's receipt stamp, not a meeting.
                "organization": [
                    f"{ROOT}organization/ausschuss-{inquiry.committee_id}"
                ],
                "authoritative": False,
                "created": "2020-05-05T10:00:00+02:00",
                "modified": "2020-06-12T10:00:00+02:00",
            }
        ],
        "web": "http://testserver/anfragen/101.18.1671/",
        "created": "2020-05-05T10:00:00+02:00",
        "modified": "2020-06-12T10:00:00+02:00",
    }
    answer = pages[f"{ROOT}paper/{inquiry.pk}/antwort"]
    assert answer["paperType"] == "Beantwortung einer Anfrage"
    assert "date" not in answer  # the answer is undated (only receipt stamps)
    assert answer["mainFile"]["id"] == main_file["id"]  # the full text
    assert pages[f"{BODY}/paper"]["pagination"]["totalElements"] == 6
    assert f"{ROOT}meeting/{inquiry.committee_id}-20200619" not in pages
    # The seed's only attachment exists on paper alone: the files are the
    # three inquiries' full texts.
    files = pages[f"{BODY}/file"]["data"]
    assert [f["id"].rsplit("/", 1)[1][:8] for f in files] == ["anfrage-"] * 3
    people = {p["name"]: p for p in pages[f"{BODY}/person"]["data"]}
    assert people["Boris Mijatovic"]["membership"][0]["organization"] == (
        f"{ROOT}organization/fraktion-{faction}"
    )


def test_internal_data_never_leaves(client):
    """Internal contact and note, draft answers and hidden files stay inside."""
    make_world()
    draft = Inquiry.objects.get(status=Inquiry.Status.DRAFT)
    pages, _, _ = crawl(client)
    dump = json.dumps(pages, ensure_ascii=False)
    for secret in (*SECRETS, "Intern 0", "nur auf Papier"):
        assert secret not in dump
    answered = Inquiry.objects.get(status=Inquiry.Status.ANSWERED)
    full_text = pages[f"{ROOT}file/anfrage-{answered.pk}"]["text"]
    assert "Öffentliche Antwort" in full_text  # published with the answer
    assert "internal" not in dump
    assert f"{ROOT}paper/{draft.pk}/antwort" not in dump
    get(client, f"{ROOT}paper/{draft.pk}/antwort", status=404)
    hidden = Attachment.objects.get(is_public=False)
    get(client, f"{ROOT}file/{hidden.pk}", status=404)
    assert "relatedPaper" not in pages[f"{ROOT}paper/{draft.pk}"]


def test_pagination_links_lead_through_every_page(client):
    """Following links.next visits every paper once, elementsPerPage at a time."""
    make_world(scale=3)
    url, ids, numbers = f"{BODY}/paper?elementsPerPage=2", [], []
    while url:
        page = get(client, url)
        assert len(page["data"]) <= 2
        assert page["pagination"]["elementsPerPage"] == 2
        assert page["links"]["self"] == url or page["pagination"]["currentPage"] == 1
        numbers.append(page["pagination"]["currentPage"])
        ids += [paper["id"] for paper in page["data"]]
        url = page["links"].get("next")
    assert numbers == [1, 2, 3, 4, 5]
    assert len(ids) == len(set(ids)) == 9
    assert page["links"]["prev"] == f"{BODY}/paper?elementsPerPage=2&page=4"
    assert page["links"]["first"] == f"{BODY}/paper?elementsPerPage=2"
    get(client, f"{BODY}/paper?page=6", status=404)
    get(client, f"{BODY}/paper?page=0", status=400)
    capped = get(client, f"{BODY}/paper?elementsPerPage=100000")
    assert capped["pagination"]["elementsPerPage"] == oparl.MAX_PAGE_SIZE


def stamp(obj, created, modified):
    type(obj).objects.filter(pk=obj.pk).update(created=created, modified=modified)


def at(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def test_filters_select_by_created_and_modified(client):
    """created_since/until and modified_since/until narrow every list."""
    old = InquiryFactory(status=Inquiry.Status.RECEIVED, answered_on=None)
    new = InquiryFactory(status=Inquiry.Status.RECEIVED, answered_on=None)
    stamp(old, at(2010, 1, 1, 10), at(2010, 1, 2, 10, 0, 0, 500_000))
    stamp(new, at(2020, 1, 1, 10), at(2020, 1, 2, 10))

    def papers(query):
        return [p["id"] for p in get(client, f"{BODY}/paper?{query}")["data"]]

    old_id, new_id = f"{ROOT}paper/{old.pk}", f"{ROOT}paper/{new.pk}"
    assert papers("created_since=2015-01-01T00%3A00%3A00%2B01%3A00") == [new_id]
    assert papers("created_until=2015-01-01T00%3A00%3A00%2B01%3A00") == [old_id]
    assert papers("modified_since=2020-01-02T10%3A00%3A00%2B01%3A00") == [new_id]
    # Until is inclusive at the shown precision (whole seconds).
    assert papers("modified_until=2010-01-02T10%3A00%3A00%2B01%3A00") == [old_id]
    assert papers("modified_until=2010-01-02T09%3A59%3A59%2B01%3A00") == []
    # A "+" left unencoded arrives as a space and is still understood.
    assert papers("created_since=2015-01-01T00:00:00+01:00") == [new_id]
    both = "created_since=2009-01-01T00%3A00%3A00Z&created_until=2030-01-01T00%3A00Z"
    assert papers(both) == [old_id, new_id]
    since = "modified_since=2009-01-01T00%3A00%3A00%2B01%3A00"
    for name in LISTS:
        assert get(client, f"{BODY}/{name}?{since}")["links"]["first"].endswith(since)


def test_meetings_are_counted_once_per_committee_and_day(client):
    """Inquiries of the same committee and day make one meeting, another
    committee on that day another one; the list's totalElements agrees with
    its data, with and without a time filter."""
    committee, other = CommitteeFactory(), CommitteeFactory()
    for day in (19, 19, 26):
        InquiryFactory(committee=committee, meeting_date=datetime.date(2020, 6, day))
    InquiryFactory(committee=committee, meeting_date=None)
    InquiryFactory(committee=other, meeting_date=datetime.date(2020, 6, 19))
    since = "modified_since=2000-01-01T00%3A00%3A00%2B01%3A00"
    for url in (f"{BODY}/meeting", f"{BODY}/meeting?{since}"):
        meetings = get(client, url)
        assert meetings["pagination"]["totalElements"] == 3
        assert [m["id"] for m in meetings["data"]] == [
            f"{ROOT}meeting/{committee.pk}-20200619",
            f"{ROOT}meeting/{committee.pk}-20200626",
            f"{ROOT}meeting/{other.pk}-20200619",
        ]


def test_filters_are_kept_in_the_links(client):
    """Every page link keeps the filters, in one canonical order."""
    make_world(scale=3)
    query = (
        "modified_until=2999-01-01T00%3A00%3A00%2B01%3A00"
        "&created_since=2000-01-01T00%3A00%3A00%2B01%3A00&elementsPerPage=1&x=y"
    )
    page = get(client, f"{BODY}/person?{query}")
    expected = (
        f"{BODY}/person?created_since=2000-01-01T00%3A00%3A00%2B01%3A00"
        "&modified_until=2999-01-01T00%3A00%3A00%2B01%3A00&elementsPerPage=1"
    )
    assert page["links"]["next"] == expected + "&page=2"
    assert page["links"]["last"] == expected + "&page=9"
    following = get(client, page["links"]["next"])
    assert following["links"]["prev"] == expected
    params = parse_qs(urlsplit(following["links"]["next"]).query)
    assert params["created_since"] == ["2000-01-01T00:00:00+01:00"]


@pytest.mark.parametrize(
    "query",
    [
        "created_since=gestern",
        "modified_until=2020-13-01T00%3A00%3A00",
        "modified_since=2020-06-12",
        "elementsPerPage=zwei",
    ],
)
def test_invalid_parameters_answer_400_in_german(client, query):
    """An unreadable filter is a 400 with a German OParl error object."""
    error = get(client, f"{BODY}/paper?{query}", status=400)
    assert error["type"] == "https://schema.oparl.org/1.1/Error"
    assert "keine" in error["message"]


OUT_OF_RANGE = {
    "created_since": "0001-01-01T00:00:00+01:00",
    "created_until": "9999-12-31T23:59:59-01:00",
    "modified_since": "0001-01-01T00:00:00+01:00",
    "modified_until": "9999-12-31T23:59:59+00:00",  # + 1 s leaves year 9999
}


@pytest.mark.parametrize("name", sorted(LISTS))
@pytest.mark.parametrize("parameter", sorted(OUT_OF_RANGE))
def test_out_of_range_dates_answer_400_on_every_list(client, name, parameter):
    """A filter date beyond the years 1 to 9999 is a 400, never a 500."""
    query = urlencode({parameter: OUT_OF_RANGE[parameter]})
    error = get(client, f"{BODY}/{name}?{query}", status=400)
    assert error["type"] == "https://schema.oparl.org/1.1/Error"
    assert "außerhalb" in error["message"]


@pytest.mark.parametrize(
    "path",
    [
        "meeting/9223372036854775808-20200101",
        "meeting/99999999999999999999-20200101",
        "meeting/9223372036854775807-20200101",
        "paper/9223372036854775808",
        "paper/9223372036854775808/antwort",
        "person/9223372036854775808",
        "file/99999999999999999999999999",
        "organization/fraktion-9223372036854775808",
    ],
)
def test_ids_beyond_the_database_answer_404(client, path):
    """Object ids too large for the database are a JSON 404, never a 500."""
    assert "message" in get(client, ROOT + path, status=404)


def test_not_modified_carries_etag_and_cors(client):
    """A 304 repeats the ETag and allows every origin, like the 200."""
    first = client.get(ROOT)
    again = client.get(ROOT, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again["Access-Control-Allow-Origin"] == "*"


def test_unexpected_error_is_an_oparl_500(client, monkeypatch):
    """A bug answers 500 as an OParl error object with CORS, not as HTML."""

    def broken(api):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(oparl, "system_data", broken)
    error = get(client, ROOT, status=500)
    assert error["type"] == "https://schema.oparl.org/1.1/Error"
    assert "kaputt" not in error["message"]


def test_deleted_inquiry_shows_only_with_modified_since(client):
    """A deleted inquiry (and its answer) is listed as deleted after a change date."""
    InquiryFactory()
    gone = InquiryFactory()
    created = Inquiry.objects.get(pk=gone.pk).created
    pk = gone.pk
    gone.delete()
    since = "modified_since=2000-01-01T00%3A00%3A00%2B01%3A00"
    plain_ids = [p["id"] for p in get(client, f"{BODY}/paper")["data"]]
    assert f"{ROOT}paper/{pk}" not in plain_ids
    assert len(plain_ids) == 2
    data = get(client, f"{BODY}/paper?{since}")["data"]
    deleted = [paper for paper in data if paper.get("deleted")]
    assert [paper["id"] for paper in deleted] == [
        f"{ROOT}paper/{pk}",
        f"{ROOT}paper/{pk}/antwort",
    ]
    deletion = OparlTombstone.objects.get(path=f"paper/{pk}").deleted_at
    assert deleted[0] == {
        "id": f"{ROOT}paper/{pk}",
        "type": "https://schema.oparl.org/1.1/Paper",
        "created": created.astimezone(BERLIN).replace(microsecond=0).isoformat(),
        "modified": deletion.astimezone(BERLIN).replace(microsecond=0).isoformat(),
        "deleted": True,
    }
    for paper in deleted:
        validate(paper)
        assert get(client, paper["id"]) == paper  # not a 404 (spec 2.8)
    later = "modified_since=2999-01-01T00%3A00%3A00%2B01%3A00"
    assert get(client, f"{BODY}/paper?{later}")["data"] == []


def test_deleted_files_persons_and_factions_stay_visible(client):
    """Other main objects deleted are kept as deleted objects, too."""
    attachment = AttachmentFactory()
    person = PersonFactory()
    faction = FactionFactory()
    ids = [
        f"{ROOT}file/{attachment.pk}",
        f"{ROOT}person/{person.pk}",
        f"{ROOT}organization/fraktion-{faction.pk}",
    ]
    for obj in (attachment, person, faction):
        obj.delete()
    since = "modified_since=2000-01-01T00%3A00%3A00%2B01%3A00"
    for url, name in zip(ids, ("file", "person", "organization"), strict=True):
        assert get(client, url)["deleted"] is True
        listed = get(client, f"{BODY}/{name}?{since}")["data"]
        assert url in [obj["id"] for obj in listed if obj.get("deleted")]
        assert url not in [obj["id"] for obj in get(client, f"{BODY}/{name}")["data"]]


@pytest.mark.parametrize(
    "path",
    [
        "paper/999999",
        "paper/0",
        "paper/01",
        "meeting/1-20200230",
        "organization/fraktion-999",
        "legislative-term/1999",
        "membership/999",
        "unbekannt",
        "paper/1/",
    ],
)
def test_unknown_objects_are_json_404(client, path):
    """Unknown or non-canonical addresses answer 404 in JSON."""
    InquiryFactory()
    error = get(client, ROOT + path, status=404)
    assert set(error) == {"type", "message"}
    assert error["type"] == "https://schema.oparl.org/1.1/Error"


def test_api_is_read_only(client):
    """POST is refused with 405 and the allowed methods."""
    response = client.post(ROOT)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response["Access-Control-Allow-Origin"] == "*"


# Queries per list page (sources in order; "+1" = prefetch):
#   organization: count factions, count committees, factions +1 members,
#                 committees = 5 (Magistrat is a constant)
#   person, membership, meeting, consultation: count + page = 2
#   file: count attachments, count full texts, attachments, full texts
#         (stored with the inquiry) = 4
#   paper: count inquiries and answers (one query), inquiries +1 files,
#          answers = 4
#   body, legislative-term, agenda-item, location: constants, 0
# With modified_since the tombstones add count + page to every list of
# objects that can disappear.
LIST_QUERIES = {
    "organization": 5,
    "person": 2,
    "membership": 2,
    "meeting": 2,
    "consultation": 2,
    "file": 4,
    "paper": 4,
    "legislative-term": 0,
    "agenda-item": 0,
    "location": 0,
}
DELETION_QUERIES = {
    name: 2  # the tombstones of the list's type: count + page
    for name in (
        "organization",
        "person",
        "paper",
        "file",
        "membership",
        "meeting",
        "consultation",
    )
}
VERSION = 1  # every response reads the data version (ETag, cache key)


@pytest.mark.parametrize("scale", [1, 20])
@pytest.mark.parametrize("name", sorted(LIST_QUERIES))
def test_list_query_count_does_not_grow(client, django_assert_num_queries, name, scale):
    """Each list costs the same queries for 1 and for 20 units of data."""
    make_world(scale)
    faction, committee = FactionFactory(), CommitteeFactory()
    inquiry = Inquiry.objects.first()
    for n in range(scale):  # one deleted object of each kind per unit
        day = datetime.date(2001, 1, 1) + datetime.timedelta(days=n)
        InquiryFactory(faction=faction, committee=committee, meeting_date=day).delete()
        PersonFactory(faction=faction).delete()
        FactionFactory().delete()
        CommitteeFactory().delete()
        AttachmentFactory(inquiry=inquiry).delete()
    with django_assert_num_queries(VERSION + LIST_QUERIES[name]):
        page = get(client, f"{BODY}/{name}")
    assert len(page["data"]) >= (scale if LIST_QUERIES[name] else 0)
    since = "modified_since=2000-01-01T00%3A00%3A00%2B01%3A00"
    queries = VERSION + LIST_QUERIES[name] + DELETION_QUERIES.get(name, 0)
    with django_assert_num_queries(queries):
        get(client, f"{BODY}/{name}?{since}")


# Queries per object: paper = inquiry +1 files; answer and full text =
# inquiry (the full text is stored with it); faction = faction +1 members;
# everything else one query; System, Body, terms, Magistrat none.
@pytest.mark.parametrize("scale", [1, 20])
def test_detail_query_counts(client, django_assert_num_queries, scale):
    """An object costs the same queries however many files or members it has."""
    inquiry = InquiryFactory(meeting_date=datetime.date(2020, 6, 19))
    AttachmentFactory.create_batch(scale, inquiry=inquiry)
    PersonFactory.create_batch(scale, faction=inquiry.faction)
    person = Person.objects.first()
    file = Attachment.objects.first()
    expected = {
        "": 0,
        "body/kassel": 0,
        "organization/magistrat": 0,
        "legislative-term/2016": 0,
        f"paper/{inquiry.pk}": 2,
        f"paper/{inquiry.pk}/antwort": 1,
        f"file/anfrage-{inquiry.pk}": 1,
        f"organization/fraktion-{inquiry.faction_id}": 2,
        f"organization/ausschuss-{inquiry.committee_id}": 1,
        f"person/{person.pk}": 1,
        f"membership/{person.pk}": 1,
        f"consultation/{inquiry.pk}": 1,
        f"meeting/{inquiry.committee_id}-20200619": 1,
        f"file/{file.pk}": 1,
    }
    for path, queries in expected.items():
        with django_assert_num_queries(VERSION + queries):
            get(client, ROOT + path)
    assert len(get(client, f"{ROOT}paper/{inquiry.pk}")["auxiliaryFile"]) == scale


def test_meetings_start_on_their_day(client):
    """A meeting starts on its day (the time is not recorded), as importers
    such as meine-stadt-transparent's require."""
    inquiry = InquiryFactory(meeting_date=datetime.date(2020, 6, 19))
    meeting = get(client, f"{ROOT}meeting/{inquiry.committee_id}-20200619")
    assert meeting["start"] == "2020-06-19T00:00:00+02:00"
    assert "end" not in meeting
    validate(meeting)


def test_person_name_parts_where_known(client):
    """Family name, given name, form of address and title fill their fields."""
    person = PersonFactory(
        name="Dr. Erika Muster",
        given_name="Erika",
        family_name="Muster",
        form_of_address="Stadtverordnete",
        title="Dr.",
    )
    plain = PersonFactory(name="Rothlauf")
    data = get(client, f"{ROOT}person/{person.pk}")
    validate(data)
    assert (data["familyName"], data["givenName"]) == ("Muster", "Erika")
    assert (data["formOfAddress"], data["title"]) == ("Stadtverordnete", ["Dr."])
    data = get(client, f"{ROOT}person/{plain.pk}")
    assert not {"familyName", "givenName", "formOfAddress", "title"} & set(data)


def test_omit_internal_leaves_embedded_objects_out(client):
    """With omit_internal=true no object embeds another; the links keep it."""
    make_world(scale=2)
    for url in (f"{BODY}/person", f"{BODY}/paper", f"{BODY}/organization", BODY):
        page = get(client, f"{url}?omit_internal=true")
        for obj in page.get("data", [page]):
            validate(obj)
            assert list(embedded_objects(obj)) == [], obj["id"]
    page = get(client, f"{BODY}/paper?omit_internal=true&elementsPerPage=1")
    assert page["links"]["next"].endswith("omit_internal=true&elementsPerPage=1&page=2")
    full = get(client, f"{BODY}/paper")["data"]
    assert any(list(embedded_objects(obj)) for obj in full)


def changed_since(client, moment):
    """Every object the lists show under modified_since=moment: {id: object}."""
    query = urlencode({"modified_since": moment.isoformat(timespec="seconds")})
    found = {}
    for name in LISTS:
        url = f"{BODY}/{name}?{query}"
        while url:
            page = get(client, url)
            for obj in page["data"]:
                validate(obj)
                found[obj["id"]] = obj
            url = page["links"].get("next")
    return found


def referenced(pages):
    return {url.split("?")[0] for page in pages.values() for url in api_urls(page)}


def test_crawl_after_edits_every_reference_resolves_and_every_change_shows(client):
    """After an attachment is added, a committee and a faction changed and an
    inquiry deleted, every URL ever served resolves (live or as a tombstone)
    and each change is listed under modified_since of the moment before it."""
    from django.utils import timezone

    make_world(scale=2)
    first, _, _ = crawl(client)
    first_urls = set(first) | referenced(first)
    kept, gone = Inquiry.objects.filter(status=Inquiry.Status.ANSWERED).order_by("pk")
    p = ROOT + "paper/"

    # 1. An attachment is added: the file is new, the paper embeds it.
    moment = timezone.now()
    added = AttachmentFactory(inquiry=kept)
    changes = changed_since(client, moment)
    assert f"{ROOT}file/{added.pk}" in changes
    assert len(changes[f"{p}{kept.pk}"]["auxiliaryFile"]) == 2

    # 2. The committee changes: the old meeting is gone, the consultation moves.
    old_meeting = f"{ROOT}meeting/{kept.committee_id}-20200619"
    moment = timezone.now()
    kept.committee = CommitteeFactory()
    kept.save()
    changes = changed_since(client, moment)
    assert changes[old_meeting]["deleted"] is True
    new_meeting = f"{ROOT}meeting/{kept.committee_id}-20200619"
    assert "deleted" not in changes[new_meeting]
    consultation = changes[f"{ROOT}consultation/{kept.pk}"]
    assert consultation["meeting"] == new_meeting
    assert f"{p}{kept.pk}" in changes

    # 3. A person changes faction, another leaves theirs.
    mover, leaver = (
        Person.objects.filter(faction__isnull=False).order_by("pk").all()[:2]
    )
    old_faction, new_faction = mover.faction_id, FactionFactory().pk
    moment = timezone.now()
    mover.faction_id = new_faction
    mover.save()
    leaver_faction = leaver.faction_id
    leaver.faction = None
    leaver.save()
    changes = changed_since(client, moment)
    membership = changes[f"{ROOT}membership/{mover.pk}"]
    assert membership["organization"] == f"{ROOT}organization/fraktion-{new_faction}"
    assert changes[f"{ROOT}membership/{leaver.pk}"]["deleted"] is True
    for faction in (old_faction, new_faction, leaver_faction):
        assert f"{ROOT}organization/fraktion-{faction}" in changes
    assert f"{ROOT}person/{mover.pk}" in changes

    # 4. An inquiry is deleted: paper, answer, consultation, meeting and file
    # become tombstones.
    gone_file = gone.attachments.filter(is_public=True).exclude(file="").get()
    gone_meeting = f"{ROOT}meeting/{gone.committee_id}-20200619"
    gone_pk = gone.pk
    moment = timezone.now()
    gone.delete()
    changes = changed_since(client, moment)
    for url in (
        f"{p}{gone_pk}",
        f"{p}{gone_pk}/antwort",
        f"{ROOT}consultation/{gone_pk}",
        gone_meeting,
        f"{ROOT}file/{gone_file.pk}",
    ):
        assert changes[url]["deleted"] is True, url

    # Nothing disappears silently: every URL served before or now resolves.
    second, listed, embedded = crawl(client)
    assert_consistent(second, listed, embedded)
    everything = changed_since(client, at(2000, 1, 1))
    for url in sorted(first_urls | set(second) | referenced(second)):
        obj = get(client, url)
        if obj.get("deleted"):
            validate(obj)
            assert everything[url] == obj, "a tombstone is listed, too"
    for url in referenced(second):
        assert not get(client, url).get("deleted"), ("live refers to dead", url)


def test_file_facts_come_from_the_bytes(client):
    """size, sha512Checksum, mimeType and text describe the stored bytes (a
    PDF's text layer included), whatever the file is called."""
    from weasyprint import HTML

    pdf = HTML(string="<p>Sprachkurse in Kassel</p>").write_pdf()
    attachment = AttachmentFactory(file=ContentFile(pdf, name="bericht.txt"))
    file = get(client, f"{ROOT}file/{attachment.pk}")
    validate(file)
    assert file["mimeType"] == "application/pdf"
    assert file["size"] == len(pdf)
    assert file["sha512Checksum"] == hashlib.sha512(pdf).hexdigest()
    assert "Sprachkurse in Kassel" in file["text"]
    check_file_bytes(client, file)
    # Replaced by a text file: the facts follow.
    attachment.file = ContentFile(b"Zweite Fassung\n", name="fassung.csv")
    attachment.save()
    file = get(client, f"{ROOT}file/{attachment.pk}")
    assert (file["mimeType"], file["text"]) == ("text/csv", "Zweite Fassung\n")
    check_file_bytes(client, file)


def test_hidden_and_missing_files_are_not_served(client):
    """Internal attachments and unknown files answer a JSON 404."""
    hidden = AttachmentFactory(is_public=False)
    for suffix in ("access", "download"):
        response = client.get(f"{ROOT}file/{hidden.pk}/{suffix}")
        assert response.status_code == 404
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response.json()["type"] == "https://schema.oparl.org/1.1/Error"
    assert client.get(f"{ROOT}file/anfrage-999/download").status_code == 404


def test_seed_signers_carry_their_name_parts(seed, client):
    """ "gez. Boris Mijatovic" and "Rothlauf" (the sources' only words for
    them) arrive in OParl's name fields, nothing added."""
    from inquiries.models import Person

    mijatovic = Person.objects.get(name="Boris Mijatovic")
    data = client.get(f"/oparl/v1.1/person/{mijatovic.pk}").json()
    assert (data["givenName"], data["familyName"]) == ("Boris", "Mijatovic")
    rothlauf = Person.objects.get(name="Rothlauf")
    data = client.get(f"/oparl/v1.1/person/{rothlauf.pk}").json()
    assert data["familyName"] == "Rothlauf" and "givenName" not in data


def test_timestamps_are_not_memoised_across_requests():
    """Issue #20 measures pages with every cache off: formatting a stamp
    must not remember values from earlier requests."""
    from inquiries.oparl.common import _datetime

    assert not hasattr(_datetime, "cache_info")
