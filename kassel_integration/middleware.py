"""Small middleware of the project (imports no app)."""

from functools import cache

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.signals import setting_changed
from django.http import HttpResponse

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy

# What makes django-csp build a policy of its own for one response.
_CSP_OVERRIDES = tuple(
    f"_csp_{kind}{suffix}"
    for kind in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)


@cache
def _csp_headers() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(header, policy, excluded path prefixes) from the settings."""
    headers = []
    for header, setting, report_only in (
        (HEADER, "CONTENT_SECURITY_POLICY", False),
        (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
    ):
        policy = build_policy(report_only=report_only)
        if policy:
            config = getattr(settings, setting, None) or {}
            excluded = tuple(config.get("EXCLUDE_URL_PREFIXES", None) or ())
            headers.append((header, policy, excluded))
    return tuple(headers)


def _csp_settings_changed(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _csp_headers.cache_clear()


setting_changed.connect(_csp_settings_changed, dispatch_uid="csp-headers")


class ContentSecurityPolicy(CSPMiddleware):
    """django-csp's middleware with the policy built once per process: it
    comes from the settings alone unless a template asks for a nonce or a
    view sets its own (django-csp's decorators), and building it anew took
    ~60 us of every response, a sixth of a page from the cache. Those cases,
    and debug error pages, go to django-csp itself."""

    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _CSP_OVERRIDES)
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        for header, policy, excluded in _csp_headers():
            if header not in response and not request.path_info.startswith(excluded):
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


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
    Form fields already refuse NUL in query parameters. Below ``/oparl/``
    the API answers itself, with its JSON error object (OParl clients read
    no HTML)."""

    def middleware(request):
        if "\x00" in request.path and not request.path.startswith("/oparl/"):
            raise BadRequest("Die Adresse enthält ein Nullzeichen.")
        return get_response(request)

    return middleware
