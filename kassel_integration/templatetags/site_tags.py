"""Template filters shared by all apps."""

from django import template

from kassel_integration.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown as sanitised HTML, for text not saved yet (a preview).
    Saved rich text has its HTML stored beside it: ``{{ question.answer_html }}``."""
    return render_markdown(text)
