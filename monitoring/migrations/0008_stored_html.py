"""The HTML of the status narrative, stored beside its Markdown and filled
here for the rows there are (issue #20)."""

from django.db import migrations

import kassel_integration.markdown
from kassel_integration.markdown import stored_html_render


def render(apps, schema_editor):
    stored_html_render(apps.get_model("monitoring", "GoalStatus"))


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0007_report_job_heartbeat"),
    ]

    operations = [
        migrations.AddField(
            model_name="goalstatus",
            name="html_version",
            field=kassel_integration.markdown.RendererVersionField(
                default=0, editable=False, verbose_name="Version der HTML-Darstellung"
            ),
        ),
        migrations.AddField(
            model_name="goalstatus",
            name="narrative_html",
            field=kassel_integration.markdown.MarkdownHtmlField(
                blank=True,
                editable=False,
                source="narrative",
                verbose_name="Erläuterung (HTML)",
            ),
        ),
        migrations.RunPython(render, migrations.RunPython.noop),
    ]
