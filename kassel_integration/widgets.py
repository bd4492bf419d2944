"""Form widgets shared by the public filter forms (imports no app)."""

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _attributes(attrs: dict) -> str:
    """HTML attributes as ``django/forms/widgets/attrs.html`` writes them:
    True as a bare name, False left out."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


def _option(value, label, selected: bool) -> str:
    return (
        f'\n  <option value="{conditional_escape(str(value))}"'
        f"{' selected' if selected else ''}>"
        f"{conditional_escape(localize(label))}</option>\n"
    )


class ListSelect(forms.Select):
    """A ``<select>`` written in Python, byte for byte as Django's templates
    (``select.html``, ``select_option.html``) write it. The template engine
    renders two includes per option, about 60 µs each, and ``optgroups()``
    builds a dict per option: the filter forms of the public lists have up
    to a hundred options (issue #20). The options are written from
    ``choices`` as ``optgroups()`` reads them (a ``Select``'s option has no
    attributes but ``selected``, on the first option of the value only)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        values = self.format_value(value)
        parts = [
            f'<select name="{conditional_escape(name)}"{_attributes(final_attrs)}>'
        ]
        has_selected = False
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            group = isinstance(option_label, (list, tuple))
            if group:
                parts.append(
                    f'\n  <optgroup label="{conditional_escape(option_value)}">'
                )
            for sub_value, sub_label in (
                option_label if group else [(option_value, option_label)]
            ):
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    sub_value
                ) in values
                has_selected |= selected
                parts.append(_option(sub_value, sub_label, selected))
            if group:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
