"""A starting set of synonyms: renamed bodies, abbreviations and their long forms.

Curators edit the table in the admin afterwards; this migration only adds missing terms.
"""

from django.db import migrations

STARTING_SET = [
    ("Fylkesmannen", "Statsforvalteren", "renamed in 2019"),
    ("fylkesmennene", "statsforvalterne", "renamed in 2019"),
    ("Statens legemiddelverk", "Direktoratet for medisinske produkter, DMP, legemiddelverket", "renamed in 2024"),
    ("Hdir", "Helsedirektoratet", "abbreviation"),
    ("HOD", "Helse- og omsorgsdepartementet", "abbreviation"),
    ("RHF", "regionale helseforetak, regionalt helseforetak", "abbreviation"),
    ("ISF", "innsatsstyrt finansiering", "abbreviation"),
    ("BPA", "brukerstyrt personlig assistanse", "abbreviation"),
    ("KI", "kunstig intelligens", "abbreviation"),
    ("TSB", "tverrfaglig spesialisert rusbehandling", "abbreviation"),
    ("LIS1", "leger i spesialisering del 1", "abbreviation"),
    ("Direktoratet for e-helse", "e-helse, ehelse", "merged into Helsedirektoratet in 2024"),
    ("HELFO", "Helfo", "spelling"),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("documents", "Synonym")
    for term, synonyms, note in STARTING_SET:
        Synonym.objects.get_or_create(term=term, defaults={"synonyms": synonyms, "note": note})


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_longer_titles")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
