"""Integrationsmonitoring: the yearly Umsetzungsstand of each goal and the
indicator measurements (Kennzahlen) with their observations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from concept.models import FieldOfAction, Goal, Indicator, Organisation
from inquiries.models import Inquiry

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class GoalStatus(models.Model):
    """The Umsetzungsstand of one goal in one reporting year."""

    class Status(models.TextChoices):
        NOT_STARTED = "nicht_begonnen", _("nicht begonnen")
        PLANNED = "in_planung", _("in Planung")
        IN_PROGRESS = "in_umsetzung", _("in Umsetzung")
        ACHIEVED = "umgesetzt", _("umgesetzt")
        ESTABLISHED = "dauerhaft_etabliert", _("dauerhaft etabliert")
        DEFERRED = "zurueckgestellt", _("zurückgestellt")
        DROPPED = "entfallen", _("entfallen")

    class Review(models.TextChoices):
        DRAFT = "entwurf", _("Entwurf")
        SUBMITTED = "eingereicht", _("eingereicht")
        APPROVED = "freigegeben", _("freigegeben")
        RETURNED = "zurueckgegeben", _("zurückgegeben")

    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        related_name="statuses",
        verbose_name=_("Ziel"),
    )
    year = models.PositiveSmallIntegerField(
        _("Berichtsjahr"), validators=YEAR_VALIDATORS
    )
    status = models.CharField(
        _("Umsetzungsstand"), max_length=20, choices=Status.choices
    )
    progress = models.PositiveSmallIntegerField(
        _("Fortschritt in %"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    narrative = models.TextField(
        _("Erläuterung"),
        blank=True,
        help_text=_("Markdown: Listen, Hervorhebungen, Links."),
    )
    evidence = models.TextField(
        _("Belege"),
        blank=True,
        help_text=_(
            "Worauf die Einschätzung beruht, z. B. Beschluss, Bericht, Zählung."
        ),
    )
    evidence_inquiries = models.ManyToManyField(
        Inquiry,
        blank=True,
        related_name="goal_statuses",
        verbose_name=_("Belege: Anfragen"),
    )
    evidence_observations = models.ManyToManyField(
        "Observation",
        blank=True,
        related_name="goal_statuses",
        verbose_name=_("Belege: Messwerte"),
    )
    reporting_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goal_statuses",
        verbose_name=_("meldende Organisationseinheit"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_goal_statuses",
        verbose_name=_("gemeldet von"),
    )
    review = models.CharField(
        _("Freigabe"), max_length=20, choices=Review.choices, default=Review.DRAFT
    )
    review_comment = models.TextField(_("Kommentar der Redaktion"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_goal_statuses",
        verbose_name=_("freigegeben von"),
    )
    approved_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    modified = models.DateTimeField(_("geändert"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[evidence_inquiries])

    class Meta:
        verbose_name = _("Umsetzungsstand")
        verbose_name_plural = _("Umsetzungsstände")
        ordering = ["-year", "goal"]
        permissions = [
            ("approve_goalstatus", _("Umsetzungsstände freigeben oder zurückgeben")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "year"],
                name="goal_status_one_per_goal_and_year",
                violation_error_message=_(
                    "Für dieses Ziel gibt es in diesem Jahr schon einen "
                    "Umsetzungsstand."
                ),
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="goal_status_progress_percent",
            ),
            models.CheckConstraint(
                condition=~Q(review="freigegeben") | Q(approved_at__isnull=False),
                name="goal_status_approval_stamped",
                violation_error_message=_(
                    "Eine Freigabe braucht Zeitpunkt und Person."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.goal.code} {self.year}: {self.get_status_display()}"

    def get_absolute_url(self):
        return self.goal.get_absolute_url() + "#umsetzungsstand"


STATUS_DEFINITIONS = {
    GoalStatus.Status.NOT_STARTED: _(
        "Mit der Umsetzung wurde noch nicht begonnen; Zuständigkeiten und "
        "Mittel stehen noch aus."
    ),
    GoalStatus.Status.PLANNED: _(
        "Maßnahmen sind konzipiert oder beschlossen, ihre Umsetzung hat aber "
        "noch nicht begonnen."
    ),
    GoalStatus.Status.IN_PROGRESS: _(
        "Maßnahmen laufen; das Ziel ist noch nicht vollständig erreicht."
    ),
    GoalStatus.Status.ACHIEVED: _("Das Ziel ist erreicht, die Indikatoren belegen es."),
    GoalStatus.Status.ESTABLISHED: _(
        "Das Ziel ist erreicht und als Regelangebot oder feste Struktur dauerhaft "
        "gesichert."
    ),
    GoalStatus.Status.DEFERRED: _(
        "Die Umsetzung ruht vorerst, etwa aus Mangel an Mitteln oder wegen anderer "
        "Prioritäten; sie soll später wieder aufgenommen werden."
    ),
    GoalStatus.Status.DROPPED: _(
        "Das Ziel wird nicht weiter verfolgt, weil es überholt ist oder anders "
        "erreicht wurde; die Erläuterung nennt den Grund."
    ),
}


class District(models.Model):
    """One of Kassel's 23 Stadtteile."""

    number = models.PositiveSmallIntegerField(_("Nummer"), unique=True)
    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    source = models.CharField(
        _("Herkunft"),
        max_length=300,
        blank=True,
        help_text=_(
            "Woher der Eintrag stammt, z. B. Referenzdaten der Redaktion, "
            "die nicht aus den Quelldokumenten kommen."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Stadtteil")
        verbose_name_plural = _("Stadtteile")
        ordering = ["number"]

    def __str__(self):
        return self.name


class Metric(models.Model):
    """A Kennzahl of the Integrationsmonitoring."""

    class Direction(models.TextChoices):
        HIGHER = "hoeher", _("höher ist besser")
        LOWER = "niedriger", _("niedriger ist besser")
        NEUTRAL = "neutral", _("keine Wertung")

    key = models.SlugField(
        _("Schlüssel"),
        max_length=80,
        unique=True,
        help_text=_("Teil der Adresse, z. B. „vhs-sprachkurse“"),
    )
    name = models.CharField(_("Name"), max_length=200)
    unit = models.CharField(
        _("Einheit"), max_length=40, help_text=_("z. B. „Personen“, „%“, „€“")
    )
    definition = models.TextField(_("Definition"))
    source = models.CharField(_("Quelle"), max_length=300)
    direction = models.CharField(
        _("Wertung"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.NEUTRAL,
    )
    target_value = models.DecimalField(
        _("Zielwert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(
        _("Zieljahr"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    disclosure_threshold = models.PositiveIntegerField(
        _("Veröffentlichungsschwelle"),
        null=True,
        blank=True,
        help_text=_(
            "Werte von Untergruppen unter dieser Zahl werden öffentlich nur als "
            "„< N“ gezeigt (Datenschutz bei kleinen Gruppen)."
        ),
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction,
        blank=True,
        related_name="metrics",
        verbose_name=_("Handlungsfelder"),
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="metrics", verbose_name=_("Ziele")
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="metrics", verbose_name=_("Indikatoren")
    )
    note = models.TextField(_("Anmerkung"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kennzahl")
        verbose_name_plural = _("Kennzahlen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("monitoring:metric-detail", kwargs={"key": self.key})


class Observation(models.Model):
    """One value of a metric: year (or date), optional district and breakdown."""

    class Qualifier(models.TextChoices):
        EXACT = "", _("genau")
        ABOUT = "rund", _("rund")
        # The sources' own words for approximate figures, kept as written.
        ROUGHLY = "etwa", _("etwa")
        CIRCA = "ca.", _("ca.")
        OVER = "über", _("über")
        UNDER = "unter", _("unter")
        AT_LEAST = "mindestens", _("mindestens")

    metric = models.ForeignKey(
        Metric,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("Kennzahl"),
    )
    year = models.PositiveSmallIntegerField(_("Jahr"), validators=YEAR_VALIDATORS)
    year_basis = models.CharField(
        _("Herleitung des Jahres"),
        max_length=500,
        blank=True,
        help_text=_(
            "Nur wenn die Quelle das Jahr nicht nennt: nach welcher Regel es "
            "abgeleitet ist. Die Seiten zeigen das Jahr dann als abgeleitet."
        ),
    )
    date = models.DateField(_("Stichtag"), null=True, blank=True)
    value = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    qualifier = models.CharField(
        _("Genauigkeit"),
        max_length=12,
        choices=Qualifier.choices,
        blank=True,
        default="",
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("Stadtteil"),
    )
    age_group = models.CharField(_("Altersgruppe"), max_length=60, blank=True)
    gender = models.CharField(_("Geschlecht"), max_length=60, blank=True)
    area = models.CharField(_("Bereich"), max_length=120, blank=True)
    provider_type = models.CharField(_("Trägerart"), max_length=120, blank=True)
    is_total = models.BooleanField(
        _("Summe"), default=False, help_text=_("Summenzeile oder -spalte der Quelle.")
    )
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    note = models.TextField(_("Fußnote"), blank=True)
    modified = models.DateTimeField(_("geändert"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Messwert")
        verbose_name_plural = _("Messwerte")
        ordering = ["metric", "year", "district", "area", "age_group", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "metric",
                    "year",
                    "district",
                    "age_group",
                    "gender",
                    "area",
                    "provider_type",
                ],
                name="observation_unique_key_with_district",
                condition=Q(district__isnull=False),
                violation_error_message=_("Diesen Messwert gibt es schon."),
            ),
            models.UniqueConstraint(
                fields=[
                    "metric",
                    "year",
                    "age_group",
                    "gender",
                    "area",
                    "provider_type",
                ],
                name="observation_unique_key_citywide",
                condition=Q(district__isnull=True),
                violation_error_message=_("Diesen Messwert gibt es schon."),
            ),
        ]
        indexes = [
            models.Index(fields=["metric", "year"], name="observation_metric_year")
        ]

    def __str__(self):
        return f"{self.metric.name} {self.year}: {self.value}"

    @property
    def breakdown(self) -> str:
        """Area, age group, gender and provider type (the district is separate)."""
        parts = [self.area, self.age_group, self.gender, self.provider_type]
        return " · ".join(part for part in parts if part)

    def clean(self):
        if self.date and self.date.year != self.year:
            raise ValidationError(
                {
                    "date": _("Der Stichtag muss im Jahr %(year)s liegen.")
                    % {"year": self.year}
                },
                code="date_outside_year",
            )


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
