"""The project's own bookkeeping (imports no app)."""

from django.contrib.postgres.search import SearchVectorField
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


class SearchEntry(models.Model):
    """One public record in the site search: its type, title, text and
    address, written on every save of the record (see ``search``). On
    PostgreSQL a trigger keeps the German vectors current: ``search_vector``
    (title and whole text) is what a search matches, ``rank_vector`` (title
    and the text's beginning, small) what it ranks by."""

    kind = models.CharField(_("Art"), max_length=40)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("Typ")
    )
    object_id = models.PositiveBigIntegerField(_("Objekt"))
    title = models.CharField(_("Titel"), max_length=500)
    body = models.TextField(_("Text"), blank=True)
    url = models.CharField(_("Adresse"), max_length=500)
    search_vector = SearchVectorField(null=True, editable=False)
    rank_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("Sucheintrag")
        verbose_name_plural = _("Sucheinträge")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_entry_one_per_object"
            )
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"
