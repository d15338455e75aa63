"""The bokmål translation is complete: every UI text has a Norwegian string."""

import ast
import gettext
import re
from pathlib import Path

import pytest

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


# --- No doubled text ---------------------------------------------------------------------------

CATALOGUES = sorted(PO.parents[2].glob("*/LC_MESSAGES/django.po"))
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def translations(po: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs, continuation lines joined, plural forms one pair each."""
    pairs = []
    for entry in po.read_text(encoding="utf-8").split("\n\n")[1:]:
        fields: dict[str, str] = {}
        name = None
        for line in entry.splitlines():
            head = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', line)
            if head:
                name, line = head.group(1), head.group(2)
            elif not line.startswith('"'):
                name = None
                continue
            if name:
                fields[name] = fields.get(name, "") + line[1:-1]
        pairs += [(fields.get("msgid", ""), v) for k, v in fields.items() if k.startswith("msgstr")]
    return pairs


def doubled(text: str) -> str:
    """The first sentence ``text`` holds twice, or ``""``."""
    seen = set()
    for sentence in SENTENCE_END.split(" ".join(text.split())):
        if len(sentence) > 12 and sentence in seen:
            return sentence
        seen.add(sentence)
    half = len(text) // 2
    return text[:half] if len(text) > 24 and text[:half] == text[half:] else ""


def test_doubled_detects_a_repeated_sentence():
    """The check itself: a sentence written twice (the footer bug) is found."""
    footer = "Helsedocs: norske helsepolitiske dokumenter, søkbare og sporbare til kildelinjene."
    assert doubled(footer + footer) == footer
    assert doubled(footer + " " + footer) == footer
    assert doubled(footer) == ""


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-3])
def test_no_translation_holds_a_sentence_twice(po):
    """A msgstr written on one line and again on continuation lines shows its text twice."""
    assert [(msgid, msgstr) for msgid, msgstr in translations(po) if doubled(msgstr)] == []


# --- Every user-facing string is marked -----------------------------------------------------

ROOT = PO.parents[3]
TEMPLATES = sorted(
    path
    for path in (ROOT / "templates").rglob("*.html")
    if "indexes" not in path.parts  # search index documents, never shown
)
NOT_WORDS = {"Helsedocs", "CSV", "JSON", "PDF", "SVG", "SHA"}  # names, the same in every language
TEMPLATE_CODE = re.compile(
    r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}"
    r"|\{%\s*blocktranslate\b.*?\{%\s*endblocktranslate\s*%\}"
    r"|\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}"
    r"|<(script|style)\b.*?</\1>",
    re.S,
)
SHOWN_ATTRIBUTES = re.compile(
    r'\b(?:alt|title|placeholder|aria-label|aria-roledescription|data-label)="([^"]*)"', re.S
)


def unmarked_text(template: str) -> list[str]:
    """Words a template shows without {% translate %} or {% blocktranslate %}."""
    text = TEMPLATE_CODE.sub(" ", template)
    shown = SHOWN_ATTRIBUTES.findall(text) + re.split(r"<[^>]*>", text)
    words = (re.findall(r"[^\W\d_]{2,}", piece) for piece in shown)
    return sorted({word for found in words for word in found} - NOT_WORDS)


def test_unmarked_text_finds_plain_words():
    """The check itself: text and shown attributes outside translate tags are found."""
    assert unmarked_text('<p title="Kilde">{% translate "Source" %} Tags</p>') == ["Kilde", "Tags"]
    assert unmarked_text("{% blocktranslate %}lines {{ a }}{% endblocktranslate %}") == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_text_is_marked_for_translation(template):
    """Every word a page shows comes from the catalogue (or is data)."""
    assert unmarked_text(template.read_text(encoding="utf-8")) == []


PYTHON_MODULES = [
    path
    for path in sorted((ROOT / "documents").glob("**/*.py"))
    if "migrations" not in path.parts and path.name != "relevance.py"  # a developer's report
]
SHOWN_KEYWORDS = {
    "verbose_name",
    "verbose_name_plural",
    "help_text",
    "label",
    "description",
    "empty_label",
}
RELATIONS = {"ManyToManyField", "OneToOneField"}  # their first argument is the model
SHOWN_CALLS = {"Http404", "HttpResponseBadRequest", "ValidationError", "message_user"}


def is_plain_text(node: ast.AST) -> bool:
    """A string literal (or the literal parts of an f-string) holding a word."""
    parts = node.values if isinstance(node, ast.JoinedStr) else [node]
    return any(
        isinstance(part, ast.Constant)
        and isinstance(part.value, str)
        and re.search(r"[^\W\d_]{2}", part.value) is not None
        for part in parts
    )


def unmarked_python(source: str) -> list[str]:
    """String literals Python hands the user without a gettext call around them."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        values = [kw.value for kw in node.keywords if kw.arg in SHOWN_KEYWORDS]
        if name in SHOWN_CALLS:
            values += node.args
        if name.endswith("Field") and name not in RELATIONS and node.args:
            values.append(node.args[0])  # a model field's verbose name
        found += [ast.unparse(value) for value in values if is_plain_text(value)]
    return found


def test_unmarked_python_finds_plain_strings():
    """The check itself: a bare label or message is found, a gettext call is not."""
    source = 'f(label="Tags"); Http404(_("Not here")); models.CharField("title")'
    assert unmarked_python(source) == ["'Tags'", "'title'"]


@pytest.mark.parametrize("module", PYTHON_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_text_is_marked_for_translation(module):
    """Labels, help texts and messages in Python go through gettext."""
    assert unmarked_python(module.read_text(encoding="utf-8")) == []
