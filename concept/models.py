"""The Integrationskonzept: editions, guidelines, fields, goals and indicators.

Codes such as "1.1.10" are display strings; ordering always uses the integer
``number`` fields, because "1.1.10" sorts before "1.1.2" as text.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from .links import page_url, topic_url_builder


class OrganisationManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Organisation(models.Model):
    """An Organisationseinheit of the city or an outside Träger."""

    class Kind(models.TextChoices):
        AMT = "amt", _("Amt")
        # The value is historic; no source calls the Zukunftsbüro a Stabsstelle
        # (2010: "Abteilung des Haupt- und Bürgeramtes", 2012: "Geschäftsbereich
        # d. Oberbürgermeisters").
        STAFF_UNIT = "stabsstelle", _("Geschäftsbereich / Abteilung")
        DEPARTMENT = "dezernat", _("Dezernat")
        MUNICIPAL_BODY = "einrichtung", _("Kommunale Einrichtung")
        PUBLIC_BODY = "behoerde", _("Behörde / öffentliche Stelle")
        COUNCIL = "gremium", _("Gremium / Beirat")
        PROVIDER = "traeger", _("Träger")
        MIGRANT_ORGANISATION = "migrantenorganisation", _("Migrantenorganisation")
        ASSOCIATION = "verein", _("Verein / Initiative")
        RELIGIOUS = "religionsgemeinschaft", _("Religionsgemeinschaft")
        OTHER = "sonstige", _("Sonstige")

    name = models.CharField(_("Name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("Kurzname in der Adresse"),
        max_length=200,
        unique=True,
        help_text=_("Teil der Adresse der Organisationsseite, z. B. „jugendamt“."),
    )
    kind = models.CharField(
        _("Art"), max_length=30, choices=Kind.choices, default=Kind.AMT
    )
    parent_unit = models.CharField(
        _("Zugehörigkeit"),
        max_length=200,
        blank=True,
        help_text=_(
            "Übergeordnete Einheit, z. B. „Geschäftsbereich des Oberbürgermeisters“."
        ),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organisations",
        verbose_name=_("Mitarbeitende mit Zugang"),
        help_text=_("Fachamt-Nutzer sehen und melden nur die Ziele ihrer Einheit."),
    )

    objects = OrganisationManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]
        permissions = [
            # kassel_integration/permissions.py: the object rule of the roles.
            (
                "all_units",
                _("Daten aller Organisationseinheiten sehen, nicht nur der eigenen"),
            ),
            ("manage_members", _("Mitarbeitende den Organisationseinheiten zuordnen")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("concept:organisation-detail", "slug", self.slug)

    def natural_key(self):
        return (self.name,)


class ConceptManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Concept(models.Model):
    """One edition (Fassung) of the Integrationskonzept."""

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=50, unique=True)
    stand_date = models.DateField(_("Stand"))
    period_start = models.PositiveSmallIntegerField(_("Umsetzungszeitraum von"))
    period_end = models.PositiveSmallIntegerField(_("Umsetzungszeitraum bis"))
    adopted_on = models.DateField(_("Beschlossen am"), null=True, blank=True)
    is_current = models.BooleanField(
        _("aktuelle Fassung"),
        default=False,
        help_text=_("Die öffentlichen Seiten zeigen die aktuelle Fassung."),
    )
    source = models.CharField(
        _("Quelle"),
        max_length=300,
        blank=True,
        help_text=_("Dokument, aus dem diese Fassung übernommen ist."),
    )
    reading_note = models.TextField(_("Hinweis zur Lesbarkeit"), blank=True)
    guidelines_introduction = models.TextField(
        _("Einleitungssatz der Leitlinien"),
        blank=True,
        help_text=_("Wortlaut der Quelle vor den Leitlinien."),
    )

    objects = ConceptManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Integrationskonzept (Fassung)")
        verbose_name_plural = _("Integrationskonzept (Fassungen)")
        ordering = ["-stand_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="concept_one_current_edition",
                violation_error_message=_("Es kann nur eine aktuelle Fassung geben."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="concept_period_ordered",
                violation_error_message=_(
                    "Der Umsetzungszeitraum muss vor seinem Ende beginnen."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title} (Stand {self.stand_date:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("concept:index")

    def natural_key(self):
        return (self.slug,)


class Guideline(models.Model):
    """A Leitlinie of the Integrationsförderung."""

    concept = models.ForeignKey(
        Concept,
        on_delete=models.PROTECT,
        related_name="guidelines",
        verbose_name=_("Fassung"),
    )
    number = models.PositiveSmallIntegerField(
        _("Nummer"), validators=[MinValueValidator(1)]
    )
    text = models.TextField(_("Text"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Leitlinie")
        verbose_name_plural = _("Leitlinien")
        ordering = ["concept", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "number"],
                name="guideline_number_unique_per_concept",
                violation_error_message=_(
                    "Diese Leitlinien-Nummer gibt es in der Fassung schon."
                ),
            ),
        ]

    def __str__(self):
        return f"Leitlinie {self.number}"


class FieldOfActionManager(models.Manager):
    def get_by_natural_key(self, concept_slug, number):
        return self.get(concept__slug=concept_slug, number=number)


class FieldOfAction(models.Model):
    """A Handlungsfeld (1–6 in the 2012 edition)."""

    concept = models.ForeignKey(
        Concept,
        on_delete=models.PROTECT,
        related_name="fields",
        verbose_name=_("Fassung"),
    )
    number = models.PositiveSmallIntegerField(
        _("Nummer"), validators=[MinValueValidator(1)]
    )
    title = models.CharField(_("Titel"), max_length=200)

    objects = FieldOfActionManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["concept", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "number"],
                name="field_number_unique_per_concept",
                violation_error_message=_(
                    "Diese Handlungsfeld-Nummer gibt es in der Fassung schon."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="field_number_positive",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return page_url("concept:field-detail", "number", self.number)

    def natural_key(self):
        return (*self.concept.natural_key(), self.number)

    natural_key.dependencies = ["concept.concept"]


class MainGoal(models.Model):
    """A Hauptziel of a Handlungsfeld."""

    field = models.ForeignKey(
        FieldOfAction,
        on_delete=models.CASCADE,
        related_name="main_goals",
        verbose_name=_("Handlungsfeld"),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    text = models.TextField(_("Text"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Hauptziel")
        verbose_name_plural = _("Hauptziele")
        ordering = ["field", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["field", "position"],
                name="main_goal_position_unique_per_field",
            ),
        ]

    def __str__(self):
        return self.text[:80]


class TopicManager(models.Manager):
    def get_by_natural_key(self, concept_slug, code):
        return self.get(field__concept__slug=concept_slug, code=code)


class Topic(models.Model):
    """A Teilbereich ("1.1") within a Handlungsfeld."""

    field = models.ForeignKey(
        FieldOfAction,
        on_delete=models.PROTECT,
        related_name="topics",
        verbose_name=_("Handlungsfeld"),
    )
    number = models.PositiveSmallIntegerField(
        _("Nummer im Handlungsfeld"), validators=[MinValueValidator(1)]
    )
    code = models.CharField(_("Nummer"), max_length=10, help_text=_("z. B. „1.1“"))
    title = models.CharField(_("Titel"), max_length=300)
    text = models.TextField(
        _("Text"),
        blank=True,
        help_text=_("Für Teilbereiche, die statt Zielen einen Text haben (6.2)."),
    )
    footnote = models.TextField(_("Fußnote zum Teilbereich"), blank=True)
    indicator_footnote = models.TextField(
        _("Fußnote zu den Indikatoren"),
        blank=True,
        help_text=_("Anmerkung, die für alle Indikatoren des Teilbereichs gilt."),
    )

    objects = TopicManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Teilbereich")
        verbose_name_plural = _("Teilbereiche")
        ordering = ["field", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["field", "number"],
                name="topic_number_unique_per_field",
                violation_error_message=_(
                    "Diese Teilbereichs-Nummer gibt es im Handlungsfeld schon."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return topic_url_builder()(self.code)

    def natural_key(self):
        return (self.field.concept.slug, self.code)

    def clean(self):
        if self.field_id and self.code != f"{self.field.number}.{self.number}":
            raise ValidationError(
                {
                    "code": _("Die Nummer muss „%(expected)s“ lauten.")
                    % {"expected": f"{self.field.number}.{self.number}"}
                },
                code="topic_code_mismatch",
            )


class GoalResponsibilityManager(models.Manager):
    def get_by_natural_key(self, concept_slug, code, organisation_name):
        return self.get(
            goal__concept__slug=concept_slug,
            goal__code=code,
            organisation__name=organisation_name,
        )


class GoalResponsibility(models.Model):
    """A unit responsible for a goal, in the order and wording of the source.

    The concept names the units of a goal in a meaningful order ("Kulturamt
    Jugendamt" for 2.2.8), and sometimes with a longer name than the unit's
    record ("Geschäftsbereich d. Oberbürgermeisters Zukunftsbüro").
    """

    goal = models.ForeignKey(
        "Goal",
        on_delete=models.CASCADE,
        related_name="responsibilities",
        verbose_name=_("Ziel"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="goal_responsibilities",
        verbose_name=_("Organisationseinheit"),
    )
    position = models.PositiveSmallIntegerField(
        _("Reihenfolge"),
        default=1,
        help_text=_("Reihenfolge, in der die Quelle die Einheiten nennt."),
    )
    designation = models.CharField(
        _("Bezeichnung in der Quelle"),
        max_length=300,
        blank=True,
        help_text=_(
            "Nur wenn die Quelle die Einheit anders nennt als ihr Name, z. B. "
            "„Geschäftsbereich d. Oberbürgermeisters Zukunftsbüro“."
        ),
    )

    objects = GoalResponsibilityManager()

    class Meta:
        db_table = "concept_goal_responsible_organisations"
        verbose_name = _("Verantwortliche Organisationseinheit")
        verbose_name_plural = _("Verantwortliche Organisationseinheiten")
        ordering = ["goal", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "organisation"],
                name="goal_responsibility_unique",
                violation_error_message=_(
                    "Diese Organisationseinheit ist für das Ziel schon eingetragen."
                ),
            ),
        ]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (*self.goal.natural_key(), self.organisation.name)

    natural_key.dependencies = ["concept.goal", "concept.organisation"]

    @property
    def label(self):
        """The unit as the source names it."""
        return self.designation or self.organisation.name


class GoalManager(models.Manager):
    def get_by_natural_key(self, concept_slug, code):
        return self.get(concept__slug=concept_slug, code=code)


class Goal(models.Model):
    """A Ziel ("1.1.1") with its indicators and responsible organisations."""

    concept = models.ForeignKey(
        Concept,
        on_delete=models.PROTECT,
        related_name="goals",
        verbose_name=_("Fassung"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="goals",
        verbose_name=_("Teilbereich"),
    )
    number = models.PositiveSmallIntegerField(
        _("Nummer im Teilbereich"), validators=[MinValueValidator(1)]
    )
    code = models.CharField(_("Nummer"), max_length=12, help_text=_("z. B. „1.1.1“"))
    text = models.TextField(_("Ziel"))
    footnote = models.TextField(_("Fußnote"), blank=True)
    responsible_organisations = models.ManyToManyField(
        Organisation,
        through=GoalResponsibility,
        related_name="goals",
        verbose_name=_("Verantwortlich"),
    )

    objects = GoalManager()
    history = HistoricalRecords(m2m_fields=[responsible_organisations])

    class Meta:
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        ordering = ["concept", "topic__field__number", "topic__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "code"],
                name="goal_code_unique_per_concept",
                violation_error_message=_(
                    "Diese Zielnummer gibt es in der Fassung schon."
                ),
            ),
            models.UniqueConstraint(
                fields=["topic", "number"],
                name="goal_number_unique_per_topic",
                violation_error_message=_(
                    "Diese Zielnummer gibt es im Teilbereich schon."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.code} {Truncator(self.text).words(12)}"  # never mid-word

    def get_absolute_url(self):
        return page_url("concept:goal-detail", "code", self.code)

    def natural_key(self):
        return (self.concept.slug, self.code)

    def clean(self):
        if not self.topic_id:
            return
        expected = f"{self.topic.code}.{self.number}"
        if self.code != expected:
            raise ValidationError(
                {
                    "code": _("Die Nummer muss „%(expected)s“ lauten.")
                    % {"expected": expected}
                },
                code="goal_code_mismatch",
            )
        if self.concept_id and self.topic.field.concept_id != self.concept_id:
            raise ValidationError(
                {"topic": _("Der Teilbereich gehört zu einer anderen Fassung.")},
                code="goal_topic_other_concept",
            )


class Indicator(models.Model):
    """An Indikator by which a goal's achievement is checked."""

    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("Ziel"),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=1)
    text = models.TextField(_("Indikator"))
    footnote = models.TextField(_("Fußnote"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["goal", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "position"],
                name="indicator_position_unique_per_goal",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.goal.get_absolute_url()


class Measure(models.Model):
    """A Maßnahme, Programm or Projekt that serves goals of the concept."""

    class Kind(models.TextChoices):
        MEASURE = "massnahme", _("Maßnahme")
        PROGRAMME = "programm", _("Programm")
        PROJECT = "projekt", _("Projekt")
        OFFER = "angebot", _("Angebot")
        BODY = "gremium", _("Gremium / Netzwerk")

    title = models.CharField(_("Titel"), max_length=300)
    kind = models.CharField(
        _("Art"), max_length=20, choices=Kind.choices, default=Kind.MEASURE
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    providers = models.ManyToManyField(
        Organisation,
        related_name="measures",
        blank=True,
        verbose_name=_("Träger / Anbieter"),
    )
    start_year = models.PositiveSmallIntegerField(
        _("Beginn (Jahr)"), null=True, blank=True
    )
    end_year = models.PositiveSmallIntegerField(_("Ende (Jahr)"), null=True, blank=True)
    period_note = models.CharField(
        _("Zeitraum (Angabe der Quelle)"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „seit November 2015“"),
    )
    funding = models.CharField(
        _("Finanzierung"),
        max_length=300,
        blank=True,
        help_text=_("z. B. „20.000 € Anschubfinanzierung“"),
    )
    funding_amount = models.DecimalField(
        _("Fördersumme in €"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    goals = models.ManyToManyField(
        Goal, related_name="measures", blank=True, verbose_name=_("Ziele")
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction,
        related_name="measures",
        blank=True,
        verbose_name=_("Handlungsfelder"),
    )
    source = models.CharField(
        _("Quelle"),
        max_length=300,
        blank=True,
        help_text=_("z. B. „Antwort des Magistrats vom 22.10.2010 (101.16.1784)“"),
    )
    history = HistoricalRecords(m2m_fields=[providers, goals, fields_of_action])

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(start_year__lte=models.F("end_year")),
                name="measure_period_ordered",
                violation_error_message=_(
                    "Das Ende einer Maßnahme kann nicht vor ihrem Beginn liegen."
                ),
            ),
        ]

    def __str__(self):
        return self.title
