"""Goal tables, the goal list and the status badges are written in Python
(concept.tables, monitoring.presentation): text from the database is escaped
there as the template engine would, and the filter form's selects keep
Django's markup."""

import pytest

from concept.models import GoalResponsibility
from monitoring.models import GoalStatus
from tests.factories import (
    ConceptFactory,
    FieldOfActionFactory,
    GoalFactory,
    GoalStatusFactory,
    IndicatorFactory,
    OrganisationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(\"x\")</script> & 'Co'"
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Co&#x27;"


@pytest.fixture
def hostile_goal():
    concept = ConceptFactory(is_current=True)
    topic = TopicFactory(field=FieldOfActionFactory(concept=concept, number=1))
    goal = GoalFactory(topic=topic, text=HOSTILE, footnote=HOSTILE)
    IndicatorFactory(goal=goal, text=HOSTILE)
    organisation = OrganisationFactory(name="Amt <b>")
    GoalResponsibility.objects.create(
        goal=goal, organisation=organisation, designation=HOSTILE
    )
    GoalStatusFactory(goal=goal, status=GoalStatus.Status.DEFERRED, year=2025)
    return goal


@pytest.mark.parametrize(
    "url",
    ["/konzept/handlungsfeld/1/", "/konzept/ziele/", "/konzept/ziele/?format=json"],
)
def test_text_of_a_goal_is_escaped_in_every_table(client, hostile_goal, url):
    html = client.get(url).content.decode()
    assert HOSTILE not in html and "<b>" not in html
    if "json" not in url:
        assert ESCAPED in html
        assert "zurückgestellt · 2025" in html


def test_organisation_page_escapes_the_units_wording(client, hostile_goal):
    organisation = hostile_goal.responsible_organisations.get()
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert HOSTILE not in html and ESCAPED in html


def test_goal_table_rows_are_plain_rows_with_units_indicators_and_status():
    """A goal table reads its goals as plain rows: indicators in their order,
    units in the source's order and wording, the latest approved status."""
    from concept.selectors import goal_table_rows

    concept = ConceptFactory(is_current=True)
    topic = TopicFactory(field=FieldOfActionFactory(concept=concept, number=1))
    goal = GoalFactory(topic=topic)
    other = GoalFactory(topic=topic)
    IndicatorFactory(goal=goal, text="zweiter", position=2)
    IndicatorFactory(goal=goal, text="erster", position=1)
    first, second = OrganisationFactory(name="Amt A"), OrganisationFactory()
    GoalResponsibility.objects.create(goal=goal, organisation=second, position=2)
    GoalResponsibility.objects.create(
        goal=goal, organisation=first, position=1, designation="A-Amt"
    )
    GoalStatusFactory(goal=goal, status=GoalStatus.Status.DEFERRED, year=2024)
    GoalStatusFactory(goal=goal, status=GoalStatus.Status.ACHIEVED, year=2025)
    rows = {row.pk: row for row in goal_table_rows(topic__field=topic.field)}
    assert rows[goal.pk].indicators == ["erster", "zweiter"]
    assert rows[goal.pk].units == [("A-Amt", first.slug), (second.name, second.slug)]
    assert rows[goal.pk].status == ("umgesetzt", "umgesetzt", 2025)
    assert rows[other.pk].status is None and rows[other.pk].units == []
