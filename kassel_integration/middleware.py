"""Small middleware of the project (imports no app)."""

from django.conf import settings


def permissions_policy(get_response):
    """Send ``Permissions-Policy`` (Django has no setting for it)."""

    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware
