"""Staff editing of the Runder Tisch: events, feedback, dispositions, follow-ups."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kassel_integration.admin_base import HistoryAdmin

from .models import Consultation, Event, Feedback, FollowUp, WorkingGroup


def documents_warning(event) -> str | None:
    """A German warning when the documents reached participants too late."""
    if not event.documents_late:
        return None
    return (
        f"Die Unterlagen wurden nur {event.documents_lead_days} Tage vor der "
        "Veranstaltung versandt (vorgesehen: mindestens "
        f"{settings.ROUNDTABLE_DOCUMENTS_MIN_DAYS} Tage)."
    )


APPROVED = Feedback.Moderation.APPROVED


class FeedbackForm(forms.ModelForm):
    """The moderation decision is the publish step: "freigegeben" puts the
    item on the website, "eingegangen" or "abgelehnt" takes it off. The box
    "öffentlich" stays to hide an approved item again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "moderation" in self.fields:
            self.fields["moderation"].help_text = _(
                "„freigegeben“ veröffentlicht die Rückmeldung auf der Website "
                "(„öffentlich“ wird dabei gesetzt); „eingegangen“ und "
                "„abgelehnt“ nehmen sie von der Website."
            )
        if "is_public" in self.fields:
            self.fields["is_public"].help_text = _(
                "Wird mit der Freigabe gesetzt. Abwählen, um eine freigegebene "
                "Rückmeldung nicht mehr zu zeigen."
            )

    def clean(self):
        cleaned = super().clean()
        if "moderation" in self.changed_data:
            cleaned["is_public"] = cleaned.get("moderation") == APPROVED
        return cleaned


def publication_message(feedback) -> str:
    if feedback.is_public:
        return format_html(
            '„{}“ steht jetzt öffentlich auf der Website: <a href="{}">ansehen</a>.',
            feedback.title,
            feedback.get_absolute_url(),
        )
    return f"„{feedback.title}“ ist nicht öffentlich."


class FeedbackInline(admin.StackedInline):
    model = Feedback
    form = FeedbackForm
    extra = 0
    fields = [
        "kind",
        "title",
        "text",
        "source_organisation",
        "moderation",
        "is_public",
        "disposition",
    ]
    autocomplete_fields = ["source_organisation"]
    show_change_link = True


class WorkingGroupInline(admin.TabularInline):
    model = WorkingGroup
    extra = 0


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    autocomplete_fields = ["organisation", "measure"]


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    list_display = ["title", "date", "kind", "state", "documents_lead"]
    list_filter = ["kind", "state"]
    search_fields = ["title", "venue", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [FeedbackInline, WorkingGroupInline]

    @admin.display(description=_("Unterlagen"))
    def documents_lead(self, obj):
        days = obj.documents_lead_days
        if days is None:
            return "–"
        return f"{days} Tage vorher" + (" ⚠" if obj.documents_late else "")

    def save_model(self, request, obj, form, change):
        obj.full_clean()
        super().save_model(request, obj, form, change)
        warning = documents_warning(obj)
        if warning:
            messages.warning(request, warning)


@admin.register(Feedback)
class FeedbackAdmin(HistoryAdmin):
    form = FeedbackForm
    list_display = [
        "title",
        "kind",
        "event",
        "moderation",
        "is_public",
        "disposition",
        "received_on",
    ]
    list_filter = ["moderation", "disposition", "kind", "event", "fields_of_action"]
    list_select_related = ["event"]
    search_fields = ["title", "text", "source_organisation__name"]
    autocomplete_fields = ["source_organisation", "goals"]
    filter_horizontal = ["fields_of_action"]
    inlines = [FollowUpInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if {"moderation", "is_public"} & set(form.changed_data):
            self.message_user(request, publication_message(obj))

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "title",
                    "text",
                    "source_organisation",
                    "event",
                    "received_on",
                ]
            },
        ),
        (_("Bezug zum Konzept"), {"fields": ["fields_of_action", "goals"]}),
        (
            _("Moderation und Umgang"),
            {"fields": ["moderation", "is_public", "disposition", "justification"]},
        ),
        (
            _("Einsender (nie öffentlich)"),
            {
                "fields": [
                    "submitter_name",
                    "submitter_email",
                    "reply_wanted",
                    "source",
                ],
                "classes": ["collapse"],
            },
        ),
    ]


@admin.register(Consultation)
class ConsultationAdmin(HistoryAdmin):
    list_display = ["title", "opens_on", "closes_on"]
    search_fields = ["title"]
