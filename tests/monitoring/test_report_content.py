"""What the annual report says: nothing after the report year, no stray
punctuation, and an annex with every goal's status on one column grid."""

import datetime
import re

import pytest

from concept.models import Goal
from monitoring.report.context import report_context
from monitoring.report.pdf import report_html
from roundtable.models import Feedback, FollowUp
from tests.factories import GoalStatusFactory, InquiryFactory

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def followed_up(seed):
    feedback = Feedback.objects.create(
        kind="empfehlung",
        title="Elterncafés in allen Stadtteilen",
        text="Elterncafés ausbauen.",
        received_on=datetime.date(2020, 5, 4),
        moderation="freigegeben",
        is_public=True,
    )
    for date, text in [
        (datetime.date(2020, 10, 1), "Die AG hat den Vorschlag beraten."),
        (datetime.date(2021, 3, 15), "Der Ausschuss hat 2021 beschlossen."),
        (None, "Das Thema bleibt auf der Tagesordnung."),
    ]:
        FollowUp.objects.create(feedback=feedback, date=date, text=text)
    return feedback


def test_the_2020_report_stops_at_the_end_of_2020(followed_up):
    """A follow-up of March 2021 is not in the 2020 report; the 2021 one shows it."""
    text_2020 = _text(report_html(report_context(year=2020)))
    assert "1. Oktober 2020: Die AG hat den Vorschlag beraten." in text_2020
    assert "2021 beschlossen" not in text_2020 and "15. März 2021" not in text_2020
    text_2021 = _text(report_html(report_context(year=2021)))
    assert "15. März 2021: Der Ausschuss hat 2021 beschlossen." in text_2021


def test_an_undated_follow_up_has_no_leading_colon(followed_up):
    """An undated follow-up without a note prints its text alone."""
    html = report_html(report_context(year=2020))
    assert "<li>Das Thema bleibt auf der Tagesordnung." in html
    assert ": Das Thema bleibt" not in html


def test_an_answer_after_the_year_is_not_reported(seed):
    """An inquiry of 2020 answered in 2021 counts as open in the 2020 report."""
    InquiryFactory(
        reference_number="101.18.999",
        title="Sprachförderung an Grundschulen",
        submitted_on=datetime.date(2020, 11, 2),
        answered_on=datetime.date(2021, 1, 20),
    )
    html = report_html(report_context(year=2020))
    row = html[html.index("101.18.999") :].split("</tr>")[0]
    assert "20.01.2021" not in row and "<td>offen</td>" in row


def test_the_annex_lists_each_goal_with_its_status_on_one_grid(seed):
    """Every goal appears in the annex with its 2020 status or "ohne Angabe",
    and every annex table carries the same column group."""
    goal = Goal.objects.get(code="1.1.3")
    GoalStatusFactory(goal=goal, year=2020, status="umgesetzt")
    html = report_html(report_context(year=2020))
    annex = html[html.index('id="anhang"') :]
    row = annex[annex.index('<span class="code">1.1.3</span>') :].split("</tr>")[0]
    assert "<td>umgesetzt</td>" in row
    assert annex.count("<td>ohne Angabe</td>") == Goal.objects.count() - 1
    tables = annex.count('<table class="annex-table">')
    assert tables > 1
    assert annex.count('<colgroup><col class="annex-goal">') == tables
