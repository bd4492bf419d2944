"""A Messwerte import too large for one web request, run as a background job."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kassel_integration.private_files import private_storage


class ObservationImport(models.Model):
    """One uploaded file of Messwerte, checked and written by the task worker.

    The file lies in the private storage (never under a public URL) until
    the job ends. Like ``manage.py import_observations`` the job writes all
    rows or none: "abgelehnt" lists every bad line, nothing is saved.
    """

    class State(models.TextChoices):
        PENDING = "wartend", _("wartet")
        RUNNING = "laeuft", _("läuft")
        DONE = "fertig", _("gespeichert")
        REJECTED = "abgelehnt", _("abgelehnt, nichts gespeichert")
        FAILED = "fehlgeschlagen", _("fehlgeschlagen, nichts gespeichert")

    file = models.FileField(
        _("Datei"), storage=private_storage, upload_to="messwerte-import/", blank=True
    )
    original_name = models.CharField(_("Dateiname"), max_length=255)
    state = models.CharField(
        _("Zustand"), max_length=20, choices=State.choices, default=State.PENDING
    )
    writing = models.BooleanField(_("wird gespeichert"), default=False)
    rows_total = models.PositiveIntegerField(_("Zeilen (geschätzt)"), default=0)
    rows_done = models.PositiveIntegerField(_("Zeilen geprüft"), default=0)
    created = models.PositiveIntegerField(_("neu"), default=0)
    updated = models.PositiveIntegerField(_("geändert"), default=0)
    unchanged = models.PositiveIntegerField(_("unverändert"), default=0)
    row_errors = models.JSONField(
        _("fehlerhafte Zeilen"),
        default=list,
        blank=True,
        help_text=_("[Zeilennummer wie in der Tabellenkalkulation, Meldung]"),
    )
    error_count = models.PositiveIntegerField(_("Anzahl Fehler"), default=0)
    error = models.TextField(_("Fehler"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="observation_imports",
        verbose_name=_("gestartet von"),
    )
    requested_at = models.DateTimeField(_("gestartet am"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("letztes Lebenszeichen"), null=True)
    finished_at = models.DateTimeField(_("beendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Messwerte-Import")
        verbose_name_plural = _("Messwerte-Importe")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Messwerte-Import „{self.original_name}“"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.REJECTED, self.State.FAILED)
