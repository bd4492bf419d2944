"""``public_inquiries()``: the one queryset every public inquiry surface
starts from (pages, list search, site search, OParl, goal pages, report)."""

import datetime

from django.urls import reverse

import pytest

from inquiries import selectors
from kassel_integration import search
from tests.factories import (
    ConceptFactory,
    FieldOfActionFactory,
    GoalFactory,
    GoalStatusFactory,
    InquiryFactory,
    QuestionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
OPARL = "/oparl/v1.1/"
HIDDEN, SHOWN = "101.99.900", "101.99.901"


@pytest.fixture
def hidden_by_rule(replace_rule):
    """``public_inquiries()`` now leaves out the inquiry ``HIDDEN``, in every
    module that uses it: as if the privacy rule withheld that inquiry."""
    rule = selectors.public_inquiries
    replace_rule(rule, lambda: rule().exclude(reference_number=HIDDEN))


@pytest.fixture
def two_inquiries():
    """Two inquiries alike but for their number, each with a question on a goal
    of the current edition, a public attachment and a committee meeting, and
    both evidence of the goal's approved status."""
    concept = ConceptFactory(is_current=True)
    field = FieldOfActionFactory(concept=concept, number=1)
    goal = GoalFactory(topic=TopicFactory(field=field, number=1), number=1)
    inquiries = {}
    for number in (HIDDEN, SHOWN):
        inquiry = InquiryFactory(
            reference_number=number,
            title=f"Zaunkönig {number}",
            meeting_date=datetime.date(2020, 6, 1),
        )
        question = QuestionFactory(inquiry=inquiry, text=f"Zaunkönig-Frage {number}?")
        question.goals.add(goal)
        inquiry.attachments.create(title=f"Anlage {number}", file=f"a/{number}.pdf")
        inquiries[number] = inquiry
    GoalStatusFactory(goal=goal).evidence_inquiries.set(inquiries.values())
    search.rebuild()
    return goal, inquiries


def shown_on(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.usefixtures("hidden_by_rule")
def test_every_public_surface_goes_through_public_inquiries(client, two_inquiries):
    """What the rule withholds is on no page, in no search, in no OParl list,
    on no goal page (neither as question nor as evidence), in no feed and in
    no report; the other inquiry is on all of them."""
    goal, inquiries = two_inquiries
    search.rebuild()  # now through the narrower rule
    texts = [
        shown_on(client, reverse("inquiries:list")),
        shown_on(client, reverse("inquiries:list"), q="Zaunkönig"),
        shown_on(client, reverse("search"), q="Zaunkönig"),
        shown_on(client, goal.get_absolute_url()),
        shown_on(client, f"{OPARL}body/kassel/paper"),
        shown_on(client, f"{OPARL}body/kassel/consultation"),
        shown_on(client, f"{OPARL}body/kassel/meeting"),
        shown_on(client, f"{OPARL}body/kassel/file"),
        shown_on(client, reverse("feeds:changes")),
        shown_on(client, reverse("feeds:field", kwargs={"number": 1})),
        str([i.reference_number for i in selectors.inquiry_list_for_year(year=2020)]),
    ]
    for text in texts:
        assert SHOWN in text or f"ausschuss-{inquiries[SHOWN].committee_id}" in text
        assert HIDDEN not in text
        assert f"ausschuss-{inquiries[HIDDEN].committee_id}" not in text
    assert client.get(inquiries[HIDDEN].get_absolute_url()).status_code == 404
    assert client.get(inquiries[SHOWN].get_absolute_url()).status_code == 200
    assert client.get(reverse("search"), {"q": HIDDEN}).status_code == 200
    assert client.get(reverse("search"), {"q": SHOWN}).status_code == 302
    for path in ("paper/{}", "paper/{}/antwort", "file/anfrage-{}"):
        assert client.get(OPARL + path.format(inquiries[HIDDEN].pk)).status_code == 404
        assert client.get(OPARL + path.format(inquiries[SHOWN].pk)).status_code == 200


def test_internal_columns_stay_unread_whatever_a_reader_asks_for():
    """A public reader that names an internal column still does not load it."""
    InquiryFactory()
    inquiry = selectors.public_inquiries().only("title", "internal_note").get()
    assert {"internal_note", "internal_contact"} <= inquiry.get_deferred_fields()
