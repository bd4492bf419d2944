"""Staff editing of the monitoring: the reporting round and the Kennzahlen."""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from import_export.admin import ImportExportMixin

from concept.selectors import concept_current_or_none
from kassel_integration.admin_base import HistoryAdmin

from . import selectors
from .models import District, GoalStatus, Metric, Observation
from .resources import ObservationResource
from .status_services import (
    goal_status_approve,
    goal_status_reportable_goals,
    goal_status_return,
    goal_status_save,
    user_sees_all_statuses,
)

Review = GoalStatus.Review


@admin.register(GoalStatus)
class GoalStatusAdmin(HistoryAdmin):
    list_display = ["goal", "year", "status", "review", "reporting_organisation"]
    list_filter = ["year", "review", "status", "goal__topic__field"]
    list_select_related = ["goal", "reporting_organisation"]
    search_fields = ["goal__code", "goal__text", "narrative"]
    autocomplete_fields = ["evidence_inquiries"]
    raw_id_fields = ["evidence_observations"]
    actions = ["approve_selected"]
    fieldsets = [
        (None, {"fields": ["goal", "year", "status", "progress"]}),
        (
            _("Erläuterung und Belege"),
            {
                "fields": [
                    "narrative",
                    "evidence",
                    "evidence_inquiries",
                    "evidence_observations",
                ]
            },
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

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if user_sees_all_statuses(request.user):
            return queryset
        goals = goal_status_reportable_goals(user=request.user)
        return queryset.filter(goal__in=goals)

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if not request.user.has_perm("monitoring.approve_goalstatus"):
            fields.append("review_comment")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "goal":
            kwargs["queryset"] = goal_status_reportable_goals(
                user=request.user
            ).order_by("concept", "topic__field__number", "topic__number", "number")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "review" and not request.user.has_perm(
            "monitoring.approve_goalstatus"
        ):
            kwargs["choices"] = [
                (Review.DRAFT, Review.DRAFT.label),
                (Review.SUBMITTED, Review.SUBMITTED.label),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        wanted = obj.review
        if (
            request.user.has_perm("monitoring.approve_goalstatus")
            and wanted
            in (
                Review.APPROVED,
                Review.RETURNED,
            )
            and "review" in form.changed_data
        ):
            obj.review = Review.SUBMITTED
            goal_status_save(status=obj, user=request.user)
            if wanted == Review.APPROVED:
                goal_status_approve(status=obj, user=request.user)
            else:
                goal_status_return(
                    status=obj, user=request.user, comment=obj.review_comment
                )
            return
        goal_status_save(status=obj, user=request.user)

    @admin.action(description=_("Ausgewählte Umsetzungsstände freigeben"))
    def approve_selected(self, request, queryset):
        approved = 0
        for status in queryset.filter(review=Review.SUBMITTED):
            try:
                goal_status_approve(status=status, user=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            approved += 1
        self.message_user(request, f"{approved} Umsetzungsstände freigegeben.")

    def get_urls(self):
        return [
            path(
                "vollstaendigkeit/",
                self.admin_site.admin_view(self.completeness_view),
                name="monitoring_goalstatus_completeness",
            ),
            *super().get_urls(),
        ]

    def completeness_view(self, request):
        """Per unit: how many of its goals still lack an approved status."""
        try:
            year = int(request.GET.get("jahr", datetime.date.today().year))
        except ValueError:
            year = datetime.date.today().year
        concept = concept_current_or_none()
        organisations = (
            selectors.status_completeness(concept=concept, year=year) if concept else []
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
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["name"]


@admin.register(Observation)
class ObservationAdmin(ImportExportMixin, admin.ModelAdmin):
    resource_classes = [ObservationResource]
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
