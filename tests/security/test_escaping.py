"""Text typed by staff is shown as text on every public page.

Several tables, lists, badges and filter menus are written as HTML by Python
instead of by templates (issue #20: an include per row cost more than the
rest of the page). Each of those writers escapes every value itself; this
test puts markup into every plain text field that such a writer shows and
asks every public page type for it: the markup must arrive escaped, never as
markup, and each page must show at least one of the fields (else the test
would pass on a page that shows none of them).
"""

from django.apps import apps

import pytest

from tests.pages import public_paths

MARKUP = '<i class="x">Markup</i>&"'
ESCAPED = "&lt;i class=&quot;x&quot;&gt;Markup&lt;/i&gt;&amp;&quot;"

# (model, plain text field) shown on public pages; Markdown fields are
# sanitised when saved and tested in tests/test_stored_html.py.
FIELDS = [
    ("concept.Organisation", "name"),
    ("concept.FieldOfAction", "title"),
    ("concept.Topic", "title"),
    ("concept.Goal", "text"),
    ("concept.Indicator", "text"),
    ("concept.Measure", "title"),
    ("inquiries.Faction", "name"),
    ("inquiries.Committee", "name"),
    ("inquiries.Inquiry", "title"),
    ("monitoring.Metric", "name"),
    ("monitoring.Metric", "unit"),
    ("monitoring.District", "name"),
    ("roundtable.Event", "title"),
    ("roundtable.Event", "venue"),
    ("roundtable.Feedback", "title"),
    ("roundtable.WorkingGroup", "name"),
]


@pytest.fixture
def marked(seed):
    """Every record of the seed with the markup after its text."""
    from django.db.models import Value
    from django.db.models.functions import Concat

    from kassel_integration import search

    for label, field in FIELDS:
        model = apps.get_model(label)
        model.objects.update(**{field: Concat(field, Value(" " + MARKUP))})
    search.rebuild()  # .update() sends no signal


def test_text_fields_arrive_escaped_on_every_public_page(client, marked):
    for path in public_paths():
        page = client.get(path).content.decode()
        assert MARKUP not in page, path
        assert '<i class="x">' not in page, path
        assert ESCAPED in page, f"{path} zeigt keines der Textfelder"
