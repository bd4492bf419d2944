"""PostgreSQL: a small ranking vector beside the matching one.

A common word matches most entries, and ranking each by its whole text made
the search slow (``ts_rank`` reads every match's full vector, most of them
stored out of line). The entry is now ranked by its title and the beginning
of its text, which is where a record says what it is about; it is still
found by every word of its text. SQLite needs neither vector.
"""

import django.contrib.postgres.search
from django.db import migrations

# Characters of the text that count for the rank (about 70 words).
LEAD = 500

FORWARD = f"""
CREATE OR REPLACE FUNCTION kassel_searchentry_update() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('pg_catalog.german', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.german', coalesce(NEW.body, '')), 'B');
  NEW.rank_vector :=
    setweight(to_tsvector('pg_catalog.german', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.german', left(coalesce(NEW.body, ''), {LEAD})), 'B');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
UPDATE kassel_integration_searchentry SET id = id;
"""
BACKWARD = """
CREATE OR REPLACE FUNCTION kassel_searchentry_update() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('pg_catalog.german', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.german', coalesce(NEW.body, '')), 'B');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""


def run_on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("kassel_integration", "0002_search_entry")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
