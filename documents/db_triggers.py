"""Database rules no CheckConstraint can express: a section's parent is in its document.

Installed after every ``migrate`` (post_migrate), idempotently, rather than in a
migration: SQLite rebuilds a table for most schema changes and drops its triggers with
it, so a trigger created once in a migration would silently vanish at the next
AlterField.
"""

from django.db import connection

SQLITE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS documents_section_parent_same_document_{event.lower()}
    BEFORE {event} ON documents_section
    WHEN NEW.parent_id IS NOT NULL
     AND (SELECT document_id FROM documents_section WHERE id = NEW.parent_id) != NEW.document_id
    BEGIN
        SELECT RAISE(ABORT, 'CHECK constraint failed: section parent belongs to another document');
    END;
    """
    for event in ("INSERT", "UPDATE")
]

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION documents_section_parent_same_document() RETURNS trigger AS $$
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
    "DROP TRIGGER IF EXISTS documents_section_parent_same_document ON documents_section;",
    """
    CREATE TRIGGER documents_section_parent_same_document
    BEFORE INSERT OR UPDATE OF parent_id, document_id ON documents_section
    FOR EACH ROW EXECUTE FUNCTION documents_section_parent_same_document();
    """,
]


def ensure_triggers(sender=None, using="default", **kwargs) -> None:
    """Create (or re-create) the triggers on the migrated database."""
    from django.db import connections

    db = connections[using] if using else connection
    if "documents_section" not in db.introspection.table_names():
        return
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(db.vendor, [])
    with db.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
