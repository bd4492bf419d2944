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
    ("seite", "number", "shown", "queries"),
    [
        ("2", 2, [2, 3], 2),
        ("3", 3, [4], 2),  # the last page, cut short: from the rows read
        ("9", 3, [4], 3),  # beyond the last: the last, read again
        ("x", 1, [0, 1], 2),
        (None, 1, [0, 1], 2),
    ],
)
def test_counted_rows_read_the_requested_page_with_their_count(
    seite, number, shown, queries, django_assert_num_queries
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
        assert pipelined[:2] == [True, True]
