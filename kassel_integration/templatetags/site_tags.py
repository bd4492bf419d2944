"""Template tags and filters shared by all apps."""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape

from kassel_integration.markdown import render_markdown
from kassel_integration.navigation import menu_items

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown as sanitised HTML, for text not saved yet (a preview).
    Saved rich text has its HTML stored beside it: ``{{ question.answer_html }}``."""
    return render_markdown(text)


@register.tag
def site_url(parser, token):
    """``{% site_url 'concept:index' %}``: ``{% url %}`` for an address
    without arguments, reversed once per process instead of on every page
    (the layout links eleven of them; reversing them was three quarters of
    its rendering time)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            f"{bits[0]} erwartet genau einen URL-Namen in Anführungszeichen."
        )
    return SiteUrlNode(bits[1][1:-1])


class SiteUrlNode(template.Node):
    def __init__(self, name: str):
        self.name = name

    def render(self, context):
        return _reversed(get_script_prefix(), self.name)


@lru_cache(maxsize=256)
def _reversed(prefix: str, name: str) -> str:
    """The escaped address of ``name`` under the script prefix (the prefix
    is part of the key because ``reverse`` puts it in front)."""
    return conditional_escape(reverse(name))


@register.simple_tag(takes_context=True)
def site_menu(context):
    """The main menu's items, the current section's marked
    (``site_section``, kassel_integration/navigation.py)."""
    return menu_items(get_script_prefix(), context.get("site_section") or "")


def _urls_changed(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # tests that swap the URLs
        _reversed.cache_clear()
        menu_items.cache_clear()


setting_changed.connect(_urls_changed, dispatch_uid="site-url-cache")
