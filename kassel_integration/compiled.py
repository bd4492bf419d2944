"""Row queries compiled to SQL once per process (issue #20).

Building a queryset and compiling it to SQL costs Django 0.1-0.4 ms on every
request (measured on this project's pages: a third of a cold page), though
the SQL of a page's query never changes, only its parameters do. A function
decorated with ``@compiled`` returns a ``values_list()`` queryset built from
its arguments; it is built and compiled the first time it is called, and
later calls run the same SQL with their own arguments::

    @compiled
    def goal_codes(field_number: int):
        return Goal.objects.filter(topic__field__number=field_number).values_list(
            "code", flat=False
        )

    goal_codes(1)  # [("1.1.1",), ...], a list of tuples (named=True: namedtuples)

Only what the arguments are may change between calls: a query that reads
the clock, the language or a setting when it is built must take it as an
argument. Arguments are ``str`` or ``int``; their places among the SQL's
parameters are found by building the query twice with different stand-ins,
and a query whose SQL depends on an argument's value (``None``, a list, a
``LIKE`` pattern) is refused when it is first compiled. With the setting
``COMPILED_QUERY_CHECK`` (on with ``DEBUG`` and in every test), every call
builds and compiles the query too and fails if the SQL or the parameters
differ from what was run, so a query that breaks the rule fails its tests
instead of showing stale results.

On PostgreSQL the parameters that are not arguments (a status such as
``'freigegeben'``, a flag, a constant of the code) are written into the
statement as literals, quoted by psycopg as Django's ``compose_sql()``
quotes them; only the arguments stay parameters. psycopg prepares a
statement run five times, and PostgreSQL then plans it once for all
arguments (a generic plan) when that plan costs no more than the plans made
for each call. With its constants as parameters, that generic plan knew
neither the status nor the flag, and six queries of the public pages were
planned anew on every call (up to 0.7 ms each; issue #20; two still are).

The rows go through the same converters as Django's own (dates on SQLite,
for instance), and the query through the connection's cursor, so query
counts and ``execute_wrapper`` see it as usual. With ``objects=True`` the
function returns model instances, built from the rows as Django's
``ModelIterable`` builds them.

``f.query(*args)`` is the query of ``f(*args)`` not yet run, and
``together(*queries)`` sends queries that do not depend on each other to
PostgreSQL in one round trip::

    fields, years = together(field_rows.query(concept.pk), year_rows.query(concept.pk))
"""

from __future__ import annotations

import dataclasses
import functools
import re
import weakref
from collections import namedtuple
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet, Value
from django.db.models.query import get_related_populators

# Two sets of stand-ins for the arguments: small enough for every integer
# field (an out-of-range value compiles to "no rows"), and not a real key.
_STAND_INS = {
    int: ((lambda i: 32_101 + i), (lambda i: 32_301 + i)),
    str: ((lambda i: f"\x1fcompiled-a-{i}\x1f"), (lambda i: f"\x1fcompiled-b-{i}\x1f")),
}


class NotCompilable(TypeError):
    """The query's SQL depends on an argument's value, not only its place."""


@dataclasses.dataclass(frozen=True)
class _Plan:
    sql: str  # as Django writes it
    params: tuple  # the parameters, an argument's index where it goes
    slots: tuple[int, ...]  # the positions in ``params`` that take arguments
    converters: dict  # {column: ([converter, ...], expression)}
    compiler: Any  # what builds model instances from a row (``objects``)
    # What runs on PostgreSQL: ``sql`` with its constants written in, and
    # the index of the argument of each parameter left (elsewhere None: ``sql``
    # runs with ``bind(args)``).
    statement: str | None = None
    arguments: tuple[int, ...] = ()

    def bind(self, args: tuple) -> tuple:
        """Django's parameters of ``sql`` for ``args``."""
        if not self.slots:
            return self.params
        params = list(self.params)
        for position in self.slots:
            params[position] = args[params[position]]
        return tuple(params)

    def to_run(self, args: tuple) -> tuple[str, tuple]:
        """The SQL to run for ``args`` and its parameters."""
        if self.statement is None:
            return self.sql, self.bind(args)
        return self.statement, tuple(args[index] for index in self.arguments)


def _as_fetched(rows: list, names: list[str]) -> list:
    return rows


@dataclasses.dataclass(frozen=True)
class Query:
    """A compiled query with its arguments, not yet run: ``f.query(*args)``
    of a function ``f`` decorated with ``@compiled`` (``f(*args)`` is
    ``f.query(*args).rows()``). ``together()`` runs several in one round
    trip."""

    connection: Any
    sql: str
    params: tuple
    converters: dict = dataclasses.field(default_factory=dict)
    shape: Callable[[list, list[str]], Any] = _as_fetched  # (rows, names) → result

    def rows(self):
        """Run it: its rows, shaped as the compiled function returns them."""
        with self.connection.cursor() as cursor:
            self._send(cursor)
            return self._receive(cursor)

    def then(self, function: Callable) -> Query:
        """The same query, its result passed through ``function``."""
        shape = self.shape
        return dataclasses.replace(
            self, shape=lambda rows, names: function(shape(rows, names))
        )

    def _send(self, cursor) -> None:
        cursor.execute(self.sql, self.params)

    def _receive(self, cursor):
        rows = cursor.fetchall()
        if self.converters:
            rows = [_convert(row, self.converters, self.connection) for row in rows]
        return self.shape(rows, [column[0] for column in cursor.description])


def together(*queries: Query) -> list:
    """The result of each of ``queries`` (independent of each other), in
    order. PostgreSQL gets them in one round trip (psycopg's pipeline mode)
    and answers them one after the other: a query's own time on the public
    pages is often less than the round trip (0.2-0.5 ms, most after Python
    work, while the server process wakes up). Elsewhere they run one by one.
    Each is a query of its own for ``execute_wrapper`` and query counts."""
    connection = queries[0].connection if queries else None
    if len(queries) < 2 or connection.vendor != "postgresql":
        return [query.rows() for query in queries]
    if any(query.connection.alias != connection.alias for query in queries):
        raise ValueError("together(): alle Abfragen über dieselbe Verbindung")
    with ExitStack() as stack:
        cursors = [stack.enter_context(connection.cursor()) for _ in queries]
        with connection.wrap_database_errors, connection.connection.pipeline():
            for query, cursor in zip(queries, cursors, strict=True):
                query._send(cursor)
        return [
            query._receive(cursor)
            for query, cursor in zip(queries, cursors, strict=True)
        ]


def _sql(queryset, using: str) -> tuple[str, tuple, Any]:
    compiler = queryset.query.get_compiler(using=using)
    sql, params = compiler.as_sql()
    return sql, tuple(params), compiler


def _plan(build, args: tuple, using: str) -> _Plan:
    types = [type(arg) for arg in args]
    if any(kind not in _STAND_INS for kind in types):
        raise NotCompilable(f"{build.__qualname__}: Argumente nur str oder int")
    first, second = (
        tuple(_STAND_INS[kind][which](i) for i, kind in enumerate(types))
        for which in (0, 1)
    )
    sql, params, compiler = _sql(build(*first), using)
    sql_b, params_b, _ = _sql(build(*second), using)
    if sql != sql_b or len(params) != len(params_b):
        raise NotCompilable(f"{build.__qualname__}: SQL hängt von den Argumenten ab")
    template, slots = list(params), []
    for position, (a, b) in enumerate(zip(params, params_b, strict=True)):
        if a == b:
            if any(_contains(a, stand_in) for stand_in in first):
                raise NotCompilable(f"{build.__qualname__}: Argument verändert")
            continue
        index = first.index(a) if a in first else None
        if index is None or second[index] != b:
            raise NotCompilable(f"{build.__qualname__}: Argument verändert ({a!r})")
        template[position] = index
        slots.append(position)
    columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
    converters = compiler.get_converters(columns)
    plan = _Plan(sql, tuple(template), tuple(slots), converters, compiler)
    connection = connections[using]
    if connection.vendor != "postgresql" or len(slots) == len(template):
        return plan
    return dataclasses.replace(
        plan,
        statement=_constants_written_in(sql, template, set(slots), connection),
        arguments=tuple(template[position] for position in slots),
    )


# A placeholder, or a percent sign written twice (one in the statement).
_PLACEHOLDER = re.compile(r"%%|%s")


def _constants_written_in(sql: str, params: list, slots: set, connection) -> str:
    """``sql`` with each parameter outside ``slots`` written in as a literal
    (escaped for the placeholders that are left); the parameters in
    ``slots`` stay placeholders, in their order."""
    positions = iter(range(len(params)))

    def write(match: re.Match) -> str:
        if match.group() == "%%":
            return "%%"
        position = next(positions, None)
        if position is None:
            raise NotCompilable("mehr Platzhalter als Parameter")
        if position in slots:
            return "%s"
        return connection.ops.compose_sql("%s", [params[position]]).replace("%", "%%")

    statement = _PLACEHOLDER.sub(write, sql)
    if next(positions, None) is not None:
        raise NotCompilable("mehr Parameter als Platzhalter")
    return statement


def _contains(value, stand_in) -> bool:
    return isinstance(value, str) and isinstance(stand_in, str) and stand_in in value


def compiled(build=None, *, named: bool = False, objects: bool = False):
    """Decorator: ``build(*args)`` returns a ``values_list()`` queryset; the
    decorated function returns its rows (tuples, or namedtuples with
    ``named``) and compiles its SQL once per process and database. With
    ``objects``, ``build`` returns a queryset of model instances (with its
    ``select_related`` relations and annotations, no ``prefetch_related``),
    and the function returns a list of them."""
    if build is None:
        return functools.partial(compiled, named=named, objects=objects)
    plans: dict[tuple, _Plan] = {}

    def query(*args, using: str = DEFAULT_DB_ALIAS) -> Query:
        connection = connections[using]
        key = (using, connection.vendor, *(type(arg) for arg in args))
        plan = plans.get(key)
        if plan is None:
            plan = plans[key] = _plan(build, args, using)
        if settings.COMPILED_QUERY_CHECK:
            sql, expected, _ = _sql(build(*args), using)
            if (sql, expected) != (plan.sql, plan.bind(args)):
                raise AssertionError(
                    f"{build.__qualname__}: kompilierte Abfrage veraltet:\n"
                    f"{plan.sql} {plan.bind(args)}\nstatt\n{sql} {expected}"
                )
        if objects:
            shape = _instances_of(plan.compiler, using)
        else:
            shape = _named_rows if named else _as_fetched
        return Query(connection, *plan.to_run(args), plan.converters, shape)

    @functools.wraps(build)
    def rows(*args, using: str = DEFAULT_DB_ALIAS) -> list:
        return query(*args, using=using).rows()

    rows.plans = plans
    rows.query = query
    _compiled.add(rows)
    return rows


_compiled = weakref.WeakSet()  # every compiled function still in use


def forget_plans() -> None:
    """Forget the compiled SQL of every compiled function, so that each
    compiles again on its next call: for a test that swaps a rule
    (``public_inquiries``) the queries are built from."""
    for function in list(_compiled):
        function.plans.clear()


def _convert(row, converters: dict, connection) -> tuple:
    row = list(row)
    for position, (functions, expression) in converters.items():
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return tuple(row)


def _instances(compiler, rows: list, using: str) -> list:
    """Model instances from ``rows`` as Django's ``ModelIterable`` makes
    them, from what the compiler found when it compiled the query."""
    select, klass_info = compiler.select, compiler.klass_info
    model, fields = klass_info["model"], klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    names = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, using)
    annotations = compiler.annotation_col_map.items()
    instances = []
    for row in rows:
        instance = model.from_db(using, names, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        for name, position in annotations:
            setattr(instance, name, row[position])
        instances.append(instance)
    return instances


def _named_rows(rows: list, names: list[str]) -> list:
    row = _row_type(tuple(names))
    return [row._make(values) for values in rows]


def _instances_of(compiler, using: str) -> Callable[[list, list[str]], list]:
    return lambda rows, names: _instances(compiler, rows, using)


@functools.cache
def _row_type(names: tuple[str, ...]):
    return namedtuple("Row", names)


def compiled_slices(
    build, *, named: bool = False, objects: bool = False, maxsize: int = 256
):
    """Decorator: ``build(*args)`` returns an ordered ``values_list()``
    queryset; the decorated function takes ``start, stop, *args`` and
    returns the rows ``start:stop`` of it (namedtuples with ``named``; with
    ``objects`` a queryset of model instances and a list of them).
    Django writes LIMIT and OFFSET into the SQL, so each slice is a compiled
    query of its own; the pages of a list have one size, so there are few
    (``maxsize`` are kept)."""

    @functools.lru_cache(maxsize=maxsize)
    def for_slice(start: int, stop: int):
        def query(*args):
            return build(*args)[start:stop]

        query.__qualname__ = f"{build.__qualname__}[{start}:{stop}]"
        return compiled(query, named=named, objects=objects)

    @functools.wraps(build)
    def rows(start: int, stop: int, *args) -> list:
        if stop <= start:
            return []  # as an empty slice of a queryset: no query
        return for_slice(start, stop)(*args)

    def query(start: int, stop: int, *args) -> Query:
        return for_slice(start, stop).query(*args)

    rows.query = query
    return rows


def totals(queryset: QuerySet, **aggregates) -> QuerySet:
    """``aggregates`` (``count=Count("*")``) over all of ``queryset`` as a
    one-row ``values_list()`` query, which ``@compiled`` takes where
    ``QuerySet.aggregate()`` runs at once. Grouped by a constant, which
    Django leaves out of the SQL: ``SELECT COUNT(*) AS "count" FROM …``."""
    return (
        queryset.order_by()
        .annotate(whole=Value(1))
        .values("whole")
        .annotate(**aggregates)
        .values_list(*aggregates)
    )


def compiled_lookups(build, *, named: bool = False):
    """Decorator: ``build(**lookups)`` returns a ``values_list()`` queryset
    filtered by field lookups (``topic__field=field``); the decorated
    function takes the same lookups and compiles one query per set of lookup
    names. A model instance is passed as its primary key."""

    @functools.cache
    def for_names(names: tuple[str, ...]):
        def query(*values):
            return build(**dict(zip(names, values, strict=True)))

        query.__qualname__ = f"{build.__qualname__}[{', '.join(names)}]"
        return compiled(query, named=named)

    def query(**lookups) -> Query:
        values = (getattr(value, "pk", value) for value in lookups.values())
        return for_names(tuple(lookups)).query(*values)

    @functools.wraps(build)
    def rows(**lookups) -> list:
        return query(**lookups).rows()

    rows.query = query
    return rows
