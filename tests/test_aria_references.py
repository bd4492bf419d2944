"""Every ``aria-describedby`` on the public filter forms names an element
of the page: a screen reader reads the hint or the error of a field only if
the id it points to exists (Django's widgets point to ``<id>_helptext`` and,
when the field has an error, ``<id>_error``)."""

import re

import pytest

PAGES = [
    "/konzept/ziele/",
    "/konzept/ziele/?teilbereich=x&jahr=abc",
    "/anfragen/",
    "/anfragen/?jahr=x&fraktion=zz",
    "/runder-tisch/empfehlungen/",
    "/runder-tisch/empfehlungen/?jahr=x",
]


@pytest.mark.parametrize("path", PAGES)
def test_described_by_points_to_an_element_of_the_page(client, seed, path):
    page = client.get(path).content.decode()
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    references = [
        name
        for value in re.findall(r'aria-describedby="([^"]+)"', page)
        for name in value.split()
    ]
    assert [name for name in references if name not in ids] == []


def test_an_ignored_filter_value_is_named_at_its_field(client, seed):
    page = client.get("/anfragen/?jahr=x").content.decode()
    assert 'aria-describedby="id_jahr_error"' in page
    assert re.search(r'<li id="id_jahr_error">Jahr: [^<]*x ist keine', page)
