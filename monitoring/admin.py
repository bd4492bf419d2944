"""Staff editing of the monitoring: the reporting round and the Kennzahlen."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult
from import_export.forms import ExportForm

from concept.selectors import concept_current_or_none
from kassel_integration.admin_base import (
    GuardedAdminMixin,
    GuardedModelAdmin,
    HistoryAdmin,
    HistoryImportExportAdmin,
)
from kassel_integration.permissions import (
    may_review_statuses,
    restrict_to_units,
    sees_all_units,
)

from . import selectors
from .forms import CompletenessYearForm, ReportYearForm
from .models import (
    AnnualReport,
    District,
    GoalStatus,
    Metric,
    Observation,
    ObservationImport,
)
from .observation_jobs import observation_import_fail_stale, observation_import_request
from .report.services import annual_report_fail_stale, annual_report_request
from .reporting_round import goal_status_approve, goal_status_save
from .resources import ObservationResource
from .selectors import goal_reportable_list, reporting_year_open
from .worker import silence_limit

Review = GoalStatus.Review


class RoundAutocompleteMixin:
    """A picker of the status form that searches through the reporting
    round's own autocomplete."""

    def get_url(self):
        return reverse("admin:monitoring_goalstatus_autocomplete")


class RoundAutocompleteSelect(RoundAutocompleteMixin, AutocompleteSelect):
    pass


class RoundAutocompleteSelectMultiple(
    RoundAutocompleteMixin, AutocompleteSelectMultiple
):
    pass


class RoundAutocompleteView(AutocompleteJsonView):
    """The goal (by code or words) and the evidence to cite (inquiries by
    Vorlage-Nr. or title, Messwerte by name): whoever may report a status
    searches them here, without the right to open them in the admin. The
    goals are those of the user's units (the goal admin's unit rule); any
    other field asks the usual rule."""

    source_admin = None

    def has_perm(self, request, obj=None):
        field = self.source_field
        if field.model is GoalStatus and field.name in ROUND_PICKERS:
            return self.source_admin.has_add_permission(
                request
            ) or self.source_admin.has_change_permission(request)
        return super().has_perm(request, obj)


EVIDENCE_FIELDS = ("evidence_inquiries", "evidence_observations")
ROUND_PICKERS = ("goal", *EVIDENCE_FIELDS)


class GoalStatusForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("review") == Review.RETURNED
            and not (cleaned.get("review_comment") or "").strip()
        ):
            self.add_error(
                "review_comment",
                ValidationError(
                    "Bitte begründen Sie die Rückgabe in einem Kommentar.",
                    code="comment_required",
                ),
            )
        return cleaned


@admin.register(GoalStatus)
class GoalStatusAdmin(HistoryAdmin):
    form = GoalStatusForm
    change_list_template = "admin/monitoring/goalstatus/change_list.html"
    unit_lookup = "goal__responsible_organisations"
    list_display = ["goal", "year", "status", "review", "reporting_organisation"]
    list_filter = ["year", "review", "status", "goal__topic__field"]
    list_select_related = ["goal", "reporting_organisation"]
    search_fields = ["goal__code", "goal__text", "narrative"]
    actions = ["approve_selected"]
    fieldsets = [
        (None, {"fields": ["goal", "year", "status", "progress"]}),
        (
            _("Erläuterung und Belege"),
            {"fields": ["narrative", "evidence", *EVIDENCE_FIELDS]},
        ),
        (_("Freigabe"), {"fields": ["review", "review_comment"]}),
        (
            _("Stempel"),
            {
                "fields": [
                    "reporting_organisation",
                    "reported_by",
                    "approved_by",
                    "approved_at",
                ],
                "classes": ["collapse"],
            },
        ),
    ]
    readonly_fields = [
        "reporting_organisation",
        "reported_by",
        "approved_by",
        "approved_at",
    ]

    def has_approve_permission(self, request):
        return may_review_statuses(request.user)

    def has_change_permission(self, request, obj=None):
        """An approved status is public: only who reviews may change it (or
        revert it), so a Fachamt cannot take it off the site by resubmitting;
        it asks the Redaktion to return it."""
        if obj is not None and obj.review == Review.APPROVED:
            if not may_review_statuses(request.user):
                return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_approve_permission(request):
            fields.append("review_comment")
        return fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {"year": reporting_year_open(), **initial}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "goal":
            kwargs["queryset"] = goal_reportable_list(user=request.user)
            kwargs["widget"] = RoundAutocompleteSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in EVIDENCE_FIELDS:
            kwargs["widget"] = RoundAutocompleteSelectMultiple(
                db_field, self.admin_site
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "review" and not self.has_approve_permission(request):
            kwargs["choices"] = [
                (Review.DRAFT, Review.DRAFT.label),
                (Review.SUBMITTED, Review.SUBMITTED.label),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        goal_status_save(status=obj, user=request.user)

    @admin.action(
        description=_("Ausgewählte Umsetzungsstände freigeben"),
        permissions=["approve"],
    )
    def approve_selected(self, request, queryset):
        approved = 0
        for status in queryset.filter(review=Review.SUBMITTED):
            try:
                goal_status_approve(status=status, user=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            approved += 1
        noun = "Umsetzungsstand" if approved == 1 else "Umsetzungsstände"
        self.message_user(request, f"{approved} {noun} freigegeben.")

    def get_urls(self):
        pickers = RoundAutocompleteView.as_view(
            admin_site=self.admin_site, source_admin=self
        )
        return [
            path(
                "vollstaendigkeit/",
                self.admin_site.admin_view(self.completeness_view),
                name="monitoring_goalstatus_completeness",
            ),
            path(
                "auswahl/",
                self.admin_site.admin_view(pickers),
                name="monitoring_goalstatus_autocomplete",
            ),
            *super().get_urls(),
        ]

    def start_panel(self, request):
        """The Fachamt's start page: its goals for the open reporting year,
        by where they stand (open, returned, submitted, approved)."""
        concept = concept_current_or_none()
        if sees_all_units(request.user) or concept is None:
            return None
        if not self.has_view_permission(request):
            return None
        year = reporting_year_open()
        return {
            "template": "admin/monitoring/goalstatus/start_panel.html",
            "year": year,
            "sections": selectors.goal_status_round(
                user=request.user, concept=concept, year=year
            ),
            "may_add": self.has_add_permission(request),
        }

    def completeness_view(self, request):
        """Per unit: how many of its goals still lack an approved status."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = CompletenessYearForm(request.GET)
        year = form.cleaned_data["jahr"] if form.is_valid() else reporting_year_open()
        concept = concept_current_or_none()
        organisations = (
            restrict_to_units(
                selectors.status_completeness(concept=concept, year=year),
                user=request.user,
                lookup="",
            )
            if concept
            else []
        )
        return render(
            request,
            "admin/monitoring/completeness.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Vollständigkeit der Umsetzungsstände {year}",
                "year": year,
                "organisations": organisations,
                "opts": self.model._meta,
            },
        )


@admin.register(Metric)
class MetricAdmin(HistoryAdmin):
    list_display = ["name", "key", "unit", "direction", "disclosure_threshold"]
    list_filter = ["direction", "fields_of_action"]
    search_fields = ["name", "key", "definition"]
    prepopulated_fields = {"key": ["name"]}
    filter_horizontal = ["fields_of_action"]
    autocomplete_fields = ["goals", "indicators"]


@admin.register(District)
class DistrictAdmin(HistoryAdmin):
    list_display = ["number", "name"]
    search_fields = ["name"]


@admin.register(Observation)
class ObservationAdmin(HistoryImportExportAdmin):
    resource_classes = [ObservationResource]
    # All columns, always: the file must be importable again.
    export_form_class = ExportForm
    list_display = [
        "metric",
        "year",
        "district",
        "area",
        "age_group",
        "gender",
        "value",
        "qualifier",
    ]
    list_filter = ["metric", "year", "is_total"]
    list_select_related = ["metric", "district"]
    search_fields = ["metric__name", "area", "note"]

    autocomplete_fields = ["metric", "district"]

    def get_queryset(self, request):
        # the pickers name each value by metric and district (Observation.__str__)
        return super().get_queryset(request).select_related("metric", "district")

    # A file over ADMIN_IMPORT_MAX_ROWS runs as a background job
    # (observation_jobs): who may import Messwerte (change and add) may
    # start one and follow it on its page.
    def has_background_import_permission(self, request):
        return self.has_change_permission(request) and self.has_add_permission(request)

    def background_import_start(self, request, upload, *, rows, is_xlsx):
        job = observation_import_request(
            upload=upload, rows=rows, is_xlsx=is_xlsx, user=request.user
        )
        return redirect(
            reverse("admin:monitoring_observation_import_job", args=[job.pk])
        )

    def get_urls(self):
        return [
            path(
                "import/hintergrund/<int:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name="monitoring_observation_import_job",
            ),
            *super().get_urls(),
        ]

    def import_job_view(self, request, job_id):
        """A background import: progress while it runs (the page reloads
        itself), then what was saved or every bad line."""
        if not self.has_background_import_permission(request):
            raise PermissionDenied
        observation_import_fail_stale()  # a job whose worker died
        job = get_object_or_404(
            ObservationImport.objects.select_related("requested_by"), pk=job_id
        )
        hidden = job.error_count - len(job.row_errors)
        return render(
            request,
            "admin/monitoring/observation/import_job.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Messwerte-Import „{job.original_name}“",
                "job": job,
                "summary": import_job_summary(job),
                "errors_hidden": _count(hidden) if hidden > 0 else "",
                "opts": self.model._meta,
            },
        )


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def import_job_summary(job: ObservationImport) -> str:
    """Where a background import stands, in one German sentence."""
    State = ObservationImport.State
    total = _count(max(job.rows_total, job.rows_done))
    if job.state == State.PENDING:
        return f"Wartet auf den Hintergrunddienst … ({total} Zeilen)"
    if job.state == State.RUNNING and job.writing:
        if job.heartbeat_at and job.heartbeat_at < silence_limit(timezone.now()):
            since = formats.date_format(
                timezone.localtime(job.heartbeat_at), "j. F Y, H:i"
            )
            return (
                f"Alle {total} Zeilen geprüft; das Speichern läuft seit {since} "
                "Uhr ohne Rückmeldung. Endet es, steht hier das Ergebnis; wurde "
                "der Hintergrunddienst beendet, ist nichts gespeichert."
            )
        return f"Alle {total} Zeilen geprüft; die Werte werden gespeichert …"
    if job.state == State.RUNNING:
        return f"{_count(job.rows_done)} von {total} Zeilen geprüft …"
    if job.state == State.DONE:
        return (
            f"Gespeichert: {total} Zeilen – {_count(job.created)} neu, "
            f"{_count(job.updated)} geändert, {_count(job.unchanged)} unverändert."
        )
    if job.state == State.REJECTED:
        noun = "fehlerhafte Zeile" if job.error_count == 1 else "fehlerhafte Zeilen"
        return (
            f"Nichts gespeichert: {_count(job.error_count)} {noun} von {total}. "
            "Bitte korrigieren Sie die Datei und laden Sie sie erneut hoch."
        )
    return f"Nichts gespeichert: {job.error}"


# The task queue's rows (report jobs with their tracebacks) under the admin
# base's permission rule like every other admin: read-only, for those given
# the view permission.
admin.site.unregister(DBTaskResult)
admin.site.register(
    DBTaskResult, type("TaskResultAdmin", (GuardedAdminMixin, DBTaskResultAdmin), {})
)


PREVIEW = "_vorschau"  # the issue form's second button: the chosen year's preview


@admin.register(AnnualReport)
class AnnualReportAdmin(GuardedModelAdmin):
    """Issued reports are only viewed and downloaded; "Bericht erstellen"
    queues a new version that renders in the background."""

    change_list_template = "admin/monitoring/annualreport/change_list.html"
    # Narrow enough for 1280 px: the download next to the name, the reason
    # of a failure shortened (the record shows it in full).
    list_display = [
        "__str__",
        "download",
        "state",
        "progress",
        "issued_at",
        "requested_by",
        "extent",
        "checksum",
        "reason",
    ]
    list_filter = ["year", "state"]
    readonly_fields = [
        "year",
        "version",
        "state",
        "progress",
        "error",
        "heartbeat_at",
        "requested_by",
        "requested_at",
        "issued_at",
        "pdf",
        "sha256",
        "size",
        "page_count",
        "render_seconds",
        "status_snapshot",
    ]

    @admin.display(description=_("Grund"))
    def reason(self, obj):
        if obj.state != AnnualReport.State.FAILED:
            return "–"
        return Truncator(obj.error).chars(300)

    @admin.display(description=_("Umfang"))
    def extent(self, obj):
        if obj.page_count is None:
            return "–"
        seconds = formats.number_format(obj.render_seconds or 0, 1)
        return f"{obj.page_count} Seiten, {seconds} s"

    @admin.display(description=_("SHA-256"))
    def checksum(self, obj):
        return f"{obj.sha256[:12]} …" if obj.sha256 else "–"

    @admin.display(description=_("PDF"))
    def download(self, obj):
        if obj.state != AnnualReport.State.ISSUED:
            return "–"
        return format_html('<a href="{}">herunterladen</a>', obj.get_absolute_url())

    def has_add_permission(self, request):
        return False  # the regular form is replaced by "Bericht erstellen"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.state == AnnualReport.State.ISSUED:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would bypass the freeze
        return actions

    def changelist_view(self, request, extra_context=None):
        annual_report_fail_stale()  # a job whose worker died shows as failed
        busy = AnnualReport.objects.filter(
            state__in=[AnnualReport.State.PENDING, AnnualReport.State.RUNNING]
        ).exists()
        extra_context = {
            **(extra_context or {}),
            "reports_busy": busy,
            "can_issue": self.has_permission_for(request, "add"),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "erstellen/",
                self.admin_site.admin_view(self.issue_view),
                name="monitoring_annualreport_issue",
            ),
            *super().get_urls(),
        ]

    def _issued(self, request, report):
        messages.success(
            request,
            f"{report} wird erstellt. Der Fortschritt steht in der Liste; "
            "sie aktualisiert sich, bis der Bericht fertig ist.",
        )
        return redirect(reverse("admin:monitoring_annualreport_changelist"))

    def issue_view(self, request):
        """Form "Bericht erstellen": one year; the version is numbered."""
        if not self.has_permission_for(request, "add"):
            raise PermissionDenied
        year, error = datetime.date.today().year - 1, ""
        if request.method == "POST":
            form = ReportYearForm(request.POST)
            if not form.is_valid():
                return self._issue_form(request, year, form.first_error())
            year = form.cleaned_data["year"]
            if PREVIEW in request.POST:
                return redirect(reverse("reports:preview", kwargs={"year": year}))
            try:
                report = annual_report_request(year=year, user=request.user)
            except ValidationError as invalid:
                error = " ".join(invalid.messages)
            else:
                return self._issued(request, report)
        return self._issue_form(request, year, error)

    def _issue_form(self, request, year, error):
        return render(
            request,
            "admin/monitoring/annualreport/issue.html",
            {
                **self.admin_site.each_context(request),
                "title": "Integrationsbericht erstellen",
                "year": year,
                "preview": PREVIEW,
                "error": error,
                "opts": self.model._meta,
            },
        )
