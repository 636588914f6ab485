"""On PostgreSQL, the database itself refuses overlapping mandates for one role.

SQLite has no exclusion constraints; there Mandate.clean() is the guard.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE partners_mandate ADD CONSTRAINT partners_mandate_no_overlap
EXCLUDE USING gist (
    person_id WITH =,
    organisation_id WITH =,
    title WITH =,
    daterange(start_date, end_date, '[]') WITH &&
);
"""

DROP = "ALTER TABLE partners_mandate DROP CONSTRAINT IF EXISTS partners_mandate_no_overlap;"


def create_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(create_constraint, drop_constraint)]
