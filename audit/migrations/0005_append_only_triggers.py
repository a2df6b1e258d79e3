"""The database itself refuses to edit or delete a record of changes, of
reading or a security event, whatever code (or a raw SQL session) asks.

Two things still pass: deleting an account sets the record's link to it to
NULL (the record stays, with no actor), and the retention job, which sets
``sendit.retention`` to 'on' for its own transaction, removes rows past the
school's period. PostgreSQL only (the app runs on it; SQLite is not used)."""

from django.db import migrations

TABLES = ["audit_changerecord", "audit_recordread", "audit_securityevent"]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
DECLARE
    links text[] := ARRAY['actor_id', 'target_user_id', 'user_id'];
    link text;
    old_row jsonb;
    new_row jsonb;
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('sendit.retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        old_row := to_jsonb(OLD);
        new_row := to_jsonb(NEW);
        IF (new_row - links) = (old_row - links) THEN
            FOREACH link IN ARRAY links LOOP
                IF new_row ? link AND new_row->link <> 'null'::jsonb
                   AND new_row->link IS DISTINCT FROM old_row->link THEN
                    RAISE EXCEPTION '% is append-only: UPDATE refused', TG_TABLE_NAME;
                END IF;
            END LOOP;
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(PG_FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS audit_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_security_event")]

    operations = [migrations.RunPython(forwards, backwards)]
