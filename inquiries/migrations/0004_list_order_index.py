"""PostgreSQL: an index in the public list's order (newest submission first,
undated last), so a page of the list is read from the index instead of
sorting every inquiry. SQLite cannot index NULLS LAST and needs none."""

from django.db import migrations

FORWARD = (
    "CREATE INDEX inquiries_inquiry_list_order ON inquiries_inquiry "
    "(submitted_on DESC NULLS LAST, reference_number DESC);"
)
BACKWARD = "DROP INDEX IF EXISTS inquiries_inquiry_list_order;"


def run_on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0003_upload_limits")]

    operations = [
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
