"""The one admin base every staff-edited model uses: history, optimistic
locking, and (where wanted) import/export.

simple-history overrides the ``object_history*`` templates, import-export the
changelist template; both extend ``get_urls`` through ``super()``, so they
combine without conflict. This module imports no app.
"""

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.text import Truncator

from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

VERSION_FIELD = "_bearbeitungsstand"


def _version(obj) -> int:
    """The id of the object's newest history record; 0 before the first."""
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True)
    return latest.first() or 0


def _shown(value) -> str:
    if value in (None, ""):
        return "leer"
    return f"„{Truncator(str(value)).chars(60)}“"


def _conflict_message(obj, seen: int) -> str:
    """Who saved the object since version ``seen``, and what they changed."""
    newer = list(
        obj.history.filter(history_id__gt=seen)
        .select_related("history_user")
        .order_by("history_id")
    )
    latest = newer[-1]
    who = latest.history_user.get_username() if latest.history_user else "jemand"
    when = formats.date_format(timezone.localtime(latest.history_date), "j. F Y, H:i")
    base = obj.history.filter(history_id=seen).first() if seen else None
    changes = []
    if base is not None:
        delta = latest.diff_against(base)
        for change in delta.changes:
            field = obj._meta.get_field(change.field)
            label = str(getattr(field, "verbose_name", change.field))
            if getattr(field, "many_to_many", False):
                changes.append(label)
            else:
                changes.append(f"{label}: {_shown(change.old)} → {_shown(change.new)}")
    changed = "; ".join(changes) if changes else "siehe Änderungsverlauf"
    return (
        f"Nicht gespeichert: {who} hat diesen Datensatz am {when} Uhr geändert, "
        f"während Sie ihn bearbeitet haben ({changed}). Ihre Eingaben stehen noch "
        "im Formular. Prüfen Sie die Änderung im Verlauf; wenn Sie jetzt erneut "
        "speichern, ersetzen Ihre Eingaben die andere Fassung."
    )


class OptimisticLockingMixin:
    """Refuses to save a change form when the object was saved by someone
    else after the form was opened (its newest history id differs). The
    form carries the id it was opened with in a hidden field."""

    change_form_template = "admin/optimistic_change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or obj.pk is None:
            return form

        class LockedForm(form):
            def clean(self):
                cleaned = super().clean()
                seen = self.data.get(VERSION_FIELD)
                if seen is None:  # not sent by a change form: nothing to compare
                    return cleaned
                model = type(self.instance)
                # Hold the row until the save commits, so two saves cannot
                # both pass this check (PostgreSQL; SQLite writes one at a time).
                model._default_manager.select_for_update().filter(
                    pk=self.instance.pk
                ).exists()
                try:
                    seen = int(seen)
                except ValueError:
                    seen = -1
                if seen != _version(self.instance):
                    raise ValidationError(
                        _conflict_message(self.instance, seen), code="conflict"
                    )
                return cleaned

        LockedForm.__name__ = form.__name__
        return LockedForm

    def render_change_form(self, request, context, add=False, change=False, **kw):
        obj = kw.get("obj")
        if obj is not None and obj.pk is not None:
            context[VERSION_FIELD.lstrip("_")] = _version(obj)
            context["version_field"] = VERSION_FIELD
        return super().render_change_form(request, context, add, change, **kw)


class HistoryImportExportAdmin(
    OptimisticLockingMixin, ImportExportMixin, SimpleHistoryAdmin
):
    """ModelAdmin with version history (diff, revert), optimistic locking and
    CSV/XLSX import/export."""


class HistoryAdmin(OptimisticLockingMixin, SimpleHistoryAdmin):
    """ModelAdmin with version history and optimistic locking (no bulk import)."""
