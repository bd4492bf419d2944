"""Template filters shared by all apps."""

from django import template

from kassel_integration.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown as sanitised HTML: ``{{ question.answer|markdown }}``."""
    return render_markdown(text)
