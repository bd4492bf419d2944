"""The public feedback form of an open consultation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kassel_integration.widgets import ListSelect

from .models import Feedback
from .selectors import RecommendationFilters

CONSENT_TEXT = _(
    "Ich bin einverstanden, dass die Stadt Kassel meine Rückmeldung speichert, "
    "nach Prüfung ohne Namen und E-Mail-Adresse veröffentlicht und meine Angaben "
    "nur zur Bearbeitung und für eine Antwort nutzt."
)


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Art der Rückmeldung"), choices=Feedback.Kind.choices
    )
    text = forms.CharField(
        label=_("Ihre Rückmeldung"),
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=10,
        max_length=5000,
        error_messages={
            "required": _("Bitte schreiben Sie Ihre Rückmeldung."),
            "min_length": _("Bitte schreiben Sie mindestens %(limit_value)d Zeichen."),
            "max_length": _(
                "Bitte fassen Sie sich kürzer (höchstens %(limit_value)d Zeichen)."
            ),
        },
    )
    handlungsfeld = forms.TypedChoiceField(
        label=_("Handlungsfeld (freiwillig)"), coerce=int, required=False
    )
    organisation = forms.CharField(
        label=_("Organisation (freiwillig)"), max_length=200, required=False
    )
    reply_wanted = forms.BooleanField(
        label=_("Ich möchte eine Antwort."), required=False
    )
    name = forms.CharField(
        label=_("Name (nur für eine Antwort)"), max_length=200, required=False
    )
    email = forms.EmailField(label=_("E-Mail (nur für eine Antwort)"), required=False)
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Bitte stimmen Sie der Verarbeitung zu.")},
    )
    # Honeypot: hidden from people by CSS, filled in by bots.
    website = forms.CharField(
        label=_("Website (bitte leer lassen)"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, fields_of_action=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlungsfeld"].choices = [("", _("keine Angabe"))] + [
            (f.number, f"{f.number}. {f.title}") for f in fields_of_action
        ]

    def clean(self):
        data = super().clean()
        if data.get("reply_wanted") and not data.get("email"):
            self.add_error(
                "email", _("Für eine Antwort brauchen wir Ihre E-Mail-Adresse.")
            )
        return data

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class RecommendationFilterForm(forms.Form):
    """The filters of the public list of recommendations, read from GET."""

    handlungsfeld = forms.TypedChoiceField(
        label=_("Handlungsfeld"), coerce=int, required=False, widget=ListSelect
    )
    jahr = forms.TypedChoiceField(
        label=_("Jahr"), coerce=int, required=False, widget=ListSelect
    )
    umgang = forms.ChoiceField(
        label=_("Umgang"),
        required=False,
        choices=[("", _("alle")), *Feedback.Disposition.choices],
        widget=ListSelect,
    )

    def __init__(self, *args, fields_of_action=(), years=(), **kwargs):
        """``fields_of_action``: (number, title) rows; ``years``: whole years."""
        super().__init__(*args, **kwargs)
        self.fields["handlungsfeld"].choices = [("", _("alle"))] + [
            (number, f"{number}. {title}") for number, title in fields_of_action
        ]
        # years as text: a number label is number-formatted per option
        self.fields["jahr"].choices = [("", _("alle"))] + [(y, str(y)) for y in years]

    def filters(self) -> RecommendationFilters:
        """The valid filter values; invalid ones are ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return RecommendationFilters(
            field_number=data.get("handlungsfeld") or None,
            year=data.get("jahr") or None,
            disposition=data.get("umgang") or "",
        )
