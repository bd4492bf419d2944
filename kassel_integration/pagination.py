"""One way to page public lists: ``?seite=N`` (invalid numbers show the
nearest page), the other parameters kept for the page links."""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator

from .compiled import Query, together

PAGE_SIZE = 20
# LIMIT and OFFSET are 64-bit integers in PostgreSQL and SQLite: a page
# beyond them is not read ahead (the paginator shows the last page instead).
_LARGEST_ROW = 2**63 - 1


def paginate(request, items, per_page: int = PAGE_SIZE) -> tuple[Page, str]:
    """The requested page of ``items`` and the query string without ``seite``.
    ``CountedRows`` read the requested page with their count."""
    number = request.GET.get("seite")
    if isinstance(items, CountedRows):
        start = (_page_number(number) - 1) * per_page
        if start + per_page <= _LARGEST_ROW:
            items.expect(start, start + per_page)
    page = Paginator(items, per_page).get_page(number)
    query = request.GET.copy()
    query.pop("seite", None)
    return page, query.urlencode()


def _page_number(number: str | None) -> int:
    """The page asked for, as the paginator reads it (else the first)."""
    try:
        return max(int(number), 1)
    except (TypeError, ValueError):
        return 1


class CountedRows:
    """Rows for the paginator from two compiled queries, the count
    (``count_query()``, one row of one number) and a slice
    (``page_query(start, stop)``). After ``expect(start, stop)``, counting
    sends the query of that slice along (``together()``: one round trip for
    both), and the paginator's slice is taken from its rows. A query that
    Django finds to select nothing (``EmptyResultSet``) is not run."""

    _expected: tuple[int, int] | None = None
    _read: list | None = None  # the rows of ``_expected``

    def count_query(self) -> Query:
        raise NotImplementedError

    def page_query(self, start: int, stop: int) -> Query:
        raise NotImplementedError

    def expect(self, start: int, stop: int) -> None:
        self._expected = (start, stop)

    def count(self) -> int:
        try:
            count = self.count_query()
            page = self._expected and self.page_query(*self._expected)
        except EmptyResultSet:
            return 0
        if page:
            rows, self._read = together(count, page)
        else:
            rows = count.rows()
        return rows[0][0] if rows else 0

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        start, stop = window.start or 0, window.stop
        if stop <= start:
            return []
        # the last page is cut short to the count: the first rows of the read
        if self._read is not None and start == self._expected[0]:
            if stop <= self._expected[1]:
                return self._read[: stop - start]
        try:
            return self.page_query(start, stop).rows()
        except EmptyResultSet:
            return []
