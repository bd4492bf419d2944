"""The yearly Umsetzungsstand of each goal, reported and approved in the
reporting round, with the public definition of every status."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from concept.models import Goal, Organisation
from kassel_integration.markdown import MarkdownHtmlField, RendererVersionField

from .validators import YEAR_VALIDATORS


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
    narrative_html = MarkdownHtmlField(_("Erläuterung (HTML)"), source="narrative")
    html_version = RendererVersionField(_("Version der HTML-Darstellung"))
    evidence = models.TextField(
        _("Belege"),
        blank=True,
        help_text=_(
            "Worauf die Einschätzung beruht, z. B. Beschluss, Bericht, Zählung."
        ),
    )
    evidence_inquiries = models.ManyToManyField(
        "inquiries.Inquiry",
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
    history = HistoricalRecords(
        m2m_fields=[evidence_inquiries],
        excluded_fields=["narrative_html", "html_version"],
    )

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
