"""German full-text search on PostgreSQL: triggers keep the vectors current on
every insert and update (fixture loads included), GIN indexes serve the
queries. On SQLite this migration does nothing; the selectors fall back to
substring search there.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION inquiries_inquiry_search_update() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('pg_catalog.german', coalesce(NEW.reference_number, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.german', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.german', coalesce(NEW.preamble, '')), 'B');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER inquiries_inquiry_search BEFORE INSERT OR UPDATE ON inquiries_inquiry
  FOR EACH ROW EXECUTE FUNCTION inquiries_inquiry_search_update();
CREATE INDEX inquiries_inquiry_search_gin ON inquiries_inquiry USING gin (search_vector);

CREATE FUNCTION inquiries_question_search_update() RETURNS trigger AS $$
BEGIN
  NEW.text_vector := setweight(to_tsvector('pg_catalog.german', coalesce(NEW.text, '')), 'B');
  NEW.answer_vector := setweight(to_tsvector('pg_catalog.german', coalesce(NEW.answer, '')), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER inquiries_question_search BEFORE INSERT OR UPDATE ON inquiries_question
  FOR EACH ROW EXECUTE FUNCTION inquiries_question_search_update();
CREATE INDEX inquiries_question_text_gin ON inquiries_question USING gin (text_vector);
CREATE INDEX inquiries_question_answer_gin ON inquiries_question USING gin (answer_vector);

UPDATE inquiries_inquiry SET id = id;
UPDATE inquiries_question SET id = id;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS inquiries_inquiry_search ON inquiries_inquiry;
DROP TRIGGER IF EXISTS inquiries_question_search ON inquiries_question;
DROP FUNCTION IF EXISTS inquiries_inquiry_search_update();
DROP FUNCTION IF EXISTS inquiries_question_search_update();
DROP INDEX IF EXISTS inquiries_inquiry_search_gin;
DROP INDEX IF EXISTS inquiries_question_text_gin;
DROP INDEX IF EXISTS inquiries_question_answer_gin;
"""


def run_on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0001_initial")]

    operations = [
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
