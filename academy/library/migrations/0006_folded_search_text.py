"""IS-12 full-text database, issue 17: folded text, stemming by the record's language.

The index is built from `search_text` (textsearch.search_document: folded title | names,
subjects, host, abstract | full text | Kazakh stems), so Kazakh letters, their Russian
look-alikes and Latin diacritics match alike. PostgreSQL stems each record with its
language's snowball configuration ('russian' – which stems Latin words as English –,
'english'; 'simple' otherwise, the Kazakh stems being in the fourth part). SQLite looks
in `search_text` itself. pg_trgm is for "did you mean".
"""

from django.db import migrations, models

FORWARD = r"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE OR REPLACE FUNCTION library_record_search_vector() RETURNS trigger AS $$
DECLARE
  cfg regconfig := CASE NEW.language WHEN 'ru' THEN 'russian'::regconfig
                                     WHEN 'en' THEN 'english'::regconfig
                                     ELSE 'simple'::regconfig END;
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector(cfg, split_part(NEW.search_text, E'\x1f', 1)), 'A') ||
    setweight(to_tsvector(cfg, split_part(NEW.search_text, E'\x1f', 2)), 'B') ||
    setweight(to_tsvector(cfg, split_part(NEW.search_text, E'\x1f', 3)), 'D') ||
    setweight(to_tsvector('simple', split_part(NEW.search_text, E'\x1f', 4)), 'B');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS library_record_search_vector_update ON library_record;
CREATE TRIGGER library_record_search_vector_update
  BEFORE INSERT OR UPDATE OF search_text, language
  ON library_record FOR EACH ROW EXECUTE FUNCTION library_record_search_vector();
"""

BACKWARD = r"""
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
DROP TRIGGER IF EXISTS library_record_search_vector_update ON library_record;
CREATE TRIGGER library_record_search_vector_update
  BEFORE INSERT OR UPDATE OF title, authors, subjects, host_title, abstract, full_text
  ON library_record FOR EACH ROW EXECUTE FUNCTION library_record_search_vector();
UPDATE library_record SET title = title;
"""


WORDS = r"""
CREATE MATERIALIZED VIEW library_word AS
  SELECT word, ndoc FROM ts_stat($$
    SELECT to_tsvector('simple', split_part(search_text, E'\x1f', 1) || ' ' ||
                                 split_part(search_text, E'\x1f', 2))
    FROM {schema}.library_record$$)
  WHERE length(word) > 3;
CREATE UNIQUE INDEX library_word_word ON library_word (word);
CREATE INDEX library_word_trgm ON library_word USING GIN (word gin_trgm_ops);
"""

WORDS_BACKWARD = "DROP MATERIALIZED VIEW IF EXISTS library_word;"


def _create_words(apps, schema_editor):
    # The view's query is a string that pg_restore runs with an empty search_path (REFRESH
    # during a restore): the table must be named with its schema, found here, not assumed.
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT quote_ident(current_schema())")
        schema = cursor.fetchone()[0]
    schema_editor.execute(WORDS.replace("{schema}", schema))


def _run(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


def fill(apps, schema_editor):
    from academy.library.textsearch import search_document

    Record = apps.get_model("library", "Record")
    for record in Record.objects.order_by("pk").iterator(chunk_size=500):
        record.search_text = search_document(record)
        record.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("library", "0005_marc_record_for_every_record")]

    operations = [
        migrations.AddField(
            model_name="record",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(_create_words, _run(WORDS_BACKWARD)),
    ]
