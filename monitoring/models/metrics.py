"""The Kennzahlen of the Integrationsmonitoring, their observations and the
Stadtteile the observations may refer to."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from concept.models import FieldOfAction, Goal, Indicator

from .validators import YEAR_VALIDATORS


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
        """Name, year, district and breakdown, and the value as the public
        pages show it: a value under the disclosure threshold reads "< 5",
        wherever the record is named (pickers, history, delete pages)."""
        from monitoring.presentation import observation_display  # imports models

        district = self.district.name if self.district_id else ""
        parts = [f"{self.metric.name} {self.year}", district, self.breakdown]
        label = " · ".join(part for part in parts if part)
        return f"{label}: {observation_display(self, self.metric)}"

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
