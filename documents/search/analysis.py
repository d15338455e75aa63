"""Norwegian text analysis for search: pure Python, no Whoosh.

The corpus is bokmål with nynorsk news items mixed in, full of compounds, and PDF text with
thousands separators written as spaces. Analysis runs in small named steps, shared by index
and query time so both sides always agree:

1. ``word_tokens``: split into words with character offsets; NBSP counts as a space,
   ``2 000`` is one number, everything is lower-cased, single letters go (two-letter tokens
   such as ``ki`` and ``eu`` stay), and ``helse- og omsorgstjenesten`` becomes
   ``helsetjenesten omsorgstjenesten``.
2. ``nynorsk_to_bokmal``: nynorsk words and roots become bokmål, inside compounds too
   (``tilskotsordning`` -> ``tilskuddsordning``), because few nynorsk/bokmål pairs share a stem.
3. ``STOP_WORDS`` drop the commonest function words (``ikke`` stays: it carries meaning).
4. ``stem``: Snowball Norwegian, with head nouns that Snowball over- or under-stems
   protected (``fastlegane`` -> ``fastlege``, never ``fast``; ``sykehjemmet`` -> ``sykehjem``).
5. ``compound_terms``: a word split into parts known from the corpus lexicon
   (``beredskapsfinansiering`` -> ``beredskap`` + ``finansiering``); the decompounded field
   indexes every run of neighbouring parts.

``norwegian_terms`` (main field) and ``compound_parts`` (decompounded field) run the whole
chain.

The lexicon has two sources. ``lexicon.txt``, generated from the seeds with ``python -m
documents.search.analysis --write-lexicon``, is the base a fresh install analyses with.
The database adds the words of what has been ingested (``documents.search.vocabulary``),
so a new document's compounds split like the seeds'. Which lexicon is in use is chosen per
thread (``use_lexicon``): an import's transaction analyses with the lexicon it is about to
commit while a search beside it in another thread keeps the committed one. The caches of
the steps that read the lexicon are keyed by its ``key``.
"""

from __future__ import annotations

import re
import sys
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

LEXICON_PATH = Path(__file__).with_name("lexicon.txt")
SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"

# Longer "words" are glued PDF text, URLs or identifiers, never useful search terms.
MAX_WORD_LENGTH = 40

# --------------------------------------------------------------------------------------
# 1. Tokens
# --------------------------------------------------------------------------------------

# Thousands separators in the seeds are a space, NBSP or narrow NBSP, mixed within one
# number (003: '2\xa0730 293'); the look-arounds keep a year next to an amount apart.
_GROUPED_NUMBER = r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\w])"
# Decimal commas and dotted numbers (5,4; 1.1.2017; the account code 65.00.07) stay whole.
_DOTTED_NUMBER = r"\d+(?:[.,]\d+)+"
_WORD = r"[^\W_]+"
_TOKEN_RE = re.compile(f"{_GROUPED_NUMBER}|{_DOTTED_NUMBER}|{_WORD}")
_NUMBER_SPACE_RE = re.compile(r"[ \u00a0\u202f]")

# "helse- og omsorgstjenesten", "helse-, omsorgs- og sosialtjenester", "psykisk helse– og
# rusarbeid": conjuncts cut after a hyphen or en dash share the last word's head.
_COORDINATION_RE = re.compile(
    r"((?:[^\W\d_]+[-–](?:[ \t\u00a0]*,[ \t\u00a0]*|\s+))+)(og|eller|samt)\s+([^\W\d_]+)",
    re.IGNORECASE,
)
# What every coordination holds: a letter, a hyphen or dash, then a space or comma (a
# dash between spaces does not count). The full pattern is tried only where one is.
_HANGING_HYPHEN_RE = re.compile(r"[^\W\d_][-–](?:\s|[ \t\u00a0]*,)")
_LETTER_RE = re.compile(r"[^\W\d_]")
# The word right before a cut: "e-helse- og" cuts "helse", and "e" stays a word of its own.
_CUT_CONJUNCT_RE = re.compile(r"[^\W\d_]+(?=[-–](?:[ \t\u00a0]*,|\s))")


@dataclass(slots=True)
class WordToken:
    """A normalised word and where it stands in the source text (``text[start:end]``)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Coordination:
    """One ``X- og Y<head>`` span and the words it stands for."""

    start: int
    end: int
    #: (start, end, expanded word) for each cut conjunct; the last conjunct stays as written.
    conjuncts: tuple[tuple[int, int, str], ...]
    connector: tuple[int, int]


def normalise_number(token: str) -> str:
    """``2\\xa0730 293`` -> ``2730293``; decimal commas and dots are kept."""
    return _NUMBER_SPACE_RE.sub("", token)


_GROUPED_NUMBER_RE = re.compile(_GROUPED_NUMBER)


def join_number_groups(text: str) -> str:
    """Write grouped numbers without separators (``2 000`` -> ``2000``), for query strings
    that a query parser would otherwise split into ``2`` and ``000``."""
    return _GROUPED_NUMBER_RE.sub(lambda match: normalise_number(match.group()), text)


def find_coordinations(text: str) -> list[Coordination]:
    """Find ``X- og Y<head>`` spans whose last word splits into a modifier and a head.

    A coordination whose last word is not a known compound stays as written: guessing a
    head would invent words.
    """
    found = []
    for match in _coordination_matches(text):
        last = match.group(3)
        head = compound_head(normalise_word(last))
        if head is None:
            continue
        base = match.start(1)
        conjuncts = tuple(
            (base + cut.start(), base + cut.end(), normalise_word(cut.group()) + head)
            for cut in _CUT_CONJUNCT_RE.finditer(match.group(1))
        )
        found.append(Coordination(match.start(), match.end(), conjuncts, match.span(2)))
    return found


def _coordination_matches(text: str) -> Iterator[re.Match]:
    """``_COORDINATION_RE.finditer(text)``, tried only where a hanging hyphen is.

    Every match starts at the run of letters before its first hanging hyphen, and the
    pattern tried at every other letter of a long text cost more than all the rest of
    its analysis.
    """
    end = 0
    for hyphen in _HANGING_HYPHEN_RE.finditer(text):
        if hyphen.start() < end:
            continue  # a conjunct of the coordination just found
        start = hyphen.start()
        while start > end and _LETTER_RE.match(text, start - 1):
            start -= 1
        match = _COORDINATION_RE.match(text, start)
        if match:
            end = match.end()
            yield match


def expand_coordinations(text: str) -> str:
    """Rewrite ``helse- og omsorgstjenesten`` as ``helsetjenesten omsorgstjenesten``.

    For query strings, where the query parser splits on spaces before any analyzer runs.
    """
    pieces, last = [], 0
    for coordination in find_coordinations(text):
        words = [word for _, _, word in coordination.conjuncts]
        last_word_start = coordination.connector[1]
        pieces += [text[last : coordination.start], " ".join(words), " "]
        pieces.append(text[last_word_start : coordination.end].strip())
        last = coordination.end
    pieces.append(text[last:])
    return "".join(pieces)


def raw_tokens(text: str) -> Iterator[WordToken]:
    """Lower-cased words and numbers with offsets; no nynorsk mapping, nothing dropped."""
    for match in _TOKEN_RE.finditer(text):
        token = match.group()
        if token[0].isdigit() and not token.isalnum():
            token = normalise_number(token)
        if len(token) <= MAX_WORD_LENGTH:
            yield WordToken(token.lower(), match.start(), match.end())


@lru_cache(maxsize=200_000)
def _normalised_token(token: str) -> str | None:
    """A token as written, as ``word_tokens`` sees it (None: too long to be a word).

    Cached: a text's words repeat, and snippets analyse the same hits for every search.
    """
    if token[0].isdigit() and not token.isalnum():
        token = normalise_number(token)
    return normalise_word(token) if len(token) <= MAX_WORD_LENGTH else None


def word_tokens(text: str) -> list[WordToken]:
    """Normalised words of ``text`` in order, coordinations expanded, stop words kept.

    Single letters go (``e`` of ``e-helse``, the ``a`` of ``bl.a.``); digits stay.
    """
    replaced, dropped = _coordination_words(text)
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        start = match.start()
        word = _normalised_token(match.group())
        if word is None or start in dropped:
            continue
        word = replaced.get(start, word)
        if len(word) > 1 or word.isdigit():
            tokens.append(WordToken(word, start, match.end()))
    return tokens


def _coordination_words(text: str) -> tuple[dict[int, str], set[int]]:
    """What coordinations make of a text's words: the expanded word of each cut conjunct
    by where it starts, and where their connectors ("og") start, which are dropped."""
    coordinations = find_coordinations(text)
    replaced = {start: word for c in coordinations for start, _, word in c.conjuncts}
    return replaced, {c.connector[0] for c in coordinations}


# --------------------------------------------------------------------------------------
# 2. Nynorsk -> bokmål
# --------------------------------------------------------------------------------------


def _pairs(text: str) -> dict[str, str]:
    """``"a=b c=d"`` -> ``{"a": "b", "c": "d"}``: long word tables stay readable."""
    return dict(pair.split("=") for pair in text.split())


# Whole words: function words and irregular forms (from the nynorsk items of seed 000).
NYNORSK_WORDS: dict[str, str] = _pairs(
    """
    ikkje=ikke eit=et ein=en ei=en frå=fra korleis=hvordan kva=hva kvar=hver kvart=hvert
    kvifor=hvorfor kor=hvor kven=hvem dei=de deira=deres desse=disse berre=bare heile=hele
    heilt=helt fleire=flere meir=mer mykje=mye no=nå sjølv=selv sjølve=selve utan=uten
    utanfor=utenfor òg=også nokon=noen noko=noe nokre=noen vere=være vore=vært vorte=blitt
    vart=ble vert=blir verte=bli blei=ble gjer=gjør gjere=gjøre seier=sier meiner=mener
    treng=trenger kjem=kommer kome=komme komen=kommet fekk=fikk gjekk=gikk stod=sto høg=høy
    høgt=høyt høge=høye høgare=høyere høgast=høyest høgaste=høyeste låge=lave betre=bedre
    tal=tall talet=tallet tala=tallene born=barn borna=barna heim=hjem heimen=hjemmet namn=navn
    namnet=navnet noreg=norge noregs=norges auke=økning auken=økningen auking=økning auka=økte
    aukar=øker samanlikna=sammenlignet samanlikning=sammenligning saman=sammen
    samstundes=samtidig medan=mens sidan=siden innan=innen framleis=fremdeles fram=frem
    framfor=fremfor dagar=dager dagane=dagene veke=uke veker=uker åra=årene anna=annet
    annan=annen eigen=egen eige=eget eigne=egne vaksne=voksne vaksen=voksen gutar=gutter
    tydeleg=tydelig tidleg=tidlig tidlegare=tidligere dagleg=daglig særleg=særlig mogleg=mulig
    mogeleg=mulig alvorleg=alvorlig betydeleg=betydelig jamleg=jevnlig fagleg=faglig
    faglege=faglige tverrfagleg=tverrfaglig vanleg=vanlig offentleg=offentlig gong=gang
    fyrste=første sjeldan=sjelden oftare=oftere raskare=raskere lettare=lettere tilbod=tilbud
    tilbodet=tilbudet tilboda=tilbudene oppgåve=oppgave oppgåver=oppgaver
    merksemd=oppmerksomhet merksemda=oppmerksomheten verknad=virkning verknaden=virkningen
    ifølgje=ifølge følgje=følge leggje=legge liggje=ligge velje=velge vedteke=vedtatt
    deltek=deltar gjeld=gjelder halde=holde held=holder tilsett=ansatt tilsette=ansatte
    grøn=grønn døger=døgn ulukke=ulykke
    """
)

# Roots replaced wherever they stand, so compounds follow (helsetenesta, tilskotsordning,
# sjukehuspasientar). Each root was checked against the bokmål seeds 001-004: none occurs
# inside a bokmål word. "heim" alone would hit Trondheim and Alzheimer, so only "heime-"
# at the start of a word and "sjukeheim" are roots.
_NYNORSK_ROOTS: tuple[tuple[str, str], ...] = (
    (r"sjukeheim", "sykehjem"),
    (r"sjukepleiar", "sykepleier"),
    (r"sjuk", "syk"),
    (r"^heime", "hjemme"),
    (r"tenest", "tjenest"),
    (r"tilskot", "tilskudd"),
    (r"rettleiar", "veileder"),
    (r"rettleiing", "veiledning"),
    (r"rettleie", "veilede"),
    (r"retningslin(?!j)", "retningslinj"),
    (r"føretak", "foretak"),
    (r"førebyggj", "forebygg"),
    (r"førebygg", "forebygg"),
    (r"forsking", "forskning"),
    (r"utgreiing", "utredning"),
    (r"tryggleik", "trygghet"),
    (r"verksemd", "virksomhet"),
    (r"oppmerksemd", "oppmerksomhet"),
    (r"kosthald", "kosthold"),
    (r"opphald", "opphold"),
    (r"overvaking", "overvåking"),
    (r"forbetring", "forbedring"),
    (r"brukar", "bruker"),
    (r"søkar", "søker"),
    (r"innbyggar", "innbygger"),
    (r"arbeidar", "arbeider"),
    (r"hjelpar", "hjelper"),
    (r"mottakar", "mottaker"),
    (r"målar", "måler"),
    (r"gjevar", "giver"),
    (r"pleiar", "pleier"),
    (r"leiar", "leder"),
    (r"leiing", "ledelse"),
    (r"skule", "skole"),
    (r"bustad", "bolig"),
    (r"ulukk", "ulykk"),
    (r"vidare", "videre"),
    (r"heit", "het"),
    (r"styresmakt", "myndighet"),
    (r"utskriving", "utskrivning"),
    (r"forvaltar", "forvalter"),
)
_NYNORSK_ROOT_RE = re.compile("|".join(f"({pattern})" for pattern, _ in _NYNORSK_ROOTS))
_NYNORSK_ROOT_REPLACEMENTS = tuple(replacement for _, replacement in _NYNORSK_ROOTS)


def _replace_root(match: re.Match[str]) -> str:
    return _NYNORSK_ROOT_REPLACEMENTS[match.lastindex - 1]


@lru_cache(maxsize=200_000)
def nynorsk_to_bokmal(word: str) -> str:
    """Map a lower-case nynorsk word (or a compound holding a nynorsk root) to bokmål.

    Bokmål words come back unchanged, so the mapping can run on any word, twice.
    """
    mapped = NYNORSK_WORDS.get(word)
    if mapped is not None:
        return mapped
    return _NYNORSK_ROOT_RE.sub(_replace_root, word)


# Misspellings in the sources, corrected wherever they stand (helsefelleskapene, 002-004),
# so the misspelt text is found by the right word and the other way round.
_MISSPELLINGS: tuple[tuple[str, str], ...] = (
    (r"felleskap(?!it)", "fellesskap"),  # felleskapitler is felles + kapitler
    (r"hesledirektorat", "helsedirektorat"),
    (r"fastlegger", "fastleger"),
)
_MISSPELLING_RE = re.compile("|".join(f"({pattern})" for pattern, _ in _MISSPELLINGS))


def fix_misspelling(word: str) -> str:
    """``helsefelleskapene`` -> ``helsefellesskapene``; correct words come back unchanged."""
    return _MISSPELLING_RE.sub(lambda match: _MISSPELLINGS[match.lastindex - 1][1], word)


@lru_cache(maxsize=200_000)
def normalise_word(word: str) -> str:
    """Lower-case, map nynorsk to bokmål, fix known misspellings: the surface form every
    later step sees."""
    return fix_misspelling(nynorsk_to_bokmal(word.lower()))


# --------------------------------------------------------------------------------------
# 3. Stop words
# --------------------------------------------------------------------------------------


def _word_set(text: str) -> frozenset[str]:
    """Whitespace-separated words: long word lists stay readable."""
    return frozenset(text.split())


# Bokmål function words (nynorsk ones are mapped first). Kept out: "ikke" (oppdrag "ikke
# startet"), numbers and short content words such as "ki", "eu" and "lov".
STOP_WORDS = _word_set(
    """
    og i på til av for med som det den de en et er var har hadde å at om fra ved kan skal
    vil blir ble bli være vært seg sin sitt sine også eller men så denne dette disse der
    her hva hvor hvordan når nå mot inn ut opp ned man vi jeg du han hun dem deres hans
    hennes oss vår våre vårt hvis enn bare både hver hvert noe noen mer selv slik samt jf
    bl mv dvs ca etc mm m nr kr ha hatt får fikk gjør gjøre gjort sier sa ble blitt ingen
    ikkje eit ein frå dei
    """
)


# --------------------------------------------------------------------------------------
# 4. Lexicon (generated from the corpus)
# --------------------------------------------------------------------------------------

# Prefixes, prepositions and common adjectives that look like words but make bad compound
# parts: "for"+"slag", "sam"+"handling", "under"+"visning", "over"+"føring"; abbreviations
# such as "kap" (kap. 732) are frequent tokens but no parts.
NON_PARTS = _word_set(
    """
    sam mis van fore gjen fram frem bort over under etter mellom gjennom uten utenfor innen
    samt dels selv egen eget egne alle ny nye nytt god gode godt stor store stort all alt
    andre annen annet hel hele helt kap pst mill mrd ref nok fig tab jfr osv red
    """
)
# Endings that are lexicon words but never heads: "bered"+"skap", "syk"+"dom", "for"+"ing".
NON_HEADS = _word_set(
    """
    skap skapet dom het heten else ing ning lig lige ende ene ens ere ert ser sen res sjon
    """
)
# Heads that begin like a derivational or inflectional ending are the rest of one word:
# "endr" + "inger", "vurder" + "ingene". (Ingeniør is a real head.)
_SUFFIX_LIKE_RE = re.compile(r"(?:ing(?!eni)|ning|else|het|lig|sjon|ere|ene|ende|ert|isk|ske)")
MIN_PART_LENGTH = 3
# Three- and four-letter words make most false splits (sykehjemmet is no "hjem" + "met"), so
# a part that short must be a word seen this often on its own (hus, lov, rus, råd, tid).
SHORT_PART_LENGTH = 4
MIN_SHORT_PART_COUNT = 3
# A modifier that never stands alone (proton, in protonsenter and protonbehandling) counts
# as a part once it begins compounds with this many different heads, starting with
# different letters: "spesia" (spesia-lister, spesia-liteter, a PDF line break) does not.
MIN_MODIFIER_LENGTH = 4
MIN_MODIFIER_HEADS = 2
# Only parts at least this long are split again (helsetjenesten in spesialisthelsetjenesten);
# shorter ones are too often split into chance words.
MIN_RECURSIVE_LENGTH = 9
# A hyphen, or an ellipsis that cuts a title short ("psykisk helse, rusm…").
_CUT_AFTER_RE = re.compile(r"[-–…]")
_LINE_BREAK_HYPHEN_BEFORE_RE = re.compile(r"[-–][ \t]*\n\s*$")


def lexicon_words(text: str) -> Iterator[str]:
    """Normalised words of ``text`` that may be compound parts.

    Words cut by a hyphen are not whole words: neither ``beredskaps`` of ``beredskaps- og
    ...`` nor the halves of a word broken across PDF lines (``spesia-`` / ``lister``), nor
    a word an ellipsis cuts short (``rusm…`` in a shortened title).
    """
    return (word for word, whole in text_words(text) if whole)


def text_words(text: str) -> Iterator[tuple[str, bool]]:
    """Every normalised word of ``text`` analysis keeps (letters only, at least
    ``MIN_PART_LENGTH`` long, no stop word), and whether it stands whole there, so that it
    counts for the lexicon (``lexicon_words``)."""
    # ``raw_tokens`` inlined, and the line-break test only where a line breaks: counting
    # an import's words took a quarter to a third longer.
    for match in _TOKEN_RE.finditer(text):
        token = match.group()
        if token[0].isdigit():
            continue  # a number: never letters only
        word = _normalised_token(token)
        if word is None or len(word) < MIN_PART_LENGTH or not word.isalpha() or word in STOP_WORDS:
            continue
        start, end = match.span()
        before = max(0, start - 20)
        yield (
            word,
            word not in NON_PARTS
            and not _CUT_AFTER_RE.match(text, end)
            and not (
                text.find("\n", before, start) != -1
                and _LINE_BREAK_HYPHEN_BEFORE_RE.search(text, before, start)
            ),
        )


def coordination_words(text: str) -> Iterator[str]:
    """Every word a coordination of ``text`` may expand to under any lexicon: each cut
    conjunct joined to each end of the last word that could be its head
    (``helse- og omsorgstjenesten`` -> ``helseorgstjenesten``, ..., ``helsetjenesten``,
    ...). Which end is the head depends on the lexicon (``find_coordinations``); these
    cover every choice, so a lexicon change can be traced to the rows it may change."""
    if "-" not in text and "–" not in text:
        return
    for match in _COORDINATION_RE.finditer(text):
        last = normalise_word(match.group(3))
        heads = [last[cut:] for cut in range(MIN_PART_LENGTH, len(last) - MIN_PART_LENGTH + 1)]
        for conjunct in _CUT_CONJUNCT_RE.finditer(match.group(1)):
            modifier = normalise_word(conjunct.group())
            yield from (modifier + head for head in heads)


def build_lexicon(paths: Iterable[Path]) -> Counter[str]:
    """Count the candidate compound parts in the given UTF-8 text files."""
    counts: Counter[str] = Counter()
    for path in paths:
        counts.update(lexicon_words(path.read_text(encoding="utf-8")))
    return counts


def write_lexicon(counts: Counter[str], path: Path = LEXICON_PATH) -> None:
    """Write ``word count`` lines, sorted by word, under a header saying how to regenerate."""
    lines = [
        "# Compound-part lexicon for documents/search/analysis.py, generated from seeds/*.txt.",
        "# Regenerate: python -m documents.search.analysis --write-lexicon",
        *(f"{word} {count}" for word, count in sorted(counts.items())),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_lexicon(path: Path = LEXICON_PATH) -> Counter[str]:
    """Read a lexicon file; a missing file gives an empty lexicon (no splitting)."""
    counts: Counter[str] = Counter()
    if not path.exists():
        return counts
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, count = line.partition(" ")
            counts[word] = int(count or 1)
    return counts


@dataclass(frozen=True)
class Lexicon:
    """Known words with counts, their Snowball stems, and modifiers seen only in compounds.

    ``key`` names it: "" for the shipped lexicon, else a digest of the words the database
    adds (``documents.search.vocabulary``); the analysis caches are keyed by it.
    """

    counts: dict[str, int]
    stems: frozenset[str]
    modifiers: frozenset[str]
    key: str = ""

    def is_word(self, text: str) -> bool:
        """Is ``text`` a known word, and for a short one, a common one?"""
        if len(text) <= SHORT_PART_LENGTH:
            return self.counts.get(text, 0) >= MIN_SHORT_PART_COUNT
        return text in self.counts

    def is_modifier(self, text: str) -> bool:
        """Can ``text`` stand before another part (``helse``, ``beredskap``, ``proton``)?"""
        if len(text) < MIN_PART_LENGTH or text in NON_PARTS:
            return False
        return self.is_word(text) or text in self.modifiers

    def head_strength(self, text: str) -> int:
        """How surely ``text`` ends a compound: 2 a known word (``beredskapen``), 1 an
        inflection of one (its Snowball stem is known), 0 not a head."""
        if (
            len(text) < MIN_PART_LENGTH
            or text in NON_HEADS
            or text in STOP_WORDS
            or _SUFFIX_LIKE_RE.match(text)
        ):
            return 0
        if self.is_word(text):
            return 2
        stemmed = snowball_stem(text)
        return int(len(text) > SHORT_PART_LENGTH and len(stemmed) > 3 and stemmed in self.stems)


def find_modifiers(counts: Counter[str]) -> frozenset[str]:
    """Strings that begin known words before several different known heads.

    A head must be a word seen at least twice. A stop word or prefix plus one letter
    (``fors`` of forslag and forsvant, ``inns``) is no modifier.
    """
    heads: dict[str, set[str]] = {}
    for word in counts:
        for cut in range(MIN_MODIFIER_LENGTH, len(word) - MIN_PART_LENGTH + 1):
            rest = word[cut:]
            if (
                counts.get(rest, 0) >= 2
                and rest not in NON_HEADS
                and not _SUFFIX_LIKE_RE.match(rest)
            ):
                heads.setdefault(word[:cut], set()).add(rest)
    excluded = NON_PARTS | STOP_WORDS
    return frozenset(
        prefix
        for prefix, found in heads.items()
        if prefix not in excluded
        and prefix[:-1] not in excluded
        and len({head[0] for head in found}) >= MIN_MODIFIER_HEADS
        and len({snowball_stem(head) for head in found}) >= MIN_MODIFIER_HEADS
    )


def make_lexicon(counts: Counter[str], key: str = "") -> Lexicon:
    """Derive stems and modifiers from word counts."""
    return Lexicon(
        counts=dict(counts),
        stems=frozenset(snowball_stem(word) for word in counts),
        modifiers=find_modifiers(counts),
        key=key,
    )


@cache
def base_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process."""
    return make_lexicon(read_lexicon())


# Per thread: an import analysing inside its uncommitted transaction and a search in
# another thread of the same process must not see each other's lexicon.
_ACTIVE = threading.local()


def lexicon() -> Lexicon:
    """The lexicon this thread analyses with: the one ``use_lexicon`` chose, or the shipped one."""
    return getattr(_ACTIVE, "lexicon", None) or base_lexicon()


def use_lexicon(chosen: Lexicon | None) -> None:
    """Analyse with ``chosen`` in this thread from now on (None: the shipped lexicon)."""
    _ACTIVE.lexicon = chosen


# --------------------------------------------------------------------------------------
# 5. Stemming
# --------------------------------------------------------------------------------------

# A Snowball stemmer keeps its word in its own state: one per thread (gunicorn threads
# share a process, and two searches stemming at once corrupt a shared one).
_STEMMERS = threading.local()


@lru_cache(maxsize=200_000)
def snowball_stem(word: str) -> str:
    """Plain Snowball Norwegian, the algorithm behind PostgreSQL's ``norwegian``."""
    stemmer = getattr(_STEMMERS, "norwegian", None)
    if stemmer is None:
        stemmer = _STEMMERS.norwegian = snowballstemmer.stemmer("norwegian")
    return stemmer.stemWord(word)


# Head nouns whose inflections Snowball stems apart or cuts too far, with all their forms
# (bokmål and the nynorsk endings that survive the mapping). Snowball removes "leg" (a
# nynorsk adjective ending), "els" and "lov" deep inside a compound, so fastlegen -> "fast",
# folkehelse -> "folkeh" and helseloven -> "hels"; and it stems sykehjemmet -> "sykehjemm",
# protonsenteret -> "protonsenter" but protonsenter -> "protonsent". A head counts only
# after nothing or a known word (``protected_stem``).
_PROTECTED_HEADS: dict[str, str] = {
    "lege": "lege legen leger legene legens legers legenes legar legane",
    "helse": "helse helsen helsa helses helsens",
    "lov": "lov loven lover lovene lovens lova lovane",
    "demens": "demens demensen demensens",
    "senter": "senter senteret senterets sentre sentrene sentrenes sentra sentera",
    "hjem": "hjem hjemmet hjemmets hjemmene hjemmenes",
    "middel": "middel middelet midlet midlets midler midlene midlenes midla midlar midlane",
    "regel": "regel regelen regler reglene reglenes reglar reglane",
    "dom": "dom dommen dommens dommer dommene dommenes",
    "program": "program programmet programmets programmer programmene",
    "medlem": "medlem medlemmet medlemmer medlemmene",
    "kapittel": "kapittel kapittelet kapitlet kapitler kapitlene",
    "eksempel": "eksempel eksempelet eksemplet eksempler eksemplene",
    "kriterium": "kriterium kriteriet kriterier kriteriene",
    "veileder": "veileder veilederen veiledere veilederne veileders veiledernes",
    "leder": "leder lederen ledere lederne leders lederens ledernes",
    "innbygger": "innbygger innbyggeren innbyggere innbyggerne innbyggernes",
    "mottaker": "mottaker mottakeren mottakere mottakerne",
    "pleier": "pleier pleieren pleiere pleierne",
    "eier": "eier eieren eiere eierne",
}
# Verbs share these forms ("bruker" = uses, "arbeider" = works), so only a compound
# (sluttbruker, helsearbeiderne) has them as a noun head.
_PROTECTED_COMPOUND_HEADS: dict[str, str] = {
    "bruker": "bruker brukeren brukere brukerne",
    "arbeider": "arbeider arbeideren arbeidere arbeiderne",
    "søker": "søker søkeren søkere søkerne",
}


def _head_forms(table: dict[str, str]) -> dict[str, str]:
    return {form: head for head, forms in table.items() for form in forms.split()}


HEAD_FORMS = _head_forms(_PROTECTED_HEADS)
COMPOUND_HEAD_FORMS = _head_forms(_PROTECTED_COMPOUND_HEADS)
_LONGEST_FORM = max(len(form) for form in HEAD_FORMS | COMPOUND_HEAD_FORMS)

# Whole words whose endings look like a protected head but are not ("kolleger" is no
# "kol" + "leger") or that Snowball cuts to a stem they do not share.
STEM_EXCEPTIONS: dict[str, str] = _pairs(
    """
    kollega=kollega kollegaen=kollega kolleger=kollega kollegene=kollega kollegaer=kollega
    college=college
    """
)
# Snowball results mapped afterwards, for stems no head table reaches.
STEM_OVERRIDES: dict[str, str] = {"sykehjemm": "sykehjem", "fastleg": "fastlege"}


def _is_compound_prefix(prefix: str) -> bool:
    """Is ``prefix`` a word or modifier (a linking s/e allowed), so a head may follow it?"""
    lex = lexicon()
    if lex.is_modifier(prefix) or _segment(prefix, final=False):
        return True
    return (
        prefix[-1] in "se"
        and len(prefix) > MIN_PART_LENGTH + 1
        and (lex.is_modifier(prefix[:-1]) or bool(_segment(prefix[:-1], final=False)))
    )


def protected_stem(word: str) -> str | None:
    """The stem for a word ending in a protected head noun, or None.

    The text before the head must be empty or a known word or modifier, so "gleder" keeps
    its Snowball stem while "avdelingsleder" gets "avdelingsleder".
    """
    for length in range(min(_LONGEST_FORM, len(word)), 2, -1):
        ending = word[-length:]
        head = HEAD_FORMS.get(ending)
        compound_only = head is None
        if compound_only:
            head = COMPOUND_HEAD_FORMS.get(ending)
        if head is None:
            continue
        prefix = word[:-length]
        if not prefix and not compound_only:
            return head
        if prefix and _is_compound_prefix(prefix):
            return prefix + head
    return None


def stem(word: str) -> str:
    """Stem one normalised word: exceptions, protected heads, then Snowball and overrides.

    Words with digits are left as they are.
    """
    return _stem(word, lexicon().key)


@lru_cache(maxsize=200_000)
def _stem(word: str, key: str) -> str:
    """``stem`` under the lexicon ``key`` (a protected head needs a known prefix)."""
    if not word.isalpha():
        return word
    exception = STEM_EXCEPTIONS.get(word)
    if exception is not None:
        return exception
    protected = protected_stem(word)
    if protected is not None:
        return protected
    stemmed = snowball_stem(word)
    return STEM_OVERRIDES.get(stemmed, stemmed)


# --------------------------------------------------------------------------------------
# 6. Compounds
# --------------------------------------------------------------------------------------

# Compounds join parts directly (helsetjeneste) or with a linking s or e
# (beredskapsfinansiering, barnevern); the shortest compound is two three-letter parts.
LINKING_LETTERS = "se"
MIN_COMPOUND_LENGTH = 2 * MIN_PART_LENGTH


@dataclass(frozen=True, slots=True)
class Part:
    """One compound part: ``word[start:end]``, then a linking letter up to ``next``."""

    start: int
    end: int
    next: int


def _part_ends(word: str, start: int, final: bool) -> Iterator[tuple[int, int, int]]:
    """Yield (end, next, weak) for every known part beginning at ``start``.

    ``weak`` is -1 for a part that is not last, 0 for a last part that is a known word and
    1 for a last part known only through its stem.
    """
    lex = lexicon()
    size = len(word)
    for end in range(start + MIN_PART_LENGTH, size + 1):
        piece = word[start:end]
        if end == size:
            if start == 0:
                continue
            strength = lex.head_strength(piece) if final else 2 * lex.is_modifier(piece)
            if strength:
                yield end, end, 2 - strength
            continue
        if size - end < MIN_PART_LENGTH or not lex.is_modifier(piece):
            continue
        if piece.endswith("s") and lex.is_modifier(piece[:-1]):
            continue  # "beredskaps" is "beredskap" + a linking s, found from the shorter piece
        yield end, end, -1
        if word[end] in LINKING_LETTERS and size - end - 1 >= MIN_PART_LENGTH:
            yield end, end + 1, -1


def _segment(word: str, final: bool = True) -> tuple[Part, ...]:
    """Split ``word`` into the fewest known parts (at least two), or return ()."""
    return _segment_with(word, final, lexicon().key)


@lru_cache(maxsize=200_000)
def _segment_with(word: str, final: bool, key: str) -> tuple[Part, ...]:
    """``_segment`` under the lexicon ``key``.

    Ties go to a last part that is a known word rather than an inflection
    (forskning + s + enhetene, not forskning + senhetene), then to the split whose shortest
    part is longest, so "helsenett" is helse + nett, not helsen + ett. ``final`` says
    whether the last part may be inflected or must be a base form (the modifier half of a
    bigger compound).
    """
    if len(word) < MIN_COMPOUND_LENGTH or not word.isalpha():
        return ()
    best: dict[int, tuple[tuple[int, int, int], tuple[Part, ...]] | None] = {}

    def search(start: int) -> tuple[tuple[int, int, int], tuple[Part, ...]] | None:
        if start in best:
            return best[start]
        result = None
        for end, nxt, weak in _part_ends(word, start, final):
            part = Part(start, end, nxt)
            if weak >= 0:
                candidate = ((1, weak, -(end - start)), (part,))
            else:
                rest = search(nxt)
                if rest is None:
                    continue
                (count, rest_weak, negative_shortest), parts = rest
                shortest = min(end - start, -negative_shortest)
                candidate = ((count + 1, rest_weak, -shortest), (part, *parts))
            if result is None or candidate[0] < result[0]:
                result = candidate
        best[start] = result
        return result

    found = search(0)
    return found[1] if found and len(found[1]) >= 2 else ()


def _leaves(word: str, final: bool = True) -> list[Part]:
    """The finest split: each part of the fewest-parts split, split again where possible."""
    parts = _segment(word, final)
    if not parts:
        return [Part(0, len(word), len(word))]
    leaves: list[Part] = []
    for index, part in enumerate(parts):
        is_last = index == len(parts) - 1
        piece = word[part.start : part.end]
        if len(piece) < MIN_RECURSIVE_LENGTH:
            leaves.append(part)
            continue
        inner = _leaves(piece, final=final and is_last)
        shifted = [
            Part(p.start + part.start, p.end + part.start, p.next + part.start) for p in inner
        ]
        shifted[-1] = Part(shifted[-1].start, shifted[-1].end, part.next)
        leaves += shifted
    return leaves


def split_compound(word: str) -> list[str]:
    """The parts of a normalised word without linking letters, or ``[word]``.

    ``beredskapsfinansiering`` -> ``["beredskap", "finansiering"]``;
    ``spesialisthelsetjenesten`` -> ``["spesialist", "helse", "tjenesten"]``.
    """
    return [word[part.start : part.end] for part in _leaves(word)]


def compound_head(word: str) -> str | None:
    """What follows the first part of a normalised compound: its head, or None.

    ``omsorgstjenesten`` -> ``tjenesten``; ``spesialisthelsetjenesten`` -> ``helsetjenesten``
    (so ``kommune- og spesialisthelsetjenesten`` gives ``kommunehelsetjenesten``).
    """
    parts = _segment(word)
    return word[parts[0].next :] if parts else None


def compound_terms(word: str) -> tuple[str, ...]:
    """Stems of the word and of every run of neighbouring parts, the whole word first.

    ``helseberedskapen`` -> ``("helseberedskap", "helse", "beredskap")``; a run that stops
    before the last part drops its linking letter (``beredskaps`` -> ``beredskap``).
    """
    return _compound_terms(word, lexicon().key)


@lru_cache(maxsize=200_000)
def _compound_terms(word: str, key: str) -> tuple[str, ...]:
    """``compound_terms`` under the lexicon ``key``."""
    whole = stem(word)
    leaves = _leaves(word)
    if len(leaves) < 2:
        return (whole,)
    terms = [whole]
    last = len(leaves) - 1
    for first in range(len(leaves)):
        for final in range(first, len(leaves)):
            if first == 0 and final == last:
                continue
            end = len(word) if final == last else leaves[final].end
            term = stem(word[leaves[first].start : end])
            if term not in terms:
                terms.append(term)
    return tuple(terms)


# --------------------------------------------------------------------------------------
# 7. Whole analyzers
# --------------------------------------------------------------------------------------


def content_tokens(text: str) -> list[WordToken]:
    """The normalised words that analysis keeps: ``word_tokens`` without stop words."""
    return [token for token in word_tokens(text) if token.text not in STOP_WORDS]


def norwegian_terms(text: str) -> list[str]:
    """Main-field terms: normalised, nynorsk mapped, stop words out, stemmed."""
    return [stem(token.text) for token in content_tokens(text)]


def compound_parts(text: str) -> list[str]:
    """Decompounded-field terms: per word, its stem and the stems of its part runs."""
    return [term for token in content_tokens(text) for term in compound_terms(token.text)]


def exact_terms(text: str) -> list[str]:
    """Lower-cased words as written: no nynorsk mapping, stop words or stemming."""
    return [token.text for token in raw_tokens(text)]


def spans_of_terms(text: str, wanted: frozenset[str]) -> list[tuple[int, int]]:
    """Source spans of the words whose stem, or one of whose compound parts, is ``wanted``
    (for highlighting: the surface form is marked, "Fastlegane" for "fastlegen")."""
    if not wanted:
        return []
    key = lexicon().key
    replaced, dropped = _coordination_words(text)
    spans = []
    # The words of ``word_tokens``, each token's terms looked up by its written form:
    # building the tokens was most of a snippet's cost.
    for match in _TOKEN_RE.finditer(text):
        start = match.start()
        if start in dropped:
            continue
        if start in replaced:
            if _normalised_token(match.group()) is None:
                continue
            terms = _word_terms(replaced[start], key)
        else:
            terms = _written_terms(match.group(), key)
        if not wanted.isdisjoint(terms):
            spans.append(match.span())
    return spans


@lru_cache(maxsize=200_000)
def _written_terms(token: str, key: str) -> frozenset[str]:
    """``_word_terms`` of a token as written (none for what ``word_tokens`` drops)."""
    word = _normalised_token(token)
    if word is None or (len(word) == 1 and not word.isdigit()):
        return frozenset()
    return _word_terms(word, key)


@lru_cache(maxsize=200_000)
def _word_terms(word: str, key: str) -> frozenset[str]:
    """Every term a normalised word is found by under the lexicon ``key`` (none for a
    stop word): its stem and the stems of its compound parts."""
    return frozenset() if word in STOP_WORDS else frozenset(_compound_terms(word, key))


# --------------------------------------------------------------------------------------
# 8. Synonyms (query time)
# --------------------------------------------------------------------------------------


class SynonymTable:
    """Words and phrases search treats as one, matched on their analysed terms.

    ``groups`` work both ways (any member finds the others); ``one_way`` pairs expand a
    term to its synonyms only. Curators keep the table in the Synonym model; the
    defaults above seed it.
    """

    def __init__(
        self,
        groups: Iterable[Sequence[str]] = (),
        one_way: Iterable[tuple[str, Sequence[str]]] = (),
    ):
        self._expansions: dict[tuple[str, ...], list[str]] = {}
        members: set[str] = set()
        for group in groups:
            for member in group:
                self._add(member, [other for other in group if other != member])
            members.update(group)
        for term, others in one_way:
            self._add(term, list(others))
            members.add(term)
        self.multiword = tuple(sorted((m for m in members if " " in m), key=len, reverse=True))

    def _add(self, member: str, others: list[str]) -> None:
        key = synonym_key(member)
        if not key:
            return
        known = self._expansions.setdefault(key, [])
        known += [other for other in others if other not in known]

    def synonyms(self, text: str) -> tuple[str, ...]:
        """The other names for ``text`` (a word or phrase): ``Fylkesmannen`` -> statsforvalteren."""
        terms = tuple(norwegian_terms(text))  # an alternative searched alike adds nothing
        return tuple(
            other
            for other in self._expansions.get(synonym_key(text), ())
            if tuple(norwegian_terms(other)) != terms
        )


# A one-letter prefix joined by a hyphen: "e-helse", "e-resept".
_LETTER_PREFIX_RE = re.compile(r"\b(\w)-(?=\w)")


def synonym_key(text: str) -> tuple[str, ...]:
    """The terms a synonym table entry is found by.

    A one-letter prefix counts as part of its word: the analysis leaves single letters
    out, so "e-helse" would otherwise stand for "helse", and every search for "helse"
    would also search the names of Direktoratet for e-helse.
    """
    return tuple(norwegian_terms(_LETTER_PREFIX_RE.sub(r"\1", text)))


def main(argv: list[str]) -> int:
    """``--write-lexicon [SEED ...]``: regenerate the lexicon from the seeds (or the files)."""
    if not argv or argv[0] != "--write-lexicon":
        sys.stderr.write("usage: python -m documents.search.analysis --write-lexicon [FILE ...]\n")
        return 2
    paths = [Path(arg) for arg in argv[1:]] or sorted(SEEDS_DIR.glob("*.txt"))
    counts = build_lexicon(paths)
    write_lexicon(counts)
    sys.stdout.write(f"{len(counts)} words from {len(paths)} files -> {LEXICON_PATH}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
