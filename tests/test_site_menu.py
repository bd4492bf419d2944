"""The main menu marks the section the reader is in."""

import re

import pytest

pytestmark = pytest.mark.django_db
SECTIONS = {
    "/konzept/": "Konzept",
    "/konzept/ziel/1.1.1/": "Konzept",
    "/konzept/ziele/": "Konzept",
    "/monitoring/": "Monitoring",
    "/runder-tisch/": "Runder Tisch",
    "/runder-tisch/empfehlungen/": "Runder Tisch",
    "/anfragen/": "Anfragen",
    "/anfragen/101.18.1671/": "Anfragen",
    "/berichte/": "Berichte",
    "/suche/?q=Sprache": "Suche",
}


def test_menu_marks_the_current_section(client, seed):
    """Exactly one menu item is marked as the current page: the section's."""
    for url, item in SECTIONS.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        menu = html.split('<ul class="site-nav">')[1].split("</ul>")[0]
        assert re.findall(r'aria-current="page">([^<]+)<', menu) == [item], url


def test_menu_links_follow_the_script_prefix(rf):
    """Served under a sub-path (SCRIPT_NAME), every link of the menu carries
    it, also after the layout was rendered at the root, and back."""
    from django.template.loader import render_to_string
    from django.urls import get_script_prefix, set_script_prefix

    before = get_script_prefix()
    try:
        for prefix in ("/", "/integration/", "/"):
            set_script_prefix(prefix)
            html = render_to_string("404.html", request=rf.get("/gibt-es-nicht/"))
            menu = html.split('<ul class="site-nav">')[1].split("</ul>")[0]
            links = re.findall(r'href="([^"]*)"', menu)
            assert len(links) == 6
            assert all(link.startswith(prefix) for link in links), links
            assert f'action="{prefix}suche/"' in html
            assert ("/integration/" in html) == (prefix != "/")
    finally:
        set_script_prefix(before)
