"""Tell PostgreSQL's planner that matching a tsvector is not cheap.

ts_match_vq() (the @@ operator) is declared with cost 1, so the planner happily
filters tens of thousands of rows with it along the date index instead of asking
the GIN index. Each match detoasts a release's vector: it is costly. With a
realistic cost, mid-frequency searches use the GIN index (measured: « signature
POCE » on 100 000 releases from ~280 ms to ~110 ms p95).

Changing a built-in function needs the database owner to be a superuser; where
it is not, the migration says so and search still works, only slower.
"""

from django.db import migrations

MATCH_COST = 100


def raise_cost(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            print(
                "\n  Note : coût de ts_match_vq inchangé (il faut un superutilisateur) ; "
                "la recherche reste correcte, un peu plus lente."
            )
            return
        cursor.execute(f"ALTER FUNCTION ts_match_vq(tsvector, tsquery) COST {MATCH_COST}")


def restore_cost(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("ALTER FUNCTION ts_match_vq(tsvector, tsquery) COST 1")


class Migration(migrations.Migration):
    dependencies = [("communiques", "0010_withdrawn_has_date")]

    operations = [migrations.RunPython(raise_cost, restore_cost)]
