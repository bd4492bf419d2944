"""The one admin base every staff-edited model uses: history plus import/export.

simple-history overrides the ``object_history*`` templates, import-export the
changelist template; both extend ``get_urls`` through ``super()``, so they
combine without conflict. This module imports no app.
"""

from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin


class HistoryImportExportAdmin(ImportExportMixin, SimpleHistoryAdmin):
    """ModelAdmin with version history (diff, revert) and CSV/XLSX import/export."""


class HistoryAdmin(SimpleHistoryAdmin):
    """ModelAdmin with version history only (no bulk import)."""
