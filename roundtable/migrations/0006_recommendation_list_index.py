"""PostgreSQL: a partial index of the published feedback in the public list's
order (newest first), so a page is read from the index instead of sorting
all feedback. SQLite needs none at this size."""

from django.db import migrations

FORWARD = (
    "CREATE INDEX roundtable_feedback_public_order ON roundtable_feedback "
    "(received_on DESC, id) WHERE is_public AND moderation = 'freigegeben';"
)
BACKWARD = "DROP INDEX IF EXISTS roundtable_feedback_public_order;"


def run_on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("roundtable", "0005_upload_limits")]

    operations = [
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
