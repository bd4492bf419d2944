"""The HTML of every rich-text field, stored beside its Markdown and filled
here for the rows there are (issue #20)."""

from django.db import migrations

import kassel_integration.markdown
from kassel_integration.markdown import stored_html_render


def render(apps, schema_editor):
    for name in ("Feedback",):
        stored_html_render(apps.get_model("roundtable", name))


class Migration(migrations.Migration):
    dependencies = [
        ("roundtable", "0007_source_fidelity"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="html_version",
            field=kassel_integration.markdown.RendererVersionField(
                default=0, editable=False, verbose_name="Version der HTML-Darstellung"
            ),
        ),
        migrations.AddField(
            model_name="feedback",
            name="text_html",
            field=kassel_integration.markdown.MarkdownHtmlField(
                blank=True, editable=False, source="text", verbose_name="Inhalt (HTML)"
            ),
        ),
        migrations.RunPython(render, migrations.RunPython.noop),
    ]
