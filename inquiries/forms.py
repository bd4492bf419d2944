"""The public inquiry list's search and filter form (GET, bookmarkable), and
the admin's inquiry and question forms with their input rules."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kassel_integration.compiled import compiled
from kassel_integration.widgets import ListSelect

from .models import Committee, Faction, Inquiry
from .selectors import InquiryFilters, inquiry_year_list


@compiled
def faction_choices():
    """(value, label) rows of the faction filter."""
    return Faction.objects.order_by("name").values_list("name", "name")


@compiled
def committee_choices():
    """(value, label) rows of the committee filter."""
    return Committee.objects.order_by("name").values_list("pk", "name")


class _ListedChoices(ModelChoiceIterator):
    """The choices from one compiled query of (value, label) rows
    (``field.choice_rows``): no model instance per option (issue #20), and
    no server-side cursor (``iterator()``, three round trips on PostgreSQL)
    for a handful of rows. The value is what ``to_field_name`` names, the
    label the object's ``str()`` (its name)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.field.choice_rows


class _FilterChoiceField(forms.ModelChoiceField):
    iterator = _ListedChoices
    widget = ListSelect
    choice_rows: list[tuple] = []  # set by the form


class InquiryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Suchbegriff"),
        required=False,
        max_length=200,
        strip=True,
        error_messages={
            "max_length": _("Der Suchbegriff ist zu lang (höchstens 200 Zeichen).")
        },
    )
    fraktion = _FilterChoiceField(
        label=_("Fraktion"),
        queryset=Faction.objects.only("pk", "name").order_by("name"),
        to_field_name="name",
        required=False,
        empty_label=_("alle"),
    )
    ausschuss = _FilterChoiceField(
        label=_("Ausschuss"),
        queryset=Committee.objects.only("pk", "name").order_by("name"),
        required=False,
        empty_label=_("alle"),
    )
    jahr = forms.TypedChoiceField(
        label=_("Jahr"), coerce=int, required=False, widget=ListSelect
    )
    handlungsfeld = forms.TypedChoiceField(
        label=_("Handlungsfeld"), coerce=int, required=False, widget=ListSelect
    )
    status = forms.ChoiceField(
        label=_("Status"),
        widget=ListSelect,
        choices=[("", _("alle"))] + Inquiry.Status.choices,
        required=False,
    )

    def __init__(
        self,
        *args,
        fields_of_action=(),
        factions=None,
        committees=None,
        years=None,
        **kwargs,
    ):
        """``fields_of_action``: (number, title) pairs for the field filter;
        ``factions``, ``committees``, ``years``: the results of
        ``faction_choices()``, ``committee_choices()`` and
        ``inquiry_year_list()``, read here when not given."""
        super().__init__(*args, **kwargs)
        self.fields["fraktion"].choice_rows = (
            faction_choices() if factions is None else factions
        )
        self.fields["ausschuss"].choice_rows = (
            committee_choices() if committees is None else committees
        )
        # The labels translated once, not at each use of a lazy one.
        every = str(_("alle"))
        self.fields["fraktion"].empty_label = every
        self.fields["ausschuss"].empty_label = every
        self.fields["status"].choices = [("", every)] + [
            (value, str(label)) for value, label in Inquiry.Status.choices
        ]
        self.fields["jahr"].choices = [("", every)] + [
            (year, year) for year in (inquiry_year_list() if years is None else years)
        ]
        self.fields["handlungsfeld"].choices = [("", every)] + [
            (number, f"{number}. {title}") for number, title in fields_of_action
        ]

    def filters(self) -> InquiryFilters:
        """The valid filters; invalid ones are dropped (``errors`` names them)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return InquiryFilters(
            q=data.get("q") or "",
            faction=data.get("fraktion"),
            committee=data.get("ausschuss"),
            year=data.get("jahr") or None,
            field_number=data.get("handlungsfeld") or None,
            status=data.get("status") or "",
        )


class InquiryAdminForm(forms.ModelForm):
    """The admin's inquiry form: a Vorlage-Nr. of the configured form, an
    answer date neither in the future nor before the submission (model)."""

    class Meta:
        model = Inquiry
        fields = ["reference_number", "answered_on"]  # the admin adds the rest

    def clean_reference_number(self):
        value = self.cleaned_data["reference_number"].strip()
        # Only a number typed here: imported numbers keep their own form.
        if "reference_number" in self.changed_data and not re.search(
            settings.INQUIRY_REFERENCE_PATTERN, value
        ):
            raise ValidationError(
                _(
                    "„%(value)s“ ist keine gültige Vorlage-Nr.; erwartet wird "
                    "eine Nummer wie „101.18.1671“."
                ),
                code="invalid_reference_number",
                params={"value": value},
            )
        return value

    def clean_answered_on(self):
        value = self.cleaned_data.get("answered_on")
        today = timezone.localdate()
        if value and value > today:
            raise ValidationError(
                _(
                    "Das Antwortdatum %(date)s liegt in der Zukunft (heute ist "
                    "der %(today)s)."
                ),
                code="answer_in_future",
                params={
                    "date": value.strftime("%d.%m.%Y"),
                    "today": today.strftime("%d.%m.%Y"),
                },
            )
        return value


class QuestionFormSet(forms.BaseInlineFormSet):
    """Questions added inline without Reihenfolge or Nummer get the next free
    ones, in the order they stand in the form."""

    def clean(self):
        self._fill_in_order_and_number()
        super().clean()  # then the duplicate checks see the filled values

    def _fill_in_order_and_number(self):
        forms_kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not self._should_delete_form(form)
        ]
        positions = {form.cleaned_data.get("position") for form in forms_kept}
        numbers = {form.cleaned_data.get("number") for form in forms_kept}
        for form in forms_kept:
            if form.cleaned_data.get("position") is None:
                position = max((p for p in positions if p), default=0) + 1
                positions.add(position)
                form.cleaned_data["position"] = form.instance.position = position
            if not form.cleaned_data.get("number"):
                number = form.cleaned_data["position"]
                while str(number) in numbers:
                    number += 1
                numbers.add(str(number))
                form.cleaned_data["number"] = form.instance.number = str(number)
