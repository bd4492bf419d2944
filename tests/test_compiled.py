"""Row queries compiled once per process (kassel_integration.compiled)."""

import datetime
import re

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import Length

import pytest

from concept.models import Goal
from inquiries.models import Inquiry
from kassel_integration.compiled import (
    NotCompilable,
    Query,
    compiled,
    compiled_slices,
    forget_plans,
    together,
    totals,
)
from tests.factories import GoalFactory, InquiryFactory
from tests.pages import public_paths

pytestmark = pytest.mark.django_db


def test_rows_are_those_of_the_queryset_for_each_argument():
    first, second = GoalFactory(), GoalFactory()

    @compiled(named=True)
    def goal(code: str):
        return Goal.objects.filter(code=code).values_list("pk", "code")

    assert goal(first.code) == [(first.pk, first.code)]
    assert goal(second.code) == [(second.pk, second.code)]
    assert goal(second.code)[0].code == second.code
    assert goal("0.0.0") == []


def test_dates_are_converted_as_django_converts_them():
    inquiry = InquiryFactory(submitted_on=datetime.date(2019, 3, 5))

    @compiled
    def submitted(pk: int):
        return Inquiry.objects.filter(pk=pk).values_list("submitted_on")

    assert submitted(inquiry.pk) == [(datetime.date(2019, 3, 5),)]


def test_query_is_built_only_when_first_compiled(settings, django_assert_num_queries):
    settings.COMPILED_QUERY_CHECK = False  # as in production
    goal = GoalFactory()
    builds = []

    @compiled
    def codes(pk: int):
        builds.append(pk)
        return Goal.objects.filter(pk=pk).values_list("code")

    codes(goal.pk)
    built = len(builds)  # twice: with two sets of stand-ins
    with django_assert_num_queries(1):  # counted like any query
        assert codes(goal.pk) == [(goal.code,)]
    assert len(builds) == built


@pytest.fixture
def ruled():
    """A goal, a rule (``state``) and a compiled query that reads the rule
    when it is built instead of taking it as an argument, run once."""
    goal = GoalFactory()
    state = {"code": goal.code}

    @compiled
    def by_state(pk: int):
        return Goal.objects.filter(pk=pk, code=state["code"]).values_list("pk")

    assert by_state(goal.pk) == [(goal.pk,)]
    return goal, state, by_state


def test_a_query_that_reads_hidden_state_fails_in_the_tests(ruled):
    goal, state, by_state = ruled
    state["code"] = "9.9.9"
    with pytest.raises(AssertionError, match="veraltet"):
        by_state(goal.pk)


def test_an_argument_changed_on_its_way_into_the_sql_is_refused():
    query = compiled(
        lambda code: Goal.objects.filter(code__contains=code).values_list("pk")
    )
    with pytest.raises(NotCompilable):
        query("1.1")


def test_an_argument_that_shapes_the_sql_fails_in_the_tests():
    query = compiled(
        lambda codes: Goal.objects.filter(code__in=codes.split(",")).values_list("pk")
    )
    assert query("1.1.1") == []  # compiled for one code
    with pytest.raises(AssertionError, match="veraltet"):
        query("1.1.1,1.1.2")


def test_arguments_other_than_str_and_int_are_refused():
    query = compiled(
        lambda day: Inquiry.objects.filter(submitted_on=day).values_list("pk")
    )
    with pytest.raises(NotCompilable):
        query(datetime.date(2024, 1, 1))


def test_objects_come_with_their_relations_and_annotations(
    django_assert_num_queries,
):
    goal = GoalFactory()

    @compiled(objects=True)
    def goal_by_code(code: str):
        return (
            Goal.objects.filter(code=code)
            .select_related("topic__field")
            .annotate(code_length=Length("code"))
        )

    goal_by_code(goal.code)  # compiled
    with django_assert_num_queries(1):
        (found,) = goal_by_code(goal.code)
        assert (found.pk, found.text) == (goal.pk, goal.text)
        assert found.topic.field.title == goal.topic.field.title
        assert found.code_length == len(goal.code)
    assert goal_by_code("0.0.0") == []


def test_forgotten_plans_are_compiled_again_from_the_rule_in_force(ruled):
    goal, state, by_state = ruled
    state["code"] = "9.9.9"  # a test swaps the rule ...
    forget_plans()  # ... and forgets what was compiled under the old one
    assert by_state(goal.pk) == []


def test_slices_are_those_of_the_ordered_queryset(django_assert_num_queries):
    goals = GoalFactory.create_batch(5)
    first = min(goal.pk for goal in goals)

    @compiled_slices
    def codes(lowest: int):
        return Goal.objects.filter(pk__gte=lowest).order_by("-pk").values_list("code")

    newest_first = [(goal.code,) for goal in reversed(goals)]
    assert codes(0, 2, first) == newest_first[:2]
    assert codes(2, 4, first) == newest_first[2:4]
    assert codes(4, 100, first) == newest_first[4:]
    assert codes(0, 2, first + 100) == []
    with django_assert_num_queries(0):  # an empty slice, as Django's
        assert codes(3, 3, first) == []


# Constants of the code as they may be: a quote, a percent sign (also one
# that placeholders are made of), a backslash, an umlaut.
AWKWARD = "50 % der Kita's \\ Plätze %s %% %(x)s"


def test_constants_are_written_in_and_arguments_stay_parameters():
    goal = GoalFactory(text=AWKWARD)
    other = GoalFactory(text="Sprachförderung", topic=goal.topic)
    executed = []

    @compiled
    def awkward(pk: int):
        return (
            Goal.objects.filter(pk__gte=pk)
            .filter(Q(text=AWKWARD) | Q(text__startswith="50 % der Kita's \\"))
            .exclude(text__contains="%(y)")
            .values_list("pk", "text")
        )

    def record(execute, sql, params, many, context):
        executed.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        rows = awkward(goal.pk)
    assert rows == [(goal.pk, AWKWARD)]  # as the queryset finds it
    assert awkward(other.pk) == []
    ((sql, params),) = executed
    if connection.vendor == "postgresql":
        assert params == (goal.pk,)  # AWKWARD and the patterns written in
        assert "Kita''s" in sql
    else:
        assert AWKWARD in params


def test_totals_are_one_row_also_of_no_rows():
    InquiryFactory(status=Inquiry.Status.ANSWERED)
    InquiryFactory(status=Inquiry.Status.ANSWERED)
    InquiryFactory(status=Inquiry.Status.RECEIVED)

    @compiled
    def counts(status: str):
        return totals(
            Inquiry.objects.all(),
            papers=Count("*"),
            matching=Count("pk", filter=Q(status=status)),
        )

    assert counts(Inquiry.Status.ANSWERED.value) == [(3, 2)]
    assert counts("unbekannt") == [(3, 0)]

    @compiled
    def none(status: str):
        return totals(Inquiry.objects.filter(status=status), count=Count("*"))

    assert none("unbekannt") == [(0,)]


DUMMY = "django.core.cache.backends.dummy.DummyCache"
# Read by compiled or raw queries on PostgreSQL (where `make bench`
# measures), by the ORM on SQLite: the years of the filters, the search.
POSTGRESQL_ONLY = {
    "/anfragen/",
    "/anfragen/?q=Sprachkurse",
    "/runder-tisch/empfehlungen/",
}
# Still built by the ORM: a recommendation's page (its prefetches) and the
# site search.
BUILT = re.compile(r"/runder-tisch/empfehlungen/[0-9]+/|/suche/")
OPARL = [
    "/oparl/v1.1/body/kassel/paper",
    "/oparl/v1.1/body/kassel/person",
    "/oparl/v1.1/body/kassel/meeting",
    "/oparl/v1.1/paper/1",
]


def test_public_pages_build_no_query_after_their_first_request(
    seed, client, settings, monkeypatch
):
    """From its second request on, a public page runs only compiled queries:
    Django's ORM builds and compiles none (0.3-1 ms each on a cold page).
    The cache is off, so that each page is rendered each time."""
    from django.db import connection
    from django.db.models.sql.compiler import SQLCompiler

    settings.COMPILED_QUERY_CHECK = False  # as in production
    settings.CACHES = {"default": {"BACKEND": DUMMY}, "local": {"BACKEND": DUMMY}}
    postgresql = connection.vendor == "postgresql"
    paths = [
        path
        for path in [*public_paths(), "/anfragen/?q=Sprachkurse", *OPARL]
        if not BUILT.match(path) and (postgresql or path not in POSTGRESQL_ONLY)
    ]
    assert len(paths) == (18 if postgresql else 15)
    for path in paths:
        assert client.get(path).status_code == 200
    built = []
    as_sql = SQLCompiler.as_sql

    def counted(compiler, *args, **kwargs):
        built.append((path, compiler.query.model.__name__))
        return as_sql(compiler, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    for path in paths:
        assert client.get(path).status_code == 200
    assert built == []


def test_together_runs_each_query_in_one_round_trip(django_assert_num_queries):
    """Each query of ``together()`` gives the rows it gives alone; on
    PostgreSQL all are sent before the first answer is read (psycopg's
    pipeline mode), one round trip instead of one each."""
    goals = [GoalFactory(), GoalFactory()]

    @compiled(named=True)
    def goal(code: str):
        return Goal.objects.filter(code=code).values_list("pk", "code")

    @compiled(objects=True)
    def goal_objects(pk: int):
        return Goal.objects.filter(pk__gte=pk).order_by("pk")

    in_pipeline = []

    def pipelined(execute, sql, params, many, context):
        if connection.vendor == "postgresql":
            in_pipeline.append(bool(connection.connection.pgconn.pipeline_status))
        return execute(sql, params, many, context)

    alone = [goal(goals[1].code), goal_objects(goals[0].pk)]
    with django_assert_num_queries(3), connection.execute_wrapper(pipelined):
        results = together(
            goal.query(goals[1].code),
            goal_objects.query(goals[0].pk),
            goal.query(goals[0].code).then(lambda rows: rows[0].code),
        )
    assert results == [*alone, goals[0].code]
    assert results[0][0].code == goals[1].code
    assert results[1] == goals  # model instances, equal by key
    assert in_pipeline == ([True] * 3 if connection.vendor == "postgresql" else [])


def test_together_raises_a_failing_query_and_the_connection_goes_on():
    goal = GoalFactory()

    @compiled
    def codes(pk: int):
        return Goal.objects.filter(pk=pk).values_list("code")

    failing = Query(connection, "SELECT code FROM no_such_table", ())
    with pytest.raises(DatabaseError), transaction.atomic():
        together(codes.query(goal.pk), failing)
    assert together(codes.query(goal.pk), codes.query(goal.pk)) == [[(goal.code,)]] * 2
