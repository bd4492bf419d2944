"""The filter form of /konzept/ziele/ (GET, bookmarkable, works without JS)."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from kassel_integration.widgets import ListSelect

from .models import GoalStatus
from .models.validators import YEAR_VALIDATORS
from .selectors import NO_STATUS, GoalFilters

ORDER_CHOICES = [
    ("nr", _("Nummer")),
    ("stand", _("Umsetzungsstand")),
    ("fortschritt", _("Fortschritt (höchster zuerst)")),
]


class GoalFilterForm(forms.Form):
    umsetzungsstand = forms.ChoiceField(
        label=_("Umsetzungsstand"),
        choices=[("", _("alle"))]
        + GoalStatus.Status.choices
        + [(NO_STATUS, _("ohne Angabe"))],
        required=False,
        widget=ListSelect,
    )
    handlungsfeld = forms.TypedChoiceField(
        label=_("Handlungsfeld"), coerce=int, required=False, widget=ListSelect
    )
    teilbereich = forms.CharField(
        label=_("Teilbereich"),
        required=False,
        max_length=10,
        validators=[
            RegexValidator(
                r"^\d{1,2}\.\d{1,2}$",
                _("Einen Teilbereich gibt man als Nummer an, z. B. „1.2“."),
                code="invalid_topic",
            )
        ],
        help_text=_("z. B. 1.2"),
    )
    organisation = forms.TypedChoiceField(
        label=_("Verantwortlich"), required=False, widget=ListSelect
    )
    jahr = forms.TypedChoiceField(
        label=_("Berichtsjahr"), coerce=int, required=False, widget=ListSelect
    )
    sortierung = forms.ChoiceField(
        label=_("Sortierung"),
        choices=ORDER_CHOICES,
        required=False,
        widget=ListSelect,
    )

    def __init__(self, *args, fields_of_action=(), organisations=(), years=(), **kw):
        """``fields_of_action``: rows with ``number`` and ``title``;
        ``organisations``: rows with ``pk``, ``slug`` and ``name``."""
        super().__init__(*args, **kw)
        self.fields["handlungsfeld"].choices = [("", _("alle"))] + [
            (field.number, f"{field.number}. {field.title}")
            for field in fields_of_action
        ]
        self._organisations = {org.slug: org for org in organisations}
        self.fields["organisation"].choices = [("", _("alle"))] + [
            (org.slug, org.name) for org in organisations
        ]
        # years as text: a number label is number-formatted per option
        self.fields["jahr"].choices = [(year, str(year)) for year in years]
        self.default_year = years[0] if years else None

    def filters(self) -> GoalFilters:
        """The valid filters; invalid ones are dropped (``errors`` names them)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return GoalFilters(
            year=data.get("jahr") or self.default_year,
            status=data.get("umsetzungsstand") or "",
            field_number=data.get("handlungsfeld") or None,
            topic_code=data.get("teilbereich") or "",
            organisation=self._organisations.get(data.get("organisation")),
            order=data.get("sortierung") or "nr",
        )


NOT_A_YEAR = _("Bitte ein Berichtsjahr als Zahl angeben, z. B. 2020.")
YEAR_OUT_OF_RANGE = _("%(value)s ist kein gültiges Berichtsjahr (1990–2100).")
YEAR_ERRORS = {
    "required": NOT_A_YEAR,
    "invalid": NOT_A_YEAR,
    "min_value": YEAR_OUT_OF_RANGE,
    "max_value": YEAR_OUT_OF_RANGE,
}


class ReportYearForm(forms.Form):
    """The admin's "Bericht erstellen": the Berichtsjahr (POST ``year``)."""

    year = forms.IntegerField(
        label=_("Berichtsjahr"), validators=YEAR_VALIDATORS, error_messages=YEAR_ERRORS
    )

    def first_error(self) -> str:
        return self.errors["year"][0]


class CompletenessYearForm(forms.Form):
    """The admin's completeness page: the Berichtsjahr (GET ``jahr``)."""

    jahr = forms.IntegerField(
        label=_("Berichtsjahr"), validators=YEAR_VALIDATORS, error_messages=YEAR_ERRORS
    )
