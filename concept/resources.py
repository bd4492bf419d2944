"""Import and export of goals with their indicators and responsible units.

One row per goal, German column headers. Exporting and importing the same file
changes nothing; a bad file is refused row by row with German messages and,
since ``IMPORT_EXPORT_USE_TRANSACTIONS`` is on, writes nothing.
"""

import re
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from import_export import fields, resources, widgets

from .models import Concept, Goal, Indicator, Organisation, Topic

REQUIRED_COLUMNS = [
    "Fassung",
    "Nummer",
    "Teilbereich",
    "Ziel",
    "Indikatoren",
    "Verantwortlich",
]
ORGANISATION_SEPARATOR = ";"
CODE_PATTERN = re.compile(r"^\d+\.\d+\.(\d+)$")


def _split_lines(value):
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


class ConceptWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Concept, field="slug")

    def clean(self, value, row=None, **kwargs):
        if not value:
            raise ValueError("Die Fassung fehlt.")
        try:
            return super().clean(str(value).strip(), row, **kwargs)
        except Concept.DoesNotExist:
            raise ValueError(f"Eine Fassung „{value}“ gibt es nicht.") from None


class TopicWidget(widgets.ForeignKeyWidget):
    """A Teilbereich code ("1.1"), looked up within the row's edition."""

    def __init__(self):
        super().__init__(Topic, field="code")

    def get_queryset(self, value, row, *args, **kwargs):
        return Topic.objects.filter(field__concept__slug=(row or {}).get("Fassung"))

    def clean(self, value, row=None, **kwargs):
        if not value:
            raise ValueError("Der Teilbereich fehlt.")
        try:
            return super().clean(str(value).strip(), row, **kwargs)
        except Topic.DoesNotExist:
            raise ValueError(
                f"Einen Teilbereich „{value}“ gibt es in dieser Fassung nicht."
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class OrganisationNamesWidget(widgets.ManyToManyWidget):
    """Organisation names separated by ";"; an unknown name is an error."""

    def __init__(self):
        super().__init__(Organisation, separator=ORGANISATION_SEPARATOR, field="name")

    def names(self, value):
        return [name.strip() for name in str(value or "").split(self.separator)]

    def clean(self, value, row=None, **kwargs):
        names = [name for name in self.names(value) if name]
        if not names:
            raise ValueError("Mindestens eine verantwortliche Organisation angeben.")
        found = Organisation.objects.filter(name__in=names)
        unknown = sorted(set(names) - {organisation.name for organisation in found})
        if unknown:
            raise ValueError(
                "Unbekannte Organisation: "
                + ", ".join(f"„{name}“" for name in unknown)
                + ". Bitte zuerst unter Organisationen anlegen."
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:  # a goal not saved yet
            return ""
        names = sorted(organisation.name for organisation in value.all())
        return f"{self.separator} ".join(names)


class GoalResource(resources.ModelResource):
    concept = fields.Field(
        attribute="concept", column_name="Fassung", widget=ConceptWidget()
    )
    code = fields.Field(attribute="code", column_name="Nummer")
    topic = fields.Field(
        attribute="topic", column_name="Teilbereich", widget=TopicWidget()
    )
    text = fields.Field(
        attribute="text",
        column_name="Ziel",
        widget=widgets.CharWidget(allow_blank=True),
    )
    indicators = fields.Field(column_name="Indikatoren")
    responsible_organisations = fields.Field(
        attribute="responsible_organisations",
        column_name="Verantwortlich",
        widget=OrganisationNamesWidget(),
    )
    footnote = fields.Field(
        attribute="footnote",
        column_name="Fußnote",
        widget=widgets.CharWidget(allow_blank=True),
    )

    class Meta:
        model = Goal
        fields = (
            "concept",
            "code",
            "topic",
            "text",
            "indicators",
            "responsible_organisations",
            "footnote",
        )
        import_id_fields = ("concept", "code")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_export_queryset(self, request=None, **kwargs):
        return (
            super()
            .get_export_queryset(request, **kwargs)
            .select_related("concept", "topic")
            .prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.order_by("position")),
                "responsible_organisations",
            )
        )

    def dehydrate_indicators(self, goal):
        if goal.pk is None:
            return ""
        return "\n".join(indicator.text for indicator in goal.indicators.all())

    def before_import(self, dataset, **kwargs):
        missing = [
            column for column in REQUIRED_COLUMNS if column not in dataset.headers
        ]
        if missing:
            raise ValueError(
                "Der Datei fehlen Spalten: "
                + ", ".join(f"„{column}“" for column in missing)
                + ". Erwartet werden: "
                + ", ".join(REQUIRED_COLUMNS)
                + "."
            )
        lines = defaultdict(list)
        for line, row in enumerate(dataset.dict, start=2):  # line 1: headers
            lines[(row.get("Fassung"), str(row.get("Nummer") or "").strip())].append(
                line
            )
        self._duplicate_lines = {
            key: found for key, found in lines.items() if len(found) > 1
        }

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors.update(error.error_dict)
        code = str(row.get("Nummer") or "").strip()
        match = CODE_PATTERN.match(code)
        if not match:
            errors["code"] = ValidationError(
                f"„{code}“ ist keine Zielnummer wie „1.1.1“.", code="invalid"
            )
        else:
            instance.number = int(match.group(1))
        duplicates = getattr(self, "_duplicate_lines", {}).get(
            (row.get("Fassung"), code)
        )
        if duplicates:
            errors["code"] = ValidationError(
                f"Die Nummer {code} steht mehrfach in der Datei (Zeilen "
                + ", ".join(map(str, duplicates))
                + ").",
                code="duplicate",
            )
        if not _split_lines(row.get("Indikatoren")):
            errors["indicators"] = ValidationError(
                "Mindestens einen Indikator angeben.", code="required"
            )
        try:
            self.fields["responsible_organisations"].clean(row)
        except ValueError as error:
            errors["responsible_organisations"] = ValidationError(
                str(error), code="invalid"
            )
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if original.pk is None or not super().skip_row(
            instance, original, row, import_validation_errors
        ):
            return False
        current = list(
            original.indicators.order_by("position").values_list("text", flat=True)
        )
        return current == _split_lines(row.get("Indikatoren"))

    def after_save_instance(self, instance, row, **kwargs):
        """Make the goal's indicators match the cell, keeping unchanged rows."""
        texts = _split_lines(row.get("Indikatoren"))
        existing = list(instance.indicators.order_by("position"))
        for position, text in enumerate(texts, start=1):
            if position <= len(existing):
                indicator = existing[position - 1]
                if indicator.text != text or indicator.position != position:
                    indicator.text, indicator.position = text, position
                    indicator.save()
            else:
                Indicator.objects.create(goal=instance, position=position, text=text)
        for indicator in existing[len(texts) :]:
            indicator.delete()
