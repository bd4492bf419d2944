"""The main navigation: its items, and which of them the current page
belongs to."""

from functools import lru_cache

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe


def site_section(request):
    """Context processor: ``site_section``, the URL's namespace (app_name),
    else its name; empty where no URL matched (a 404 page)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {"site_section": ""}
    return {"site_section": match.namespace or match.url_name or ""}


# The main menu: URL name, label, the sections (site_section) it is current for.
MENU = (
    ("concept:index", "Konzept", ("concept", "goals")),
    ("monitoring:index", "Monitoring", ("monitoring",)),
    ("roundtable:event-list", "Runder Tisch", ("roundtable",)),
    ("inquiries:list", "Anfragen", ("inquiries",)),
    ("reports:list", "Berichte", ("reports",)),
    ("search", "Suche", ("search",)),
)


@lru_cache(maxsize=64)
def menu_items(prefix: str, section: str) -> str:
    """The menu's items for a page of ``section``, written once per script
    prefix and section (the prefix is in the key because ``reverse`` puts it
    in front): the layout's template tags for them cost every page ~0.1 ms."""
    indent = "\n          "
    current = ' aria-current="page"'
    items = "".join(
        f'{indent}<li><a href="{escape(reverse(name))}"'
        f"{current if section in sections else ''}>{label}</a></li>"
        for name, label, sections in MENU
    )
    return mark_safe(f"{indent}{items}{indent}")
