"""Staff editing of the Integrationskonzept: explicit, declarative admins."""

from django.contrib import admin
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from import_export.forms import ExportForm

from kassel_integration.admin_base import HistoryAdmin, HistoryImportExportAdmin

from .models import (
    Concept,
    FieldOfAction,
    Goal,
    GoalResponsibility,
    Guideline,
    Indicator,
    MainGoal,
    Measure,
    Organisation,
    Topic,
)
from .resources import GoalResource


class GuidelineInline(admin.TabularInline):
    model = Guideline
    extra = 0


class FieldOfActionInline(admin.TabularInline):
    model = FieldOfAction
    extra = 0
    fields = ["number", "title"]
    show_change_link = True


class MainGoalInline(admin.TabularInline):
    model = MainGoal
    extra = 0


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 0
    fields = ["number", "code", "title"]
    show_change_link = True


class GoalInline(admin.TabularInline):
    """The topic's goals at a glance; new goals are added on the goal page,
    which also asks for the edition and the responsible units."""

    model = Goal
    extra = 0
    fields = ["number", "code", "text"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["position", "text", "footnote"]


class GoalResponsibilityInline(admin.TabularInline):
    """Responsible units in the order (and wording) of the source."""

    model = GoalResponsibility
    extra = 0
    fields = ["position", "organisation", "designation"]
    autocomplete_fields = ["organisation"]


@admin.register(Concept)
class ConceptAdmin(HistoryAdmin):
    list_display = ["title", "stand_date", "period_start", "period_end", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [GuidelineInline, FieldOfActionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "is_current"]}),
        (
            _("Gültigkeit"),
            {"fields": ["stand_date", ("period_start", "period_end"), "adopted_on"]},
        ),
        (
            _("Weitere Angaben"),
            {"fields": ["source", "reading_note"], "classes": ["collapse"]},
        ),
    ]


@admin.register(FieldOfAction)
class FieldOfActionAdmin(HistoryAdmin):
    list_display = ["number", "title", "concept", "goal_count"]
    list_display_links = ["number", "title"]
    list_filter = ["concept"]
    list_select_related = ["concept"]
    search_fields = ["title"]
    autocomplete_fields = ["concept"]
    inlines = [MainGoalInline, TopicInline]
    fieldsets = [(None, {"fields": ["concept", "number", "title"]})]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.annotate(goals_total=Count("topics__goals")).order_by(
            *self.model._meta.ordering
        )

    @admin.display(description=_("Ziele"), ordering="goals_total")
    def goal_count(self, obj):
        return obj.goals_total


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["code", "title", "field"]
    list_filter = ["field__concept", "field"]
    list_select_related = ["field__concept"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["field"]
    inlines = [GoalInline]
    fieldsets = [
        (None, {"fields": ["field", ("number", "code"), "title", "text"]}),
        (_("Fußnoten"), {"fields": ["footnote", "indicator_footnote"]}),
    ]


class ResponsibleOrganisationFilter(admin.RelatedFieldListFilter):
    """Only organisations that are responsible for at least one goal."""

    def field_choices(self, field, request, model_admin):
        return [
            (organisation.pk, organisation.name)
            for organisation in Organisation.objects.filter(goals__isnull=False)
            .distinct()
            .order_by("name")
        ]


@admin.register(Goal)
class GoalAdmin(HistoryImportExportAdmin):
    unit_lookup = "responsible_organisations"
    resource_classes = [GoalResource]
    # All columns, always: the file must be importable again. (The library's
    # column picker would also label the columns with English field names.)
    export_form_class = ExportForm
    list_display = ["code", "text_start", "field_number", "responsible"]
    list_filter = [
        "concept",
        ("topic__field", admin.RelatedOnlyFieldListFilter),
        ("responsible_organisations", ResponsibleOrganisationFilter),
    ]
    list_select_related = ["topic__field"]
    search_fields = ["code", "text", "indicators__text"]
    autocomplete_fields = ["concept", "topic"]
    inlines = [GoalResponsibilityInline, IndicatorInline]
    fieldsets = [
        (None, {"fields": ["concept", "topic", ("number", "code"), "text"]}),
        (_("Fußnote"), {"fields": ["footnote"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "responsibilities",
                    queryset=GoalResponsibility.objects.select_related(
                        "organisation"
                    ).order_by("position", "id"),
                )
            )
        )

    def get_search_results(self, request, queryset, search_term):
        # A code such as "1.1.3" finds exactly that goal, not 1.1.30 or 1.1.3x.
        term = search_term.strip()
        exact = queryset.filter(code=term)
        if term and exact.exists():
            return exact, False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("Ziel"))
    def text_start(self, obj):
        return obj.text[:120]

    @admin.display(description=_("Handlungsfeld"), ordering="topic__field__number")
    def field_number(self, obj):
        return obj.topic.field.number

    @admin.display(description=_("Verantwortlich"))
    def responsible(self, obj):
        return ", ".join(r.label for r in obj.responsibilities.all())


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    unit_lookup = "goal__responsible_organisations"
    list_display = ["text", "goal_code", "position"]
    list_select_related = ["goal"]
    list_filter = [
        "goal__concept",
        ("goal__topic__field", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["text", "goal__code"]
    autocomplete_fields = ["goal"]
    fieldsets = [
        (None, {"fields": ["goal", "position", "text"]}),
        (_("Fußnote"), {"fields": ["footnote"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("Ziel"), ordering="goal__code")
    def goal_code(self, obj):
        return obj.goal.code


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "kind", "parent_unit", "goal_count"]
    list_filter = ["kind"]
    search_fields = ["name", "parent_unit"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]
    staff_account_fields = ("members",)
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "parent_unit"]}),
        (_("Beschreibung"), {"fields": ["description"]}),
        (_("Zugang"), {"fields": ["members"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        # a GROUP BY drops Meta.ordering: named again so the pickers page steadily
        queryset = super().get_queryset(request)
        return queryset.annotate(goals_total=Count("goals")).order_by(
            *self.model._meta.ordering
        )

    @admin.display(description=_("Ziele"), ordering="goals_total")
    def goal_count(self, obj):
        return obj.goals_total


@admin.register(Measure)
class MeasureAdmin(HistoryAdmin):
    list_display = ["title", "kind", "start_year", "funding"]
    list_filter = ["kind", ("fields_of_action", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "description", "providers__name"]
    autocomplete_fields = ["providers", "goals"]
    filter_horizontal = ["fields_of_action"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "description", "providers"]}),
        (
            _("Zeitraum und Finanzierung"),
            {
                "fields": [
                    ("start_year", "end_year"),
                    "period_note",
                    ("funding", "funding_amount"),
                ]
            },
        ),
        (_("Bezug zum Konzept"), {"fields": ["goals", "fields_of_action", "source"]}),
    ]
