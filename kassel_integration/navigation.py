"""Which item of the main navigation the current page belongs to."""


def site_section(request):
    """Context processor: ``site_section``, the URL's namespace (app_name),
    else its name; empty where no URL matched (a 404 page)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {"site_section": ""}
    return {"site_section": match.namespace or match.url_name or ""}
