"""IS-12 full-text database: a weighted tsvector kept by a trigger, with a GIN index.

PostgreSQL only; on SQLite (the embedded default) it does nothing and the OPAC falls
back to icontains. 'simple' configuration: the catalogue is Kazakh and Russian, and
PostgreSQL has no Kazakh stemmer, so words are matched as written (by prefix).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION library_record_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(NEW.authors, '') || ' ' || coalesce(NEW.subjects, '')
              || ' ' || coalesce(NEW.host_title, '')), 'B') ||
    setweight(to_tsvector('simple', coalesce(NEW.abstract, '')), 'C') ||
    setweight(to_tsvector('simple', coalesce(NEW.full_text, '')), 'D');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER library_record_search_vector_update
  BEFORE INSERT OR UPDATE OF title, authors, subjects, host_title, abstract, full_text
  ON library_record FOR EACH ROW EXECUTE FUNCTION library_record_search_vector();
CREATE INDEX library_record_search_gin ON library_record USING GIN (search_vector);
UPDATE library_record SET title = title;
"""

BACKWARD = """
DROP INDEX IF EXISTS library_record_search_gin;
DROP TRIGGER IF EXISTS library_record_search_vector_update ON library_record;
DROP FUNCTION IF EXISTS library_record_search_vector();
"""


def _run(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
