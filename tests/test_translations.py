"""The bokmål translation is complete: every UI text has a Norwegian string."""

import gettext
import re
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def entries() -> list[str]:
    return PO.read_text(encoding="utf-8").split("\n\n")[1:]  # after the header


def test_no_untranslated_or_fuzzy_entries():
    missing = [
        entry
        for entry in entries()
        if re.search(r'^msgstr(\[\d\])? ""\s*\Z', entry, re.M) or "#, fuzzy" in entry
    ]
    assert missing == []


def test_compiled_catalogue_holds_every_entry():
    """django.mo is compiled from the current django.po (run compilemessages after editing)."""
    with PO.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    msgids = set()
    for entry in entries():
        match = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        if match:
            msgids.add("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))))
    compiled = {key[0] if isinstance(key, tuple) else key for key in catalogue}
    unescaped = {
        msgid.encode().decode("unicode_escape").encode("latin-1").decode() for msgid in msgids
    }
    assert unescaped - {""} <= compiled
