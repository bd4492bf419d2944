"""The address of the real client behind a configured number of trusted
proxies; the login lockout (django-axes' AXES_CLIENT_IP_CALLABLE) and the
feedback rate limit use the same rule.

Each trusted proxy appends the address it was connected from to
``X-Forwarded-For`` (nginx: ``$proxy_add_x_forwarded_for``). Behind
``TRUSTED_PROXIES = n`` proxies the client is therefore the n-th entry from
the right; anything further left came from the client and may be forged.
With 0 (the default: no proxy) the connecting address counts, and
``X-Forwarded-For`` is ignored.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXIES
    if count <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < count:
        return remote  # not through all the proxies: the connecting address
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
