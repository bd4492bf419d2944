"""The public inquiry list's search and filter form (GET, bookmarkable)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Committee, Faction, Inquiry
from .selectors import InquiryFilters, inquiry_year_list


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
    fraktion = forms.ModelChoiceField(
        label=_("Fraktion"),
        queryset=Faction.objects.order_by("name"),
        to_field_name="name",
        required=False,
        empty_label=_("alle"),
    )
    ausschuss = forms.ModelChoiceField(
        label=_("Ausschuss"),
        queryset=Committee.objects.order_by("name"),
        required=False,
        empty_label=_("alle"),
    )
    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int, required=False)
    handlungsfeld = forms.TypedChoiceField(
        label=_("Handlungsfeld"), coerce=int, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("alle"))] + Inquiry.Status.choices,
        required=False,
    )

    def __init__(self, *args, fields_of_action=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jahr"].choices = [("", _("alle"))] + [
            (year, year) for year in inquiry_year_list()
        ]
        self.fields["handlungsfeld"].choices = [("", _("alle"))] + [
            (field.number, f"{field.number}. {field.title}")
            for field in fields_of_action
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
