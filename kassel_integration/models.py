"""The project's own bookkeeping (imports no app)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row: a counter raised by every change to the public content, and
    when that happened. Public pages derive ETag, Last-Modified and their
    cache key from it (see ``freshness``)."""

    counter = models.BigIntegerField(_("Zähler"), default=0)
    changed_at = models.DateTimeField(_("zuletzt geändert"))

    class Meta:
        verbose_name = _("Datenstand")
        verbose_name_plural = _("Datenstand")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1), name="data_version_single_row"
            )
        ]

    def __str__(self):
        return f"Datenstand {self.counter} vom {self.changed_at:%d.%m.%Y %H:%M}"
