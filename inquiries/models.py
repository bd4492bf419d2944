"""Parliamentary inquiries (Anfragen) and the Magistrat's answers.

Public pages and the OParl API show only public fields: ``internal_contact``,
``internal_note`` and every answer of an inquiry not yet answered stay inside
the admin. Every public read starts from ``selectors.public_inquiries()``.
"""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from concept.models import FieldOfAction, Goal, Organisation
from kassel_integration.markdown import MarkdownHtmlField, RendererVersionField
from kassel_integration.private_files import private_storage
from kassel_integration.validators import UploadValidator


class TimestampedModel(models.Model):
    """``created``/``modified`` as OParl requires them on every object."""

    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    modified = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        abstract = True


class Faction(TimestampedModel):
    """A Fraktion of the Stadtverordnetenversammlung."""

    name = models.CharField(_("Kurzname"), max_length=100, unique=True)
    full_name = models.CharField(_("Name"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Fraktion")
        verbose_name_plural = _("Fraktionen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Committee(TimestampedModel):
    """An Ausschuss; names change between legislative terms."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    valid_from = models.PositiveSmallIntegerField(
        _("Name gültig ab (Jahr)"), null=True, blank=True
    )
    valid_until = models.PositiveSmallIntegerField(
        _("Name gültig bis (Jahr)"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Ausschuss")
        verbose_name_plural = _("Ausschüsse")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Person(TimestampedModel):
    """Someone who signs an inquiry or an answer publicly."""

    name = models.CharField(_("Name"), max_length=200)
    # The parts of the name where the source gives them (OParl Person).
    given_name = models.CharField(_("Vorname"), max_length=100, blank=True)
    family_name = models.CharField(_("Familienname"), max_length=100, blank=True)
    form_of_address = models.CharField(
        _("Anrede"), max_length=50, blank=True, help_text=_("z. B. „Stadtverordneter“")
    )
    title = models.CharField(
        _("Titel"), max_length=50, blank=True, help_text=_("z. B. „Dr.“")
    )
    role = models.CharField(
        _("Funktion"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „Fraktionsvorsitzender“"),
    )
    faction = models.ForeignKey(
        Faction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("Fraktion"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "role"], name="person_name_role_unique"
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name


class Inquiry(TimestampedModel):
    """An Anfrage with its Vorlage-Nr., questions and the Magistrat's answer."""

    class Status(models.TextChoices):
        RECEIVED = "eingegangen", _("eingegangen")
        IN_PROGRESS = "in_bearbeitung", _("in Bearbeitung")
        DRAFT = "antwort_im_entwurf", _("Antwort im Entwurf")
        ANSWERED = "beantwortet", _("beantwortet")

    reference_number = models.CharField(
        _("Vorlage-Nr."),
        max_length=30,
        unique=True,
        help_text=_("z. B. „101.18.1671“"),
        error_messages={
            "unique": _("Eine Anfrage mit dieser Vorlage-Nr. gibt es schon.")
        },
    )
    title = models.CharField(_("Titel"), max_length=300)
    faction = models.ForeignKey(
        Faction,
        on_delete=models.PROTECT,
        related_name="inquiries",
        verbose_name=_("Fraktion"),
    )
    signed_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_inquiries",
        verbose_name=_("unterzeichnet von"),
    )
    submitted_on = models.DateField(_("eingereicht am"), null=True, blank=True)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("Ausschuss"),
    )
    meeting_date = models.DateField(_("Sitzung am"), null=True, blank=True)
    preamble = models.TextField(_("Vorbemerkung"), blank=True)
    preamble_html = MarkdownHtmlField(_("Vorbemerkung (HTML)"), source="preamble")
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    due_date = models.DateField(_("Antwort fällig am"), null=True, blank=True)
    answering_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_inquiries",
        verbose_name=_("beantwortende Stelle"),
    )
    responsible_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="inquiries",
        verbose_name=_("zuständige Organisationseinheiten"),
    )
    answered_on = models.DateField(
        _("beantwortet am"),
        null=True,
        blank=True,
        help_text=_("Datum der Antwort selbst; leer, wenn sie keines trägt."),
    )
    answer_undated = models.BooleanField(
        _("Antwort ohne Datum"),
        default=False,
        help_text=_("Die Antwort trägt kein Datum; bekannt sind nur Eingangsstempel."),
    )
    answer_received_on = models.DateField(
        _("Antwort eingegangen am"),
        null=True,
        blank=True,
        help_text=_("Datum des Eingangsstempels auf der Antwort."),
    )
    answer_received_by = models.CharField(
        _("Eingangsstempel von"),
        max_length=200,
        blank=True,
        help_text=_(
            "Stelle, deren Eingangsstempel die Antwort trägt, z. B. „Dezernentin“."
        ),
    )
    council_received_on = models.DateField(
        _("Eingang bei der Stadtverordnetenversammlung"),
        null=True,
        blank=True,
        help_text=_("Datum des Eingangsstempels der Stadtverordneten-Versammlung."),
    )
    council_received_note = models.CharField(
        _("Vermerk beim Eingang"),
        max_length=200,
        blank=True,
        help_text=_("Vermerk neben dem Stempel, z. B. „Anlage zu TOP 4“."),
    )
    answer_signed_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_answers",
        verbose_name=_("Antwort unterzeichnet von"),
    )
    answer_introduction = models.TextField(
        _("Einleitung der Antwort"), blank=True, help_text=_("Markdown")
    )
    answer_introduction_html = MarkdownHtmlField(
        _("Einleitung der Antwort (HTML)"), source="answer_introduction"
    )
    html_version = RendererVersionField(_("Version der HTML-Darstellung"))
    internal_contact = models.CharField(
        _("interne Ansprechperson"),
        max_length=200,
        blank=True,
        help_text=_("Nur intern: Name und Telefon der Sachbearbeitung."),
    )
    internal_note = models.TextField(
        _("interne Notiz"), blank=True, help_text=_("Nur intern, nie öffentlich.")
    )
    # Imported from a council information system (manage.py oparl_import):
    # the OParl id of the Paper and the values as last imported, so that a
    # later import changes only what staff have not edited here.
    source_url = models.CharField(
        _("OParl-Quelle"), max_length=500, blank=True, editable=False
    )
    source_web = models.CharField(
        _("Original im Ratsinformationssystem"), max_length=500, blank=True
    )
    source_values = models.JSONField(default=dict, blank=True, editable=False)
    # PostgreSQL only, kept current by database triggers (migrations 0002,
    # 0015): ``search_vector`` holds the inquiry's own text and ranks;
    # ``document_vector`` adds its questions and, once answered, the answers,
    # and is what a search matches.
    search_vector = SearchVectorField(null=True, editable=False)
    document_vector = SearchVectorField(null=True, blank=True, editable=False)
    # The full text as OParl serves it (the mainFile: questions, and answers
    # once answered, as Markdown), with its size and checksum; written with
    # every save of the inquiry or of one of its questions, never edited
    # (``oparl.files.full_text_refresh``).
    full_text = models.TextField(_("Volltext (Markdown)"), blank=True, editable=False)
    full_text_size = models.PositiveIntegerField(
        _("Größe des Volltexts (Bytes)"), default=0, editable=False
    )
    full_text_sha512 = models.CharField(
        _("SHA-512 des Volltexts"), max_length=128, blank=True, editable=False
    )
    full_text_version = models.PositiveSmallIntegerField(
        _("Version des Volltexts"), default=0, editable=False
    )
    history = HistoricalRecords(
        m2m_fields=[responsible_organisations],
        excluded_fields=[
            "search_vector",
            "document_vector",
            "full_text",
            "full_text_size",
            "full_text_sha512",
            "full_text_version",
            "source_values",
            "preamble_html",
            "answer_introduction_html",
            "html_version",
        ],
    )

    class Meta:
        verbose_name = _("Anfrage")
        verbose_name_plural = _("Anfragen")
        ordering = ["-submitted_on", "-reference_number"]
        indexes = [
            # The year filter's choices (selectors.inquiry_year_list); the
            # submission date is the first column of the list order index.
            models.Index(fields=["answered_on"], name="inquiry_answered_on"),
            # Counting answers (OParl paper list) and the status filter.
            models.Index(fields=["status"], name="inquiry_status"),
            # The OParl meetings: inquiries grouped by committee and day.
            models.Index(
                fields=["committee", "meeting_date"],
                condition=Q(committee__isnull=False, meeting_date__isnull=False),
                name="inquiry_meeting",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_url"],
                condition=~Q(source_url=""),
                name="inquiry_source_url_unique",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True)
                | Q(submitted_on__isnull=True)
                | Q(answered_on__gte=models.F("submitted_on")),
                name="inquiry_answer_after_submission",
                violation_error_message=_(
                    "Das Antwortdatum kann nicht vor dem Eingang der Anfrage liegen."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.reference_number} {self.title}"

    def get_absolute_url(self):
        return reverse(
            "inquiries:detail", kwargs={"reference_number": self.reference_number}
        )

    def clean(self):
        if self.answer_undated and self.answered_on:
            raise ValidationError(
                {
                    "answered_on": _(
                        "Eine Antwort ohne Datum hat kein Antwortdatum; das Datum "
                        "eines Eingangsstempels gehört in „Antwort eingegangen am“."
                    )
                },
                code="undated_answer_with_date",
            )
        if (
            self.status == self.Status.ANSWERED
            and not self.answered_on
            and not self.answer_undated
        ):
            raise ValidationError(
                {
                    "answered_on": _(
                        "Eine beantwortete Anfrage braucht ein Antwortdatum "
                        "(oder den Vermerk „Antwort ohne Datum“)."
                    )
                },
                code="answered_without_date",
            )
        if (
            self.answered_on
            and self.submitted_on
            and self.answered_on < self.submitted_on
        ):
            raise ValidationError(
                {
                    "answered_on": _(
                        "Das Antwortdatum (%(answered)s) liegt vor dem Eingang der "
                        "Anfrage (%(submitted)s)."
                    )
                    % {
                        "answered": self.answered_on.strftime("%d.%m.%Y"),
                        "submitted": self.submitted_on.strftime("%d.%m.%Y"),
                    }
                },
                code="answer_before_submission",
            )

    @property
    def is_answered(self):
        return self.status == self.Status.ANSWERED

    @property
    def council_url(self) -> str:
        """The Vorlage in the council information system, if its address is
        a web address (never another scheme in a public link)."""
        web = self.source_web.strip()
        return web if web.startswith(("https://", "http://")) else ""


class Question(TimestampedModel):
    """One numbered question of an inquiry and its answer (Markdown)."""

    inquiry = models.ForeignKey(
        Inquiry,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("Anfrage"),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    number = models.CharField(
        _("Nummer"), max_length=10, help_text=_("z. B. „1“ oder „10a“")
    )
    text = models.TextField(_("Frage"))
    answer = models.TextField(
        _("Antwort"),
        blank=True,
        help_text=_("Markdown: Listen, Tabellen, Hervorhebungen und Links."),
    )
    text_html = MarkdownHtmlField(_("Frage (HTML)"), source="text")
    answer_html = MarkdownHtmlField(_("Antwort (HTML)"), source="answer")
    html_version = RendererVersionField(_("Version der HTML-Darstellung"))
    fields_of_action = models.ManyToManyField(
        FieldOfAction,
        blank=True,
        related_name="questions",
        verbose_name=_("Handlungsfelder"),
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="questions", verbose_name=_("Ziele")
    )
    # PostgreSQL only: kept current by a database trigger (migration 0002).
    text_vector = SearchVectorField(null=True, editable=False)
    answer_vector = SearchVectorField(null=True, editable=False)
    history = HistoricalRecords(
        m2m_fields=[fields_of_action, goals],
        excluded_fields=[
            "text_vector",
            "answer_vector",
            "text_html",
            "answer_html",
            "html_version",
        ],
    )

    class Meta:
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        ordering = ["inquiry", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "number"],
                name="question_number_unique_per_inquiry",
                violation_error_message=_(
                    "Diese Fragennummer gibt es in der Anfrage schon."
                ),
            ),
            models.UniqueConstraint(
                fields=["inquiry", "position"],
                name="question_position_unique_per_inquiry",
            ),
        ]

    def __str__(self):
        return f"{self.inquiry.reference_number} Frage {self.number}"

    def get_absolute_url(self):
        return f"{self.inquiry.get_absolute_url()}#frage-{self.number}"


class Attachment(TimestampedModel):
    """A file belonging to an inquiry (Anlage)."""

    inquiry = models.ForeignKey(
        Inquiry,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("Anfrage"),
    )
    title = models.CharField(_("Titel"), max_length=300)
    file = models.FileField(
        _("Datei"),
        upload_to="anfragen/anlagen/",
        storage=private_storage,  # served only through a permission check
        blank=True,
        validators=[UploadValidator()],
        help_text=_("PDF, DOCX, XLSX, ODT, ODS, CSV oder TXT, höchstens 20 MB."),
    )
    is_public = models.BooleanField(_("öffentlich"), default=True)
    # Read from the stored bytes after each save (inquiries.oparl.tracking);
    # served by OParl as size, sha512Checksum, mimeType and text.
    file_size = models.PositiveBigIntegerField(
        _("Dateigröße (Bytes)"), null=True, blank=True, editable=False
    )
    file_sha512 = models.CharField(
        _("SHA-512"), max_length=128, blank=True, editable=False
    )
    file_mime_type = models.CharField(
        _("Dateityp (MIME)"), max_length=100, blank=True, editable=False
    )
    file_text = models.TextField(_("Text der Datei"), blank=True, editable=False)
    note = models.CharField(
        _("Hinweis"),
        max_length=300,
        blank=True,
        help_text=_("z. B. „liegt nur in Papierform vor“"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")
        ordering = ["inquiry", "title"]

    def __str__(self):
        return self.title


class OparlTombstone(models.Model):
    """What remains of an OParl object that disappeared (spec 2.8): its path
    below the API root, its type and when it was created and deleted.

    Written by ``inquiries.oparl.tracking`` whenever a save or delete makes
    an object vanish: a deleted inquiry (its Paper, answer, Consultation), a
    committee taken off an inquiry (Consultation, maybe the Meeting), a
    faction taken from a person (Membership), a file made internal, and so
    on. A path that comes back (a meeting held again) loses its tombstone.
    """

    path = models.CharField(_("Pfad"), max_length=100, unique=True)
    kind = models.CharField(_("OParl-Typ"), max_length=30)
    created = models.DateTimeField(_("angelegt"))
    deleted_at = models.DateTimeField(_("gelöscht am"))

    class Meta:
        verbose_name = _("gelöschtes OParl-Objekt")
        verbose_name_plural = _("gelöschte OParl-Objekte")
        ordering = ["kind", "path"]
        indexes = [
            models.Index(fields=["kind", "deleted_at"], name="tombstone_kind_deleted"),
        ]

    def __str__(self):
        return f"{self.kind} {self.path}"


class OparlImportRun(models.Model):
    """One run of ``manage.py oparl_import``: what it read and brought."""

    class Outcome(models.TextChoices):
        RUNNING = "laeuft", _("läuft")
        DONE = "fertig", _("fertig")
        FAILED = "fehlgeschlagen", _("fehlgeschlagen")

    url = models.URLField(_("Quelle"), max_length=500)
    started_at = models.DateTimeField(_("begonnen"))
    finished_at = models.DateTimeField(_("beendet"), null=True, blank=True)
    since = models.DateTimeField(_("Änderungen seit"), null=True, blank=True)
    outcome = models.CharField(
        _("Ergebnis"), max_length=20, choices=Outcome.choices, default=Outcome.RUNNING
    )
    counts = models.JSONField(_("Zahlen"), default=dict, blank=True)
    report = models.TextField(_("Bericht"), blank=True)

    class Meta:
        verbose_name = _("OParl-Import")
        verbose_name_plural = _("OParl-Importe")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.url} {self.started_at:%d.%m.%Y %H:%M}"
