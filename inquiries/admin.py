"""Staff editing of inquiries: workflow status, due dates, questions inline."""

import datetime

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from kassel_integration.admin_base import GuardedModelAdmin, HistoryAdmin
from kassel_integration.admin_changelist import DateHierarchyChangeList

from .forms import InquiryAdminForm, QuestionFormSet
from .models import (
    Attachment,
    Committee,
    Faction,
    Inquiry,
    OparlImportRun,
    Person,
    Question,
)
from .selectors import inquiry_preview_get
from .services import inquiry_save


class DueFilter(admin.SimpleListFilter):
    title = _("Fälligkeit")
    parameter_name = "faellig"

    def lookups(self, request, model_admin):
        return [
            ("ueberfaellig", _("überfällig")),
            ("woche", _("in den nächsten 7 Tagen fällig")),
        ]

    def queryset(self, request, queryset):
        today = datetime.date.today()
        open_ = queryset.exclude(status=Inquiry.Status.ANSWERED)
        if self.value() == "ueberfaellig":
            return open_.filter(due_date__lt=today)
        if self.value() == "woche":
            return open_.filter(
                due_date__gte=today, due_date__lte=today + datetime.timedelta(days=7)
            )
        return queryset


class QuestionInline(admin.StackedInline):
    model = Question
    formset = QuestionFormSet
    extra = 0
    fields = [("position", "number"), "text", "answer", "fields_of_action", "goals"]
    autocomplete_fields = ["goals"]
    filter_horizontal = ["fields_of_action"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("position", "number"):
            formfield.required = False  # QuestionFormSet fills them in
            formfield.help_text = _("leer lassen: wird fortlaufend vergeben")
        return formfield


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "file", "is_public", "note"]


@admin.register(Inquiry)
class InquiryAdmin(HistoryAdmin):
    form = InquiryAdminForm
    change_form_template = "admin/inquiries/inquiry/change_form.html"
    list_display = [
        "reference_number",
        "title",
        "faction",
        "status",
        "due_state",
        "meeting_date",
        "question_count",
    ]
    list_filter = [DueFilter, "status", "faction", "committee"]
    list_select_related = ["faction"]
    search_fields = ["reference_number", "title", "questions__text"]
    date_hierarchy = "submitted_on"
    autocomplete_fields = [
        "faction",
        "committee",
        "signed_by",
        "answer_signed_by",
        "answering_organisation",
    ]
    filter_horizontal = ["responsible_organisations"]
    inlines = [QuestionInline, AttachmentInline]

    def get_changelist(self, request, **kwargs):
        return DateHierarchyChangeList  # a year out of range is a 400

    fieldsets = [
        (
            _("Anfrage"),
            {
                "fields": [
                    "reference_number",
                    "title",
                    ("faction", "signed_by"),
                    "submitted_on",
                    ("committee", "meeting_date"),
                    "preamble",
                ]
            },
        ),
        (
            _("Bearbeitung"),
            {
                "fields": [
                    ("status", "due_date"),
                    "answering_organisation",
                    "responsible_organisations",
                    ("answered_on", "answer_undated"),
                    ("answer_received_on", "answer_received_by"),
                    ("council_received_on", "council_received_note"),
                    "answer_signed_by",
                    "answer_introduction",
                ],
                "description": _(
                    "Ohne Fälligkeitsdatum wird es aus dem Sitzungstermin berechnet."
                ),
            },
        ),
        (
            _("Intern (nie öffentlich)"),
            {"fields": ["internal_contact", "internal_note"], "classes": ["collapse"]},
        ),
    ]

    def get_queryset(self, request):
        # a GROUP BY drops Meta.ordering: named again so the pickers page steadily
        queryset = super().get_queryset(request)
        return queryset.annotate(question_total=Count("questions")).order_by(
            *self.model._meta.ordering
        )

    @admin.display(description=_("Fragen"), ordering="question_total")
    def question_count(self, obj):
        return obj.question_total

    @admin.display(description=_("Fälligkeit"), ordering="due_date")
    def due_state(self, obj):
        if obj.is_answered or not obj.due_date:
            return "–"
        days = (obj.due_date - datetime.date.today()).days
        if days < 0:
            return format_html(
                '<strong style="color:#a00">überfällig seit {}</strong>',
                obj.due_date.strftime("%d.%m.%Y"),
            )
        return _("fällig am %(date)s") % {"date": obj.due_date.strftime("%d.%m.%Y")}

    def save_model(self, request, obj, form, change):
        inquiry_save(inquiry=obj)

    def get_urls(self):
        preview = self.admin_site.admin_view(never_cache(self.preview_view))
        return [
            path(
                "<path:object_id>/vorschau/", preview, name="inquiries_inquiry_preview"
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The public page as it will read once the answer is published, for
        staff who may view this inquiry; marked as preview, never indexed."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        inquiry = inquiry_preview_get(pk=obj.pk)
        response = render(
            request, "inquiries/inquiry_preview.html", {"inquiry": inquiry}
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


@admin.register(Question)
class QuestionAdmin(HistoryAdmin):
    """Direct access to a question's history: every answer edit with a diff."""

    list_display = ["__str__", "text_start"]
    list_select_related = ["inquiry"]
    search_fields = ["inquiry__reference_number", "text", "answer"]
    list_filter = ["inquiry__faction"]
    autocomplete_fields = ["goals"]
    filter_horizontal = ["fields_of_action"]
    history_list_display = ["number"]

    @admin.display(description=_("Frage"))
    def text_start(self, obj):
        return obj.text[:100]


@admin.register(Faction)
class FactionAdmin(HistoryAdmin):
    list_display = ["name", "full_name"]
    search_fields = ["name", "full_name"]


@admin.register(Committee)
class CommitteeAdmin(HistoryAdmin):
    list_display = ["name", "valid_from", "valid_until"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["name", "role", "faction"]
    list_select_related = ["faction"]
    search_fields = ["name", "role"]
    autocomplete_fields = ["faction"]


@admin.register(OparlImportRun)
class OparlImportRunAdmin(GuardedModelAdmin):
    """When ``manage.py oparl_import`` last ran and what it brought; a record
    of the runs, so it is only read."""

    list_display = ["started_at", "url", "outcome", "finished_at"]
    list_filter = ["outcome"]
    readonly_fields = [
        "url",
        "started_at",
        "finished_at",
        "since",
        "outcome",
        "counts",
        "report",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
