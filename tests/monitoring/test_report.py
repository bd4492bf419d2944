"""The annual Integrationsbericht: content, accessible PDF, issuing and freeze."""

import hashlib
import subprocess

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.urls import reverse

import page
import pypdf
import pytest

from concept.models import FieldOfAction, Goal
from monitoring.models import AnnualReport, GoalStatus
from monitoring.report.context import GoalEntry, report_context
from monitoring.report.pdf import report_html
from monitoring.report.services import annual_report_request
from tests.factories import GoalStatusFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://integration.kassel.de"
    return settings.MEDIA_ROOT


@pytest.fixture
def redaktion(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        "redaktion", password="x-geheim-1234", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Redaktion"))
    return user


def _text(html: str) -> str:
    return " ".join(html.split())


def _approve(goal, year, status, **extra):
    return GoalStatusFactory(goal=goal, year=year, status=status, **extra)


def test_report_pdf_for_the_seed_is_complete_tagged_and_pdf_ua(seed, media, tmp_path):
    """manage.py integrationsbericht writes an accessible PDF that names every
    Handlungsfeld and every goal of the edition."""
    output = tmp_path / "bericht-2020.pdf"
    call_command("integrationsbericht", "2020", "--output", str(output), verbosity=0)

    text = subprocess.run(
        ["pdftotext", "-layout", str(output), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    for title in FieldOfAction.objects.filter(concept__is_current=True).values_list(
        "title", flat=True
    ):
        assert title in flat
    codes = list(
        Goal.objects.filter(concept__is_current=True).values_list("code", flat=True)
    )
    assert len(codes) == 99
    missing = [code for code in codes if code not in flat]
    assert missing == []
    assert "Seite 3 von" in flat
    assert "Integrationsbericht 2020" in flat

    reader = pypdf.PdfReader(output)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Integrationsbericht 2020 – Stadt Kassel"
    assert reader.outline, "bookmarks from the headings"

    fonts = subprocess.run(
        ["pdffonts", str(output)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts

    result = page.validate_pdf(str(output), profile="ua1")
    assert result.is_compliant, [failure.rule_id for failure in result.failures]


def test_report_shows_statuses_changes_and_evidence(
    seed, media, django_capture_on_commit_callbacks
):
    """Chapter 1 shows each goal's approved status with narrative and, after a
    first issued report, what changed since then."""
    goals = list(Goal.objects.filter(concept__is_current=True).order_by("code")[:3])
    for goal in goals:
        _approve(goal, 2019, GoalStatus.Status.PLANNED)
    with django_capture_on_commit_callbacks(execute=True):
        annual_report_request(year=2019)
    first = AnnualReport.objects.get(year=2019)
    assert first.state == AnnualReport.State.ISSUED
    assert first.status_snapshot == {goal.code: "in_planung" for goal in goals}

    _approve(
        goals[0],
        2020,
        GoalStatus.Status.IN_PROGRESS,
        narrative="**Kita-Plätze** ausgebaut",
    )
    _approve(goals[1], 2020, GoalStatus.Status.PLANNED)
    _approve(
        goals[2],
        2020,
        GoalStatus.Status.ACHIEVED,
        review=GoalStatus.Review.DRAFT,
        approved_at=None,
    )
    html = report_html(report_context(year=2020, baseline=first))
    text = _text(html)

    assert "2 von 99 Zielen haben für 2020 einen freigegebenen Umsetzungsstand" in text
    assert "<strong>Kita-Plätze</strong> ausgebaut" in html
    assert (
        f'<th scope="row">{goals[0].code}</th><td>in Planung</td><td>in Umsetzung</td>'
        in text
    )
    assert (
        f'<th scope="row">{goals[1].code}</th>'
        not in text.split("Geänderte")[1].split("</table>")[0]
    )
    # the draft is not reported: the goal counts as without status
    assert "umgesetzt" not in text.split("Was hat sich geändert")[1].split(
        "Programme und"
    )[0].replace("nicht umgesetzt", "")


def test_a_year_without_data_says_so_in_every_chapter(seed, media):
    """No empty sections: each chapter without content says so in one sentence."""
    text = _text(report_html(report_context(year=1980)))
    assert (
        "Für 1980 ist noch für keines der 99 Ziele ein Umsetzungsstand freigegeben"
        in text
    )
    assert "Für 1980 sind keine Programme oder Maßnahmen mit Laufzeit erfasst." in text
    assert "1980 fand keine erfasste Veranstaltung statt." in text
    assert (
        "1980 wurde keine Anfrage zum Integrationskonzept gestellt oder beantwortet."
        in text
    )
    assert "Bis 1980 sind keine Messwerte erfasst." in text


def test_annex_explains_a_topic_without_goals_instead_of_an_empty_table(seed, media):
    """6.2 (tasks of the Integrationsbeauftragte) has no goals of its own: the
    annex says so in one sentence; every table in it has rows."""
    html = report_html(report_context(year=2020))
    annex = html.split('id="anhang"')[1]
    assert "6.2 Aufgabenbereiche der/des Integrationsbeauftragten:" in annex
    assert "Für diesen Teilbereich nennt das Konzept keine eigenen Ziele." in annex
    assert "<tbody></tbody>" not in annex


def test_report_2020_lists_the_years_measures_events_and_inquiries(seed, media):
    """Measures running in 2020, the Runder Tisch 2020 and inquiry 101.18.1671
    appear, with absolute links to the public pages."""
    text = _text(report_html(report_context(year=2020)))
    measures = text.split('id="massnahmen"')[1].split('id="monitoring"')[0]
    assert "seit 2009" in measures  # still running
    assert "2006, 2007, 2008" not in measures  # ended before 2020
    assert "https://integration.kassel.de/anfragen/101.18.1671/" in text
    assert "101.16.1784" not in text.split('id="anfragen"')[1]
    assert "Runder Tisch" in text.split('id="veranstaltungen"')[1].split("</ul>")[0]


def test_report_context_queries_do_not_grow_with_goals(
    seed, media, django_assert_max_num_queries
):
    """Assembling the report issues a fixed number of queries, however many
    goals have statuses."""
    for goal in Goal.objects.filter(concept__is_current=True)[:40]:
        _approve(goal, 2020, GoalStatus.Status.IN_PROGRESS)
    with django_assert_max_num_queries(25):
        report_html(report_context(year=2020))


def test_issuing_from_the_admin_keeps_every_version(
    seed, media, client, redaktion, django_capture_on_commit_callbacks
):
    """ "Bericht erstellen" issues version 1, then version 2; both stay
    downloadable byte for byte, listed with their SHA-256 on /berichte/."""
    client.force_login(redaktion)
    url = reverse("admin:monitoring_annualreport_issue")
    assert client.get(url).status_code == 200
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"year": "2020"}, follow=True)
        assert "wird erstellt" in response.content.decode()
    first, second = AnnualReport.objects.order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert first.requested_by == redaktion
    for report in (first, second):
        assert report.state == AnnualReport.State.ISSUED
        data = report.pdf.open("rb").read()
        assert hashlib.sha256(data).hexdigest() == report.sha256
        download = client.get(report.get_absolute_url())
        assert download["Content-Type"] == "application/pdf"
        assert download["ETag"] == f'"{report.sha256}"'
        assert b"".join(download.streaming_content) == data
        again = client.get(
            report.get_absolute_url(), HTTP_IF_NONE_MATCH=f'"{report.sha256}"'
        )
        assert again.status_code == 304

    client.logout()
    listing = client.get(reverse("reports:list")).content.decode()
    assert first.sha256 in listing and second.sha256 in listing
    assert "Integrationsbericht 2020, Fassung 2" in listing
    assert listing.index("Fassung 2") < listing.index("Fassung 1")  # newest first
    assert f"{second.page_count} Seiten" in listing


def test_issued_report_is_frozen(seed, media, django_capture_on_commit_callbacks):
    """An issued report cannot be changed, not even by a bulk update, and is
    not deleted."""
    with django_capture_on_commit_callbacks(execute=True):
        annual_report_request(year=2020)
    report = AnnualReport.objects.get()
    report.sha256 = "0" * 64
    with pytest.raises(ValidationError):
        report.save()
    with pytest.raises(ValidationError):
        report.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AnnualReport.objects.filter(pk=report.pk).update(version=9)
    report.refresh_from_db()
    assert report.version == 1 and report.sha256 != "0" * 64


def test_issue_form_refuses_bad_years_in_german(seed, media, client, redaktion):
    """A year that is no number or out of range gives a German message and
    creates nothing."""
    client.force_login(redaktion)
    url = reverse("admin:monitoring_annualreport_issue")
    for value, message in (
        ("zwanzig", "als Zahl"),
        ("1850", "kein gültiges Berichtsjahr"),
    ):
        response = client.post(url, {"year": value})
        assert message in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_queued_job_runs_from_the_command(seed, media):
    """The admin's background job: `integrationsbericht --job N` renders a
    waiting report and issues it."""
    report = AnnualReport.objects.create(year=2020, version=1)
    call_command("integrationsbericht", "--job", str(report.pk), verbosity=0)
    report.refresh_from_db()
    assert report.state == AnnualReport.State.ISSUED
    assert report.page_count > 10
    with pytest.raises(Exception, match="wartet nicht"):
        call_command("integrationsbericht", "--job", str(report.pk), verbosity=0)


def test_preview_is_for_staff_only(seed, media, client, redaktion, django_user_model):
    """The HTML preview shows every chapter to the Redaktion; the public is
    sent to the login."""
    response = client.get(reverse("reports:preview", kwargs={"year": 2020}))
    assert response.status_code == 302
    client.force_login(redaktion)
    html = client.get(
        reverse("reports:preview", kwargs={"year": 2020})
    ).content.decode()
    for heading in (
        "Umsetzungsstand 2020",
        "Programme und Maßnahmen 2020",
        "Integrationsmonitoring",
        "Runder Tisch Integration 2020",
        "Anfragen 2020",
        "Anhang: Ziele und Indikatoren",
    ):
        assert f">{heading}</h2>" in html


def test_change_against_the_baseline_compares_status_keys():
    """A goal counts as changed when its status key differs from the one the
    baseline stored; the report names the earlier status in German."""
    status = GoalStatus(status=GoalStatus.Status.PLANNED)
    same = GoalEntry(Goal(), status, "in_planung")
    assert not same.changed and same.before_label == "in Planung"
    earlier = GoalEntry(Goal(), status, "in_umsetzung")
    assert earlier.changed and earlier.before_label == "in Umsetzung"
    unlisted = GoalEntry(Goal(), status, None)
    assert unlisted.changed and unlisted.before_label is None
