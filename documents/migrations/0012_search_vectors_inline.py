"""Keep the search vectors in the index table's own rows (PostgreSQL).

A search reads the vector of every entry that matches, to test and rank it. PostgreSQL
moves large values out of a row (TOAST), and a vector was the largest value of its
entry, so a common word's search fetched most vectors from the TOAST table one by one.
Stored MAIN, the vectors stay in the rows and the display columns (body, titles) leave
them first: on a 10x corpus, matching "helse" took 31-35 ms instead of 69-81.

VACUUM FULL writes the entries already there anew, stored the same way; it cannot run
inside a transaction, so this migration is not atomic. It locks the table while it
runs (about 3 s for 36,000 entries).
"""

from django.db import migrations

TABLE = "documents_indexentry"


def store_vectors_inline(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # on SQLite the table stays empty (Whoosh searches)
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN vector SET STORAGE MAIN")
    schema_editor.execute(f"VACUUM FULL {TABLE}")


def store_vectors_as_before(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN vector SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    atomic = False  # VACUUM runs outside a transaction

    dependencies = [
        ("documents", "0011_search_vocabulary"),
    ]

    operations = [migrations.RunPython(store_vectors_inline, store_vectors_as_before)]
