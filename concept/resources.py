"""Import and export of goals with their indicators and responsible units.

One row per goal, German column headers. Exporting and importing the same file
changes nothing: every row is reported as skipped. A bad file is refused row by
row with German messages and writes nothing: ``IMPORT_EXPORT_USE_TRANSACTIONS``
is on, and ``GoalResource.import_data`` also rolls back on validation errors.

Row numbers in messages count data rows from 1, as the admin's "Zeile" column
does (the header line is not counted).
"""

import re
from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Prefetch

from import_export import fields, widgets

from kassel_integration.spreadsheets import SpreadsheetResource, missing_columns_error

from .models import (
    Concept,
    Goal,
    GoalResponsibility,
    Indicator,
    Organisation,
    Topic,
)
from .services import goal_indicators_replace

REQUIRED_COLUMNS = [
    "Fassung",
    "Nummer",
    "Teilbereich",
    "Ziel",
    "Indikatoren",
    "Verantwortlich",
]
# The column of each error key (resource fields, and the model fields that
# Goal.full_clean() reports on): the admin shows the key above the message.
ERROR_COLUMNS = {
    "concept": "Fassung",
    "code": "Nummer",
    "number": "Nummer",
    "topic": "Teilbereich",
    "text": "Ziel",
    "indicators": "Indikatoren",
    "responsible_organisations": "Verantwortlich",
    "footnote": "Fußnote",
}
ORGANISATION_SEPARATOR = ";"
CODE_PATTERN = re.compile(r"^\d+\.\d+\.(\d+)$")


def _cell(value) -> str:
    """A cell as stripped text (XLSX cells may arrive as numbers)."""
    return "" if value is None else str(value).strip()


def _split_lines(value) -> list[str]:
    return [line.strip() for line in _cell(value).splitlines() if line.strip()]


class CodeWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return _cell(value)


class ConceptWidget(widgets.ForeignKeyWidget):
    """An edition by its slug ("2012")."""

    def __init__(self):
        super().__init__(Concept, field="slug")

    def clean(self, value, row=None, **kwargs):
        if not _cell(value):
            raise ValueError("Die Fassung fehlt.")
        try:
            return super().clean(_cell(value), row, **kwargs)
        except Concept.DoesNotExist:
            raise ValueError(f"Eine Fassung „{_cell(value)}“ gibt es nicht.") from None


class TopicWidget(widgets.ForeignKeyWidget):
    """A Teilbereich code ("1.1"), looked up within the row's edition."""

    def __init__(self):
        super().__init__(Topic, field="code")

    def get_queryset(self, value, row, *args, **kwargs):
        return Topic.objects.filter(
            field__concept__slug=_cell((row or {}).get("Fassung"))
        )

    def clean(self, value, row=None, **kwargs):
        if not _cell(value):
            raise ValueError("Der Teilbereich fehlt.")
        try:
            return super().clean(_cell(value), row, **kwargs)
        except Topic.DoesNotExist:
            raise ValueError(
                f"Einen Teilbereich „{_cell(value)}“ gibt es in dieser Fassung nicht."
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class OrganisationNamesWidget(widgets.ManyToManyWidget):
    """Organisation names separated by ";"; an unknown name is an error."""

    def __init__(self):
        super().__init__(Organisation, separator=ORGANISATION_SEPARATOR, field="name")

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in _cell(value).split(self.separator)]
        names = [name for name in names if name]
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


class GoalResource(SpreadsheetResource):
    concept = fields.Field(
        attribute="concept", column_name="Fassung", widget=ConceptWidget()
    )
    code = fields.Field(attribute="code", column_name="Nummer", widget=CodeWidget())
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

    example_row = {
        "Fassung": "2012",
        "Nummer": "1.1.99",
        "Teilbereich": "1.1",
        "Ziel": "Beispielzeile: Text des Ziels",
        "Indikatoren": "Erster Indikator\nZweiter Indikator",
        "Verantwortlich": "Jugendamt; Kulturamt",
    }

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """As ``Resource.import_data``, but one invalid row rolls back the whole
        file, also in the admin's confirm step (the library's default keeps the
        valid rows)."""
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, dry_run, raise_errors, **kwargs)

    def filter_export(self, queryset, **kwargs):
        """The same four queries for any number of goals, whether the admin
        passes its changelist queryset or ``export()`` its own."""
        return (
            queryset.select_related("concept", "topic")
            .prefetch_related(None)
            .prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.order_by("position")),
                Prefetch(
                    "responsibilities",
                    queryset=GoalResponsibility.objects.select_related(
                        "organisation"
                    ).order_by("position"),
                ),
            )
        )

    def dehydrate_responsible_organisations(self, goal):
        """The units in the concept's order, as the column is read back."""
        if goal.pk is None:
            return ""
        return f"{ORGANISATION_SEPARATOR} ".join(
            responsibility.organisation.name
            for responsibility in goal.responsibilities.all()
        )

    def save_m2m(self, instance, row, **kwargs):
        """The units, numbered in the order the file names them."""
        super().save_m2m(instance, row, **kwargs)
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return
        names = [
            name.strip()
            for name in _cell(row.get("Verantwortlich")).split(ORGANISATION_SEPARATOR)
            if name.strip()
        ]
        for position, name in enumerate(names, start=1):
            GoalResponsibility.objects.filter(
                goal=instance, organisation__name=name
            ).update(position=position)

    def dehydrate_indicators(self, goal):
        if goal.pk is None:
            return ""
        return "\n".join(indicator.text for indicator in goal.indicators.all())

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # Spreadsheet programs often leave empty rows at the end of a sheet.
        while len(dataset) and not any(_cell(value) for value in dataset[-1]):
            del dataset[-1]
        missing = [
            column for column in REQUIRED_COLUMNS if column not in dataset.headers
        ]
        if missing:
            message = str(missing_columns_error(missing, expected=REQUIRED_COLUMNS))
            if any(";" in str(header) for header in dataset.headers or []):
                message += (
                    " Die Kopfzeile enthält Semikolons: Bitte die Datei als"
                    " Excel-Datei (XLSX) oder als CSV mit Komma als Trennzeichen"
                    " speichern."
                )
            # Without its columns no row can be read: report the file once,
            # not every row.
            del dataset[:]
            raise ValueError(message)
        lines = defaultdict(list)
        for line, row in enumerate(dataset.dict, start=1):
            lines[(_cell(row.get("Fassung")), _cell(row.get("Nummer")))].append(line)
        self._duplicate_lines = {
            key: found for key, found in lines.items() if len(found) > 1
        }

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # Unknown or empty edition: import_instance() reports it per row.
            return None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors.update(error.error_dict)
        code = _cell(row.get("Nummer"))
        match = CODE_PATTERN.match(code)
        if not match:
            errors["code"] = ValidationError(
                f"„{code}“ ist keine Zielnummer wie „1.1.1“.", code="invalid"
            )
        else:
            instance.number = int(match.group(1))
        duplicates = getattr(self, "_duplicate_lines", {}).get(
            (_cell(row.get("Fassung")), code)
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

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        """Key every message by its German column, as the admin shows the key."""
        try:
            super().validate_instance(
                instance, import_validation_errors, validate_unique
            )
        except ValidationError as error:
            by_column = defaultdict(list)
            for key, messages in error.error_dict.items():
                column = ERROR_COLUMNS.get(key, NON_FIELD_ERRORS)
                by_column[column].extend(messages)
            raise ValidationError(dict(by_column)) from None

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
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return  # nothing was saved, so nothing can be rolled back
        goal_indicators_replace(
            goal=instance, texts=_split_lines(row.get("Indikatoren"))
        )
