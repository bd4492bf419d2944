"""The HTML of every rich-text field, stored beside its Markdown and filled
here for the rows there are (issue #20)."""

from django.db import migrations

import kassel_integration.markdown
from kassel_integration.markdown import stored_html_render


def render(apps, schema_editor):
    for name in ("Inquiry", "Question"):
        stored_html_render(apps.get_model("inquiries", name))


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0012_attachment_private_storage"),
    ]

    operations = [
        migrations.AddField(
            model_name="inquiry",
            name="answer_introduction_html",
            field=kassel_integration.markdown.MarkdownHtmlField(
                blank=True,
                editable=False,
                source="answer_introduction",
                verbose_name="Einleitung der Antwort (HTML)",
            ),
        ),
        migrations.AddField(
            model_name="inquiry",
            name="html_version",
            field=kassel_integration.markdown.RendererVersionField(
                default=0, editable=False, verbose_name="Version der HTML-Darstellung"
            ),
        ),
        migrations.AddField(
            model_name="inquiry",
            name="preamble_html",
            field=kassel_integration.markdown.MarkdownHtmlField(
                blank=True,
                editable=False,
                source="preamble",
                verbose_name="Vorbemerkung (HTML)",
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="answer_html",
            field=kassel_integration.markdown.MarkdownHtmlField(
                blank=True,
                editable=False,
                source="answer",
                verbose_name="Antwort (HTML)",
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="html_version",
            field=kassel_integration.markdown.RendererVersionField(
                default=0, editable=False, verbose_name="Version der HTML-Darstellung"
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="text_html",
            field=kassel_integration.markdown.MarkdownHtmlField(
                blank=True, editable=False, source="text", verbose_name="Frage (HTML)"
            ),
        ),
        migrations.RunPython(render, migrations.RunPython.noop),
    ]
