"""The issued versions of the annual Integrationsbericht."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .validators import YEAR_VALIDATORS


class AnnualReport(models.Model):
    """One issued version of the Integrationsbericht for a reporting year.

    Issuing runs in the background: the row is created as "wartend", the
    renderer moves it through "läuft" to "ausgegeben" (or "fehlgeschlagen").
    An issued report is never changed; issuing again creates a new version.
    """

    class State(models.TextChoices):
        PENDING = "wartend", _("wartet")
        RUNNING = "laeuft", _("wird erstellt")
        ISSUED = "ausgegeben", _("ausgegeben")
        FAILED = "fehlgeschlagen", _("fehlgeschlagen")

    year = models.PositiveSmallIntegerField(
        _("Berichtsjahr"), validators=YEAR_VALIDATORS
    )
    version = models.PositiveSmallIntegerField(_("Fassung"))
    state = models.CharField(
        _("Zustand"), max_length=20, choices=State.choices, default=State.PENDING
    )
    progress = models.CharField(_("Fortschritt"), max_length=200, blank=True)
    error = models.TextField(_("Fehler"), blank=True)
    heartbeat_at = models.DateTimeField(
        _("letztes Lebenszeichen"),
        null=True,
        blank=True,
        help_text=_("zuletzt gemeldeter Fortschritt des Hintergrunddienstes"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annual_reports",
        verbose_name=_("ausgegeben von"),
    )
    requested_at = models.DateTimeField(_("angefordert am"), auto_now_add=True)
    issued_at = models.DateTimeField(_("ausgegeben am"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="berichte/", blank=True)
    sha256 = models.CharField(_("SHA-256-Prüfsumme"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("Größe in Bytes"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("Seiten"), null=True, blank=True)
    render_seconds = models.FloatField(
        _("Erstellungsdauer in s"), null=True, blank=True
    )
    status_snapshot = models.JSONField(
        _("Umsetzungsstände zum Zeitpunkt der Ausgabe"),
        default=dict,
        blank=True,
        help_text=_(
            "Ziel-Nummer → Umsetzungsstand; Grundlage für „Was hat sich geändert“."
        ),
    )

    class Meta:
        verbose_name = _("Integrationsbericht")
        verbose_name_plural = _("Integrationsberichte")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "version"],
                name="annual_report_one_version_number_per_year",
                violation_error_message=_(
                    "Diese Fassung des Berichts gibt es für das Jahr schon."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state="ausgegeben")
                | (Q(issued_at__isnull=False) & ~Q(sha256="") & ~Q(pdf="")),
                name="annual_report_issued_has_file_and_checksum",
                violation_error_message=_(
                    "Ein ausgegebener Bericht braucht Datei, Prüfsumme und Datum."
                ),
            ),
        ]

    def __str__(self):
        return f"Integrationsbericht {self.year}, Fassung {self.version}"

    def save(self, *args, **kwargs):
        if (
            self.pk
            and AnnualReport.objects.filter(
                pk=self.pk, state=self.State.ISSUED
            ).exists()
        ):
            raise ValidationError(
                _("Ein ausgegebener Bericht wird nicht mehr verändert.")
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "reports:download", kwargs={"year": self.year, "version": self.version}
        )

    def delete(self, *args, **kwargs):
        if self.state == self.State.ISSUED:
            raise ValidationError(
                _("Ein ausgegebener Bericht wird nicht gelöscht; er bleibt abrufbar.")
            )
        return super().delete(*args, **kwargs)

    @property
    def filename(self) -> str:
        return f"integrationsbericht-{self.year}-fassung-{self.version}.pdf"
