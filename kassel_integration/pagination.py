"""One way to page public lists: ``?seite=N`` (invalid numbers show the
nearest page), the other parameters kept for the page links."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 20


def paginate(request, items, per_page: int = PAGE_SIZE) -> tuple[Page, str]:
    """The requested page of ``items`` and the query string without ``seite``."""
    page = Paginator(items, per_page).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return page, query.urlencode()
