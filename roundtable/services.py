"""Write operations of the Runder Tisch."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction

from concept.models import FieldOfAction

from .models import Consultation, Feedback


class RateLimited(Exception):
    """Too many submissions from one address."""


def feedback_rate_check(*, address: str) -> None:
    """Allow a few online submissions per client address and hour; the
    counter lives in the cache that every worker shares."""
    key = f"beteiligung:{address}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # the key is gone: a dummy cache (no limit) or expired
        return
    if count > settings.ROUNDTABLE_SUBMISSIONS_PER_HOUR:
        raise RateLimited


@transaction.atomic
def feedback_submit(
    *, consultation: Consultation, data: dict, fields: list[FieldOfAction]
) -> Feedback:
    """Store an online submission for moderation and notify the staff.

    ``fields`` are the Handlungsfelder the form offered; the chosen one is
    linked.
    """
    feedback = Feedback(
        kind=data["kind"],
        title=data["text"][:80].split("\n")[0],
        text=data["text"],
        source_name=data.get("organisation", ""),
        consultation=consultation,
        received_on=datetime.date.today(),
        reply_wanted=bool(data.get("reply_wanted")),
        submitter_name=data.get("name", ""),
        submitter_email=data.get("email", ""),
        source="Online-Beteiligung",
    )
    feedback.full_clean()
    feedback.save()
    chosen = [field for field in fields if field.number == data.get("handlungsfeld")]
    feedback.fields_of_action.set(chosen)
    send_mail(
        subject=f"Neue Rückmeldung zur Beteiligung „{consultation.title}“",
        message=(
            f"Eine neue Rückmeldung ({feedback.get_kind_display()}) wartet auf "
            "Moderation in der Verwaltung unter Runder Tisch → Rückmeldungen."
        ),
        from_email=None,
        recipient_list=settings.ROUNDTABLE_NOTIFY_EMAILS,
        fail_silently=False,
    )
    return feedback
