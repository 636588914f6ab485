"""PostgreSQL full-text search: unaccent, a French configuration that ignores
accents, and a GIN index on the stored vector. Existing releases are indexed by
`manage.py rebuild_search_index` (every save keeps the index current after that).

On SQLite nothing here applies: the fallback searches the stored folded text.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
CREATE INDEX IF NOT EXISTS communiques_communique_search_gin
    ON communiques_communique USING gin (search_vector);
"""

DROP = """
DROP INDEX IF EXISTS communiques_communique_search_gin;
DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("communiques", "0006_search_index")]

    operations = [
        migrations.RunPython(create, drop),
    ]
