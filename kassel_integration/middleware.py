"""Small middleware of the project (imports no app)."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse


def permissions_policy(get_response):
    """Send ``Permissions-Policy`` (Django has no setting for it)."""

    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def request_size_limit(get_response):
    """Refuse a request whose declared body exceeds ``REQUEST_MAX_MB`` before
    any of it is read (the proxy caps it earlier still, see deploy/)."""
    limit = int(settings.REQUEST_MAX_MB * 1024 * 1024)

    def middleware(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return HttpResponse(
                f"Die Anfrage ist größer als {settings.REQUEST_MAX_MB:g} MB und wurde "
                "nicht angenommen. Dateien dürfen höchstens 20 MB groß sein.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return get_response(request)

    return middleware


def reject_nul(get_response):
    """Answer 400 to a path with a NUL character (``/anfragen/%00/``):
    PostgreSQL refuses NUL in text and the lookup ended in a DataError (500).
    Form fields already refuse NUL in query parameters."""

    def middleware(request):
        if "\x00" in request.path:
            raise BadRequest("Die Adresse enthält ein Nullzeichen.")
        return get_response(request)

    return middleware
