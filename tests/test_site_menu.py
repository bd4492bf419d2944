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
