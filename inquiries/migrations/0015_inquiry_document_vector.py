"""PostgreSQL: one stored vector per inquiry holding everything a search may
find in it, so a search matches one GIN-indexed vector per inquiry and ranks
by the small ``search_vector`` (number, title, preamble).

Before, the search joined the questions' own vectors to the inquiries and
ranked each inquiry with a subquery over its questions: for a common word
that was every inquiry, and the page took a quarter of a second.

``document_vector`` = ``search_vector`` + the questions (weight B) + the
answers (weight C) only while the inquiry is answered, so a draft answer
stays unsearchable. The inquiry's own trigger computes it; a change to its
questions (insert, update, delete, one statement at a time, bulk loads
included) recomputes it for the inquiries concerned.
"""

import django.contrib.postgres.search
from django.db import migrations

ANSWERED = "beantwortet"  # Inquiry.Status.ANSWERED

FORWARD = f"""
CREATE OR REPLACE FUNCTION inquiries_inquiry_search_update() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('pg_catalog.german', coalesce(NEW.reference_number, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.german', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.german', coalesce(NEW.preamble, '')), 'B');
  NEW.document_vector := NEW.search_vector || coalesce((
    SELECT
      setweight(to_tsvector('pg_catalog.german',
        coalesce(string_agg(q.text, ' ' ORDER BY q.position), '')), 'B') ||
      CASE WHEN NEW.status = '{ANSWERED}' THEN
        setweight(to_tsvector('pg_catalog.german',
          coalesce(string_agg(q.answer, ' ' ORDER BY q.position), '')), 'C')
      ELSE ''::tsvector END
    FROM inquiries_question q WHERE q.inquiry_id = NEW.id
  ), ''::tsvector);
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION inquiries_question_document_update() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE inquiries_inquiry SET id = id
      WHERE id IN (SELECT inquiry_id FROM new_questions);
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE inquiries_inquiry SET id = id WHERE id IN (
      SELECT inquiry_id FROM new_questions
      UNION SELECT inquiry_id FROM old_questions);
  ELSE
    UPDATE inquiries_inquiry SET id = id
      WHERE id IN (SELECT inquiry_id FROM old_questions);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER inquiries_question_document_insert AFTER INSERT ON inquiries_question
  REFERENCING NEW TABLE AS new_questions
  FOR EACH STATEMENT EXECUTE FUNCTION inquiries_question_document_update();
CREATE TRIGGER inquiries_question_document_update AFTER UPDATE ON inquiries_question
  REFERENCING OLD TABLE AS old_questions NEW TABLE AS new_questions
  FOR EACH STATEMENT EXECUTE FUNCTION inquiries_question_document_update();
CREATE TRIGGER inquiries_question_document_delete AFTER DELETE ON inquiries_question
  REFERENCING OLD TABLE AS old_questions
  FOR EACH STATEMENT EXECUTE FUNCTION inquiries_question_document_update();

UPDATE inquiries_inquiry SET id = id;
CREATE INDEX inquiries_inquiry_document_gin ON inquiries_inquiry
  USING gin (document_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS inquiries_inquiry_document_gin;
DROP TRIGGER IF EXISTS inquiries_question_document_insert ON inquiries_question;
DROP TRIGGER IF EXISTS inquiries_question_document_update ON inquiries_question;
DROP TRIGGER IF EXISTS inquiries_question_document_delete ON inquiries_question;
DROP FUNCTION IF EXISTS inquiries_question_document_update();
CREATE OR REPLACE FUNCTION inquiries_inquiry_search_update() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('pg_catalog.german', coalesce(NEW.reference_number, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.german', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.german', coalesce(NEW.preamble, '')), 'B');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""


def run_on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0014_stored_html_renderer_2")]

    operations = [
        migrations.AddField(
            model_name="inquiry",
            name="document_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
