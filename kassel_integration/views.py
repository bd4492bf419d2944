"""Project-wide public pages (imports no app)."""

from django.shortcuts import redirect, render

from . import search
from .freshness import public_page


@public_page
def site_search(request):
    """/suche/?q=…: results grouped by type; a code jumps straight to its page."""
    text = request.GET.get("q", "")
    text = text.strip() if isinstance(text, str) else ""
    context = {"q": text[: search.MAX_QUERY], "groups": [], "hint": ""}
    if not text:
        context["hint"] = (
            "Suchen Sie nach einem Wort, einer Ziel-Nummer wie 1.1.3 oder einer "
            "Vorlage-Nr. wie 101.18.1671."
        )
    elif len(text) > search.MAX_QUERY:
        context["hint"] = (
            f"Ihre Suche ist zu lang: höchstens {search.MAX_QUERY} Zeichen. "
            "Versuchen Sie es mit wenigen, treffenden Wörtern."
        )
    elif target := search.jump_target(text):
        return redirect(target)
    elif not search.terms_of(text):
        context["hint"] = (
            "Bitte geben Sie mindestens ein Wort aus Buchstaben oder Ziffern ein."
        )
    else:
        context["groups"] = search.search(text)
        if not context["groups"]:
            context["hint"] = (
                f"Zu „{text}“ wurde nichts gefunden. Prüfen Sie die Schreibweise "
                "oder suchen Sie mit weniger Wörtern."
            )
    return render(request, "search.html", context)
