"""A section's parent must belong to the same document.

No CheckConstraint can look at another row, so a trigger guards it on both databases.
"""

from django.db import migrations

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER documents_section_parent_same_document_{event.lower()}
    BEFORE {event} ON documents_section
    WHEN NEW.parent_id IS NOT NULL
     AND (SELECT document_id FROM documents_section WHERE id = NEW.parent_id) != NEW.document_id
    BEGIN
        SELECT RAISE(ABORT, 'CHECK constraint failed: section parent belongs to another document');
    END;
    """
    for event in ("INSERT", "UPDATE")
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS documents_section_parent_same_document_{event};"
    for event in ("insert", "update")
]

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION documents_section_parent_same_document() RETURNS trigger AS $$
    BEGIN
        IF NEW.parent_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM documents_section
            WHERE id = NEW.parent_id AND document_id = NEW.document_id
        ) THEN
            RAISE EXCEPTION 'section parent belongs to another document'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER documents_section_parent_same_document
    BEFORE INSERT OR UPDATE OF parent_id, document_id ON documents_section
    FOR EACH ROW EXECUTE FUNCTION documents_section_parent_same_document();
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS documents_section_parent_same_document ON documents_section;",
    "DROP FUNCTION IF EXISTS documents_section_parent_same_document();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
