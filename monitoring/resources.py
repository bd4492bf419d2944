"""Observation import/export in the admin (django-import-export, with its
dry-run preview); the row rules are ``observation_files.RowChecker``."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from import_export import fields

from kassel_integration.spreadsheets import (
    ChoiceLabelWidget,
    GermanNumberWidget,
    SpreadsheetResource,
    YesNoWidget,
    missing_columns_error,
)

from .models import Observation
from .observation_files import (
    BREAKDOWN,
    COLUMNS,
    REQUIRED,
    RowChecker,
    RowError,
    observation_rows_export,
)


class ObservationResource(SpreadsheetResource):
    metric = fields.Field(attribute="metric", column_name="Kennzahl")
    year = fields.Field(attribute="year", column_name="Jahr")
    district = fields.Field(attribute="district", column_name="Stadtteil")
    age_group = fields.Field(attribute="age_group", column_name="Altersgruppe")
    gender = fields.Field(attribute="gender", column_name="Geschlecht")
    area = fields.Field(attribute="area", column_name="Bereich")
    provider_type = fields.Field(attribute="provider_type", column_name="Trägerart")
    # The preview shows values as the Messwerte list does: "430,5", "genau", "ja".
    value = fields.Field(
        attribute="value", column_name="Wert", widget=GermanNumberWidget()
    )
    # Shown in the preview; the row checker compares it with the Kennzahl.
    unit = fields.Field(attribute="metric__unit", column_name="Einheit")
    qualifier = fields.Field(
        attribute="qualifier",
        column_name="Genauigkeit",
        widget=ChoiceLabelWidget(Observation.Qualifier.choices),
    )
    is_total = fields.Field(
        attribute="is_total", column_name="Summe", widget=YesNoWidget()
    )
    source = fields.Field(attribute="source", column_name="Quelle")
    note = fields.Field(attribute="note", column_name="Anmerkung")

    class Meta:
        model = Observation
        fields = (
            "metric",
            "year",
            "district",
            "age_group",
            "gender",
            "area",
            "provider_type",
            "value",
            "unit",
            "qualifier",
            "is_total",
            "source",
            "note",
        )
        import_id_fields = ("metric", "year", "district", *BREAKDOWN)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    example_row = {
        "Kennzahl": "angebote-2008-nach-alter",
        "Jahr": 2008,
        "Altersgruppe": "Kinder",
        "Wert": Decimal("12.5"),
        "Einheit": "Angebote",
        "Genauigkeit": "genau",
        "Summe": "nein",
        "Quelle": "Befragung 2008",
        "Anmerkung": "Beispielzeile: bitte ersetzen",
    }

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = dataset.headers or []
        missing = [column for column in REQUIRED if column not in headers]
        if missing:
            del dataset[:]  # no row can be read: report the file once
            raise missing_columns_error(missing, expected=COLUMNS)
        for column in COLUMNS:  # unused breakdown columns may be left out
            if column not in headers:
                dataset.append_col([""] * len(dataset), header=column)
        self.checker = RowChecker()

    def get_instance(self, instance_loader, row):
        data = self._clean(row)
        return Observation.objects.filter(
            metric=data["metric"],
            year=data["year"],
            district=data["district"],
            **{name: data[name] for name in BREAKDOWN},
        ).first()

    def _clean(self, row):
        try:
            return self.checker.clean(row)
        except RowError as error:
            raise ValidationError(error.messages) from None

    def validate_instance(self, instance, *args, **kwargs):
        """Field errors of the model named by their German column."""
        try:
            super().validate_instance(instance, *args, **kwargs)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            columns = {f.attribute: f.column_name for f in self.fields.values()}
            raise ValidationError(
                {columns.get(k, k): v for k, v in error.message_dict.items()}
            ) from None

    def import_instance(self, instance, row, **kwargs):
        for name, value in self._clean(row).items():
            setattr(instance, name, value)

    def export(self, queryset=None, **kwargs):
        import tablib

        queryset = Observation.objects.all() if queryset is None else queryset
        rows = list(observation_rows_export(queryset=queryset))
        headers = [column for column in rows[0]] if rows else ["Kennzahl"]
        return tablib.Dataset(*[list(row.values()) for row in rows], headers=headers)
