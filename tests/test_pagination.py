"""Paging public lists (kassel_integration.pagination)."""

from django.db import connection
from django.db.models import Count
from django.test import RequestFactory

import pytest

from concept.models import Goal
from kassel_integration.compiled import compiled, compiled_slices, totals
from kassel_integration.pagination import CountedRows, paginate
from tests.factories import GoalFactory

pytestmark = pytest.mark.django_db


@compiled
def _goal_count():
    return totals(Goal.objects.all(), count=Count("*"))


@compiled_slices
def _goal_codes():
    return Goal.objects.order_by("code").values_list("code")


class _GoalCodes(CountedRows):
    def count_query(self):
        return _goal_count.query()

    def page_query(self, start, stop):
        return _goal_codes.query(start, stop)


@pytest.mark.parametrize(
    ("seite", "number", "shown", "queries", "ahead"),
    [
        ("2", 2, [2, 3], 2, True),
        ("3", 3, [4], 2, True),  # the last page, cut short: from the rows read
        ("9", 3, [4], 3, True),  # beyond the last: the last, read again
        (str(2**63), 3, [4], 2, False),  # beyond any database integer
        ("x", 1, [0, 1], 2, True),
        (None, 1, [0, 1], 2, True),
    ],
)
def test_counted_rows_read_the_requested_page_with_their_count(
    seite, number, shown, queries, ahead, django_assert_num_queries
):
    codes = sorted(GoalFactory().code for _ in range(5))
    request = RequestFactory().get("/", {"seite": seite} if seite else {})
    pipelined = []

    def record(execute, sql, params, many, context):
        if connection.vendor == "postgresql":
            pipelined.append(bool(connection.connection.pgconn.pipeline_status))
        return execute(sql, params, many, context)

    with django_assert_num_queries(queries), connection.execute_wrapper(record):
        page, _ = paginate(request, _GoalCodes(), per_page=2)
        rows = list(page.object_list)
    assert page.number == number
    assert page.paginator.count == 5
    assert rows == [(codes[index],) for index in shown]
    if connection.vendor == "postgresql":  # count and page in one round trip
        assert pipelined[:2] == [ahead, ahead]


@pytest.mark.parametrize("path", ["/anfragen/", "/runder-tisch/empfehlungen/"])
@pytest.mark.parametrize("seite", ["99999999999999999999", str(2**63 // 20 + 1)])
def test_a_page_number_beyond_any_database_integer_shows_the_last_page(
    client, path, seite
):
    response = client.get(path, {"seite": seite})
    assert response.status_code == 200
    assert (
        response.context["page"].number == response.context["page"].paginator.num_pages
    )
