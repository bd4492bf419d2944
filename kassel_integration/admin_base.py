"""The one admin base every staff-edited model uses: authorization, history,
optimistic locking, and (where wanted) import/export.

Authorization lives here (README: Staff roles). Every path of an admin
(change list, add, change, delete, bulk actions, history list and detail,
revert, import preview and confirm, export, autocomplete, custom views) asks
the same four questions, ``has_{view,add,change,delete}_permission``, which
combine the model permissions with the one object rule of
``kassel_integration.permissions``: an admin that names a ``unit_lookup``
shows a Fachamt user only the records of their own units. Import needs the
change permission (and add for new rows), export the view permission.
``tests/security/test_admin_matrix.py`` checks every path for every role.

simple-history overrides the ``object_history*`` templates, import-export the
changelist template; both extend ``get_urls`` through ``super()``, so they
combine without conflict. This module imports no app.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename, get_user_model
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm
from simple_history.admin import SimpleHistoryAdmin

from .history import GermanHistoryContextHelper
from .permissions import may_see_users, restrict_to_units, sees_all_units
from .spreadsheets import (
    UNREADABLE,
    GermanCSV,
    check_import_file,
    unreadable_message,
)

VERSION_FIELD = "_bearbeitungsstand"
IMPORT_PREVIEWS = "import_previews"


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


class ChangeReasonMixin:
    """An optional "Änderungsgrund" under every change form of a
    history-tracked model (after the inlines, next to the save buttons:
    ``admin/optimistic_change_form.html``), stored with the version as its
    change reason, and the version history in German
    (:mod:`kassel_integration.history`)."""

    change_reason_field = "change_reason"

    def get_fieldsets(self, request, obj=None):
        # Without declared fieldsets Django lists every form field, this one
        # too; the template shows it below the inlines instead.
        name = self.change_reason_field
        return [
            (title, {**options, "fields": _without(options["fields"], {name})})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            may_save = self.has_add_permission(request)
        else:
            may_save = self.has_change_permission(request, obj)
        if may_save:
            kwargs["form"] = type(self.form.__name__, (ChangeReasonForm, self.form), {})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_historical_record_context_helper(self, request, historical_record):
        return GermanHistoryContextHelper(self.model, historical_record)


class ChangeReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Änderungsgrund"),
        required=False,
        max_length=100,
        help_text=_("z. B. „Tippfehler korrigiert“ oder „Antwort des Magistrats“"),
    )

    def clean(self):
        cleaned = super().clean()
        # simple-history stores this with the version the save creates.
        self.instance._change_reason = cleaned.get("change_reason") or None
        return cleaned


class GuardedAdminMixin:
    """Every read and write of an admin decided in one place: the model
    permissions plus, where ``unit_lookup`` names the way from a record to its
    responsible units, the unit rule. Fields that list staff accounts
    (``staff_account_fields``) appear only to those who may manage users."""

    unit_lookup: str | None = None
    staff_account_fields: tuple[str, ...] = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.unit_lookup:
            queryset = restrict_to_units(
                queryset, user=request.user, lookup=self.unit_lookup
            )
        return queryset

    def get_changeform_initial_data(self, request):
        """The add form's presets from the query string, without the ones a
        related field cannot read: ``?goal=abc`` in an edited "melden" link
        gives an empty field, not a server error."""
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation and not _readable_keys(field, value):
                del initial[name]
        return initial

    def in_scope(self, request, obj) -> bool:
        """Whether ``obj`` is among the records ``request.user`` may reach."""
        if obj is None or obj.pk is None or not self.unit_lookup:
            return True
        if sees_all_units(request.user):
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(
            request, obj
        )

    def has_permission_for(self, request, action: str) -> bool:
        """A model permission of this admin's model by action name."""
        opts = self.opts
        codename = get_permission_codename(action, opts)
        return request.user.has_perm(f"{opts.app_label}.{codename}")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.staff_account_fields or may_see_users(request.user):
            return fieldsets
        hidden = set(self.staff_account_fields)
        return [
            (name, {**options, "fields": _without(options["fields"], hidden)})
            for name, options in fieldsets
            if _without(options["fields"], hidden)
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.staff_account_fields and not may_see_users(request.user):
            kwargs["exclude"] = [
                *(kwargs.get("exclude") or []),
                *self.staff_account_fields,
            ]
        return super().get_form(request, obj, change=change, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.staff_account_fields:
            accounts = get_user_model().objects.filter(is_staff=True, is_active=True)
            if not request.user.is_superuser:
                accounts = accounts.filter(is_superuser=False)
            kwargs["queryset"] = accounts
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def lookup_allowed(self, lookup, value, request=None):
        # Filtering a list by staff accounts would tell who belongs where.
        if lookup.split("__")[0] in self.staff_account_fields and not (
            request is not None and may_see_users(request.user)
        ):
            return False
        return super().lookup_allowed(lookup, value, request)

    # Version history (django-simple-history): seeing a version needs the view
    # permission on the record, reverting to it the change permission; a
    # record outside the user's units answers as if it did not exist.
    def history_view(self, request, object_id, extra_context=None):
        if self.unit_lookup and not sees_all_units(request.user):
            if self.get_object(request, object_id) is None:
                raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return super().revert_disabled(request, obj) or not self.has_change_permission(
            request, obj
        )


def _readable_keys(field, value) -> bool:
    """Whether every key in a preset for a relation is a valid primary key."""
    try:
        for key in value if isinstance(value, list) else [value]:
            field.related_model._meta.pk.to_python(key)
    except ValidationError:
        return False
    return True


def _without(fields, hidden):
    kept = []
    for field in fields:
        if isinstance(field, (list, tuple)):
            row = [name for name in field if name not in hidden]
            if row:
                kept.append(tuple(row))
        elif field not in hidden:
            kept.append(field)
    return kept


class BoundedImportForm(ImportForm):
    """The import form, refusing a file over the bounds before any row is read.
    The format is read from the file itself (an XLSX is a zip archive), so a
    wrong or missing choice of "Dateiformat" does not matter.

    With ``background`` (an admin that can import in the background, for a
    user who may) a file over ``ADMIN_IMPORT_MAX_ROWS`` but within the
    command line's bounds is accepted and marked ``in_background``; ``rows``
    is the count of its rows under the header."""

    def __init__(self, *args, background=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.background, self.in_background, self.rows = background, False, 0
        self.preview_rows = f"{settings.ADMIN_IMPORT_MAX_ROWS:,}".replace(",", ".")
        self.fields["format"].required = False
        self.fields["format"].help_text = _(
            "Wird aus der Datei erkannt: Excel (XLSX) oder CSV mit Semikolon, "
            "Komma oder Tabulator, UTF-8 oder Windows-1252."
        )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if self.background:
            self.rows = check_import_file(upload)
            self.in_background = self.rows > settings.ADMIN_IMPORT_MAX_ROWS
        else:
            check_import_file(upload, max_rows=settings.ADMIN_IMPORT_MAX_ROWS)
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is not None:
            cleaned["format"] = "1" if _is_xlsx(upload) else "0"
        return cleaned


def _is_xlsx(upload) -> bool:
    """Whether ``upload`` is a zip archive (XLSX); the old binary XLS is refused."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            _(
                "Das alte Excel-Format (XLS) wird nicht gelesen. Bitte speichern "
                "Sie die Datei als Excel-Arbeitsmappe (XLSX) oder als CSV."
            ),
            code="import_xls",
        )
    return head.startswith(b"PK")


class GuardedImportExportMixin(ImportExportMixin):
    """Import and export through the same permission rule as every other path.

    The import page (``admin/kassel_import.html``) offers "Vorlage
    herunterladen" (the header and one example row, CSV or XLSX, for those
    who may import) and lists every error of every row with its number."""

    import_form_class = BoundedImportForm
    import_template_name = "admin/kassel_import.html"
    # CSV as German Excel saves it (";", Windows-1252) and XLSX, both ways;
    # BoundedImportForm picks index 0 or 1 from the file itself.
    formats = [GermanCSV, base_formats.XLSX]
    template_formats = {"csv": GermanCSV, "xlsx": base_formats.XLSX}

    def add_data_read_fail_error_to_form(self, form, e):
        """A file that cannot be read, in German and without the exception's
        English name."""
        if isinstance(e, ValueError) and str(e).startswith("Die Datei"):
            form.add_error("import_file", str(e))
        elif isinstance(e, UNREADABLE):
            form.add_error("import_file", unreadable_message(e))
        else:
            form.add_error(
                "import_file",
                _(
                    "Die Datei konnte nicht gelesen werden. Bitte als CSV oder "
                    "XLSX speichern."
                ),
            )

    def get_urls(self):
        download = self.admin_site.admin_view(self.import_template_view)
        name = "{}_{}_import_template".format(*self.get_model_info())
        return [
            path("import/vorlage.<str:extension>", download, name=name),
            *super().get_urls(),
        ]

    def import_template_view(self, request, extension):
        """A file to fill in: the import's header and one example row."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if extension not in self.template_formats:
            raise Http404
        file_format = self.template_formats[extension]()
        resource_class = self.get_import_resource_classes(request)[0]
        resource = resource_class(**self.get_import_resource_kwargs(request))
        if extension == "csv":  # as German Excel writes and reads it
            data = file_format.export_data(
                resource.template_dataset(text=True), delimiter=";"
            )
        else:
            data = file_format.export_data(resource.template_dataset(text=False))
        response = HttpResponse(data, content_type=file_format.get_content_type())
        name = f"vorlage-{self.opts.model_name}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def has_import_permission(self, request):
        return self.has_change_permission(request)

    # A file over ADMIN_IMPORT_MAX_ROWS goes to the background where an
    # admin implements ``background_import_start`` (the Messwerte).
    def has_background_import_permission(self, request) -> bool:
        return False

    def background_import_start(self, request, upload, *, rows, is_xlsx):
        """Queue ``upload`` and answer with the job's page."""
        raise NotImplementedError

    def get_import_form_kwargs(self, request):
        return {
            **super().get_import_form_kwargs(request),
            "background": self.has_background_import_permission(request),
        }

    def create_import_form(self, request):
        # One form per request: the check in import_action and the
        # library's preview read the upload once.
        if getattr(request, "_import_form", None) is None:
            request._import_form = super().create_import_form(request)
        return request._import_form

    def import_action(self, request, **kwargs):
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid() and form.in_background:
                upload = form.cleaned_data["import_file"]
                return self.background_import_start(
                    request,
                    upload,
                    rows=form.rows,
                    is_xlsx=form.cleaned_data["format"] == "1",
                )
        return super().import_action(request, **kwargs)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_confirm_form_initial(self, request, import_form):
        """Remember which temporary file this session's preview wrote: the
        confirm step reads no other (the library takes the name from the
        form, which would let a user have any file of the temporary folder
        imported and deleted)."""
        initial = super().get_confirm_form_initial(request, import_form)
        if initial.get("import_file_name"):
            previews = request.session.get(IMPORT_PREVIEWS, [])
            request.session[IMPORT_PREVIEWS] = [
                *previews[-9:],
                initial["import_file_name"],
            ]
        return initial

    def process_import(self, request, **kwargs):
        """The confirm step, only for a file this session previewed; a
        temporary file that is gone (a second click, a restart between
        preview and confirm) asks for the file again."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        name = request.POST.get("import_file_name", "")
        previews = request.session.get(IMPORT_PREVIEWS, [])
        try:
            if name not in previews:
                raise FileNotFoundError(name)
            response = super().process_import(request, **kwargs)
        except FileNotFoundError:
            messages.error(
                request,
                "Die Vorschau ist abgelaufen. Bitte wählen Sie die Datei erneut aus.",
            )
            return redirect(
                reverse(
                    "admin:{}_{}_import".format(*self.get_model_info()),
                    current_app=self.admin_site.name,
                )
            )
        if response.status_code == 302:  # imported: the file is gone
            request.session[IMPORT_PREVIEWS] = [p for p in previews if p != name]
        return response

    def get_import_data_kwargs(self, **kwargs):
        # The resource refuses new rows to a user without the add permission.
        return {
            **super().get_import_data_kwargs(**kwargs),
            "may_add": self.has_add_permission(kwargs["request"]),
        }


class GuardedModelAdmin(GuardedAdminMixin, admin.ModelAdmin):
    """ModelAdmin under the one permission rule (models without history)."""


class HistoryImportExportAdmin(
    GuardedAdminMixin,
    ChangeReasonMixin,
    OptimisticLockingMixin,
    GuardedImportExportMixin,
    SimpleHistoryAdmin,
):
    """ModelAdmin with version history (diff, revert), optimistic locking and
    CSV/XLSX import/export."""


class HistoryAdmin(
    GuardedAdminMixin, ChangeReasonMixin, OptimisticLockingMixin, SimpleHistoryAdmin
):
    """ModelAdmin with version history and optimistic locking (no bulk import)."""
