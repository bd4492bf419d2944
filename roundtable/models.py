"""Runder Tisch Integration: events, feedback and recommendations, and what
became of each (follow-ups)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from concept.models import Concept, FieldOfAction, Goal, Measure, Organisation
from kassel_integration.markdown import MarkdownHtmlField, RendererVersionField
from kassel_integration.validators import UploadValidator


class Event(models.Model):
    """A Runder Tisch, kick-off, Lokaltermin, presentation or Arbeitskreis."""

    class Kind(models.TextChoices):
        ROUND_TABLE = "runder_tisch", _("Runder Tisch Integration")
        KICK_OFF = "auftakt", _("Auftaktveranstaltung")
        LOCAL = "lokaltermin", _("Lokaltermin / Arbeitsgruppe")
        PRESENTATION = "vorstellung", _("Vorstellung")
        WORKING_CIRCLE = "arbeitskreis", _("Arbeitskreis")

    class State(models.TextChoices):
        PLANNED = "geplant", _("geplant")
        HELD = "durchgefuehrt", _("durchgeführt")
        POSTPONED = "verschoben", _("verschoben")
        CANCELLED = "abgesagt", _("abgesagt")

    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Titel"), max_length=250)
    date = models.DateField(_("Datum"), null=True, blank=True)
    date_note = models.CharField(
        _("Zeitangabe der Quelle"),
        max_length=120,
        blank=True,
        help_text=_("Wenn kein Tag bekannt ist, z. B. „März 2020“."),
    )
    state = models.CharField(
        _("Stand"), max_length=20, choices=State.choices, default=State.PLANNED
    )
    venue = models.CharField(_("Ort"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("Teilnehmende"), null=True, blank=True)
    participants_approximate = models.BooleanField(
        _("Teilnehmerzahl ungefähr"), default=False
    )
    participants_scope = models.CharField(
        _("Umfang der Teilnehmerzahl"),
        max_length=300,
        blank=True,
        help_text=_(
            "Wenn die Quelle mehr als diese Veranstaltung zählt, z. B. "
            "„Auftaktveranstaltung 2016 und die anschließenden Arbeitsgruppen "
            "zusammen“."
        ),
    )
    body_size = models.PositiveIntegerField(
        _("Mitglieder des Gremiums"),
        null=True,
        blank=True,
        help_text=_(
            "Mitgliederzahl des tagenden Gremiums (z. B. Arbeitskreis), wenn die "
            "Quelle sie statt einer Teilnehmerzahl nennt."
        ),
    )
    body_size_approximate = models.BooleanField(
        _("Mitgliederzahl ungefähr"), default=False
    )
    invitation_sent_on = models.DateField(_("eingeladen am"), null=True, blank=True)
    registration_deadline = models.DateField(_("Anmeldeschluss"), null=True, blank=True)
    documents_sent_on = models.DateField(
        _("Unterlagen versandt am"), null=True, blank=True
    )
    concept = models.ForeignKey(
        Concept,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("vorgestellte Fassung"),
    )
    concept_edition_note = models.CharField(
        _("vorgestellte Fassung (Angabe der Quelle)"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „Neufassung des Integrationskonzepts (April 2019)“"),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    documents = models.FileField(
        _("Unterlagen"),
        upload_to="runder-tisch/",
        blank=True,
        validators=[UploadValidator(extensions=[".pdf"])],
        help_text=_("PDF der Unterlagen, öffentlich herunterladbar."),
    )
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["-date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date__isnull=True)
                | Q(documents_sent_on__isnull=True)
                | Q(documents_sent_on__lte=models.F("date")),
                name="event_documents_not_after_event",
                violation_error_message=_(
                    "Unterlagen können nicht nach der Veranstaltung versandt "
                    "worden sein."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})" if self.date else self.title

    def get_absolute_url(self):
        return reverse("roundtable:event-detail", kwargs={"slug": self.slug})

    @property
    def state_label(self) -> str:
        """The state as far as it is known: a planned date that has passed
        does not make the event held."""
        if (
            self.state == self.State.PLANNED
            and self.date
            and self.date < datetime.date.today()
        ):
            return _("Termin verstrichen, Durchführung nicht erfasst")
        if self.state in self.State.values:  # one label translated, not all
            return str(self.State(self.state).label)
        return self.get_state_display()

    @property
    def documents_lead_days(self) -> int | None:
        """Days between sending the documents and the event."""
        if self.date and self.documents_sent_on:
            return (self.date - self.documents_sent_on).days
        return None

    @property
    def documents_late(self) -> bool:
        """The documents reached participants later than the rule
        (``ROUNDTABLE_DOCUMENTS_MIN_DAYS`` before the event)."""
        days = self.documents_lead_days
        return days is not None and days < settings.ROUNDTABLE_DOCUMENTS_MIN_DAYS


class WorkingGroup(models.Model):
    """An Unter-Arbeitsgruppe for one Handlungsfeld."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="working_groups",
        verbose_name=_("hervorgegangen aus"),
    )
    field = models.ForeignKey(
        FieldOfAction,
        on_delete=models.PROTECT,
        related_name="working_groups",
        verbose_name=_("Handlungsfeld"),
    )
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Unter-Arbeitsgruppe")
        verbose_name_plural = _("Unter-Arbeitsgruppen")
        ordering = ["field__number", "name"]

    def __str__(self):
        return self.name


class Feedback(models.Model):
    """A question, criticism, suggestion or recommendation, and its disposition."""

    class Kind(models.TextChoices):
        QUESTION = "frage", _("Frage")
        CRITICISM = "kritik", _("Kritik")
        SUGGESTION = "anregung", _("Anregung")
        RECOMMENDATION = "empfehlung", _("Empfehlung")

    class Moderation(models.TextChoices):
        PENDING = "eingegangen", _("eingegangen")
        APPROVED = "freigegeben", _("freigegeben")
        REJECTED = "abgelehnt", _("abgelehnt")

    class Disposition(models.TextChoices):
        RECEIVED = "eingegangen", _("eingegangen")
        REVIEWED = "geprueft", _("geprüft")
        DISCUSSED = "besprochen", _("vorgestellt und besprochen")
        ADOPTED = "uebernommen", _("übernommen")
        IN_PROGRESS = "in_umsetzung", _("in Umsetzung")
        DONE = "umgesetzt", _("umgesetzt")
        NOT_ADOPTED = "nicht_uebernommen", _("nicht übernommen")

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Kurztitel"), max_length=200)
    text = models.TextField(_("Inhalt"))
    text_html = MarkdownHtmlField(_("Inhalt (HTML)"), source="text")
    html_version = RendererVersionField(_("Version der HTML-Darstellung"))
    source_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("von (Organisation)"),
    )
    source_name = models.CharField(
        _("von (Angabe der Einsendung)"),
        max_length=200,
        blank=True,
        help_text=_("Organisation, wie bei einer Online-Einsendung angegeben."),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("Veranstaltung"),
    )
    consultation = models.ForeignKey(
        "Consultation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("Beteiligung (online)"),
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction,
        blank=True,
        related_name="feedback",
        verbose_name=_("Handlungsfelder"),
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="feedback", verbose_name=_("Ziele")
    )
    received_on = models.DateField(_("eingegangen am"), null=True, blank=True)
    received_on_basis = models.CharField(
        _("Herleitung des Eingangsdatums"),
        max_length=500,
        blank=True,
        help_text=_(
            "Nur wenn die Quelle kein Datum nennt: nach welcher Regel das Datum "
            "eingetragen ist. Die Seiten zeigen es dann als abgeleitet."
        ),
    )
    moderation = models.CharField(
        _("Moderation"),
        max_length=20,
        choices=Moderation.choices,
        default=Moderation.PENDING,
    )
    is_public = models.BooleanField(_("öffentlich"), default=False)
    disposition = models.CharField(
        _("Umgang"),
        max_length=20,
        choices=Disposition.choices,
        default=Disposition.RECEIVED,
    )
    justification = models.TextField(
        _("Begründung"),
        blank=True,
        help_text=_("Öffentlich; Pflicht, wenn eine Empfehlung nicht übernommen wird."),
    )
    submitter_name = models.CharField(
        _("Name (nur intern)"), max_length=200, blank=True
    )
    submitter_email = models.EmailField(_("E-Mail (nur intern)"), blank=True)
    reply_wanted = models.BooleanField(_("Antwort gewünscht"), default=False)
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    history = HistoricalRecords(
        m2m_fields=[fields_of_action], excluded_fields=["text_html", "html_version"]
    )

    class Meta:
        verbose_name = _("Rückmeldung / Empfehlung")
        verbose_name_plural = _("Rückmeldungen und Empfehlungen")
        ordering = ["-received_on", "title"]
        indexes = [
            # The public feedback of each event shown on /runder-tisch/,
            # counted from this index alone, not from the rows (issue #20).
            models.Index(
                fields=["event", "id"],
                condition=Q(is_public=True, moderation="freigegeben"),
                name="feedback_public_by_event",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(disposition="nicht_uebernommen") | ~Q(justification=""),
                name="feedback_rejection_justified",
                violation_error_message=_(
                    "Wird eine Empfehlung nicht übernommen, ist eine öffentliche "
                    "Begründung nötig."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(moderation="freigegeben"),
                name="feedback_public_only_when_approved",
                violation_error_message=_(
                    "Öffentlich kann nur eine freigegebene Rückmeldung sein."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The permalink page of the recommendation (public ones only)."""
        return reverse("roundtable:recommendation-detail", kwargs={"pk": self.pk})

    def clean(self):
        if (
            self.disposition == self.Disposition.NOT_ADOPTED
            and not self.justification.strip()
        ):
            raise ValidationError(
                {
                    "justification": _(
                        "Wird eine Empfehlung nicht übernommen, ist eine öffentliche "
                        "Begründung nötig."
                    )
                },
                code="justification_required",
            )


DISPOSITION_DEFINITIONS = {
    Feedback.Disposition.RECEIVED: _(
        "Die Empfehlung ist erfasst, aber noch nicht geprüft."
    ),
    Feedback.Disposition.REVIEWED: _(
        "Die Empfehlung wurde mit den zuständigen Stellen besprochen; eine "
        "Entscheidung steht aus."
    ),
    Feedback.Disposition.DISCUSSED: _(
        "Die Empfehlung wurde vorgestellt und mit den Beteiligten besprochen; "
        "eine Entscheidung steht aus."
    ),
    Feedback.Disposition.ADOPTED: _(
        "Die Stadt macht sich die Empfehlung zu eigen; die Umsetzung ist vorgesehen."
    ),
    Feedback.Disposition.IN_PROGRESS: _("Maßnahmen zur Empfehlung laufen."),
    Feedback.Disposition.DONE: _("Die Empfehlung ist umgesetzt."),
    Feedback.Disposition.NOT_ADOPTED: _(
        "Die Empfehlung wird nicht verfolgt; die Begründung steht dabei."
    ),
}


class FollowUp(models.Model):
    """A dated step taken on a piece of feedback."""

    feedback = models.ForeignKey(
        Feedback,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("Rückmeldung"),
    )
    date = models.DateField(_("Datum"), null=True, blank=True)
    date_note = models.CharField(
        _("Zeitangabe der Quelle"),
        max_length=120,
        blank=True,
        help_text=_("z. B. „Januar 2020“"),
    )
    text = models.TextField(_("Was geschah"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("durch"),
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("Maßnahme"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Weiterverfolgung")
        verbose_name_plural = _("Weiterverfolgung")
        ordering = ["feedback", "date", "pk"]

    def __str__(self):
        return self.text[:80]


class Consultation(models.Model):
    """A period in which a draft is published and feedback is open."""

    title = models.CharField(_("Titel"), max_length=200)
    concept = models.ForeignKey(
        Concept,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("Fassung"),
    )
    draft = models.FileField(
        _("Entwurf"),
        upload_to="beteiligung/",
        blank=True,
        validators=[UploadValidator(extensions=[".pdf"])],
    )
    opens_on = models.DateField(_("offen ab"))
    closes_on = models.DateField(_("offen bis"))
    description = models.TextField(_("Beschreibung"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Beteiligung")
        verbose_name_plural = _("Beteiligungen")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("closes_on")),
                name="consultation_period_ordered",
                violation_error_message=_(
                    "Eine Beteiligung endet nicht vor ihrem Beginn."
                ),
            ),
        ]

    def __str__(self):
        return self.title
