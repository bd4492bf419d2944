"""Renderer version 2 (sum headers labelled, numeric cells right-aligned):
the stored HTML older than the renderer is rendered again."""

from django.db import migrations

from kassel_integration.markdown import stored_html_render


def render(apps, schema_editor):
    for name in "Feedback".split(","):
        stored_html_render(apps.get_model("roundtable", name), stale_only=True)


class Migration(migrations.Migration):
    dependencies = [
        ("roundtable", "0008_stored_html"),
    ]

    operations = [
        migrations.RunPython(render, migrations.RunPython.noop),
    ]
