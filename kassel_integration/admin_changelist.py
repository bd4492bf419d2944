"""A change list whose date hierarchy answers 400 to a year out of range.

Django's ChangeList builds ``datetime(year, …)`` for ``?<field>__year=``;
it turns a ValueError into "invalid lookup", but a year such as 99999999999
raises OverflowError, and 9999 fails one step later (``year + 1``): both
were a 500.
"""

from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest


class DateHierarchyChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise BadRequest(
                f"Ungültiges Datum in der Filterauswahl: {error}"
            ) from None
