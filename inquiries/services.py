"""Write operations on inquiries that carry rules."""

import datetime

from django.conf import settings
from django.db import transaction

from .models import Inquiry


def inquiry_due_date_default(*, meeting_date: datetime.date | None):
    """The answer is due a configurable number of days before the meeting."""
    if meeting_date is None:
        return None
    days = settings.INQUIRY_ANSWER_DAYS_BEFORE_MEETING
    return meeting_date - datetime.timedelta(days=days)


@transaction.atomic
def inquiry_save(*, inquiry: Inquiry) -> Inquiry:
    """Validate and save ``inquiry``; fill in the default due date if empty."""
    if inquiry.due_date is None:
        inquiry.due_date = inquiry_due_date_default(meeting_date=inquiry.meeting_date)
    inquiry.full_clean()
    inquiry.save()
    return inquiry
