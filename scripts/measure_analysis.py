"""Compare search analyses on word pairs from the seeds: does a query find a document?

    .venv/bin/python scripts/measure_analysis.py [--simplemma]

Columns: Whoosh's default StemmingAnalyzer (English), plain Snowball Norwegian
(LanguageAnalyzer("no")), and documents/search/analysis.py (main field plus the decompounded
field). ``--simplemma`` adds the project analysis run on simplemma's nb/nn lemmas, the
alternative that was measured and not chosen (simplemma is not a project dependency). A query matches when every one of its terms
is among the document's terms.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (query, document text, should match): SEEDS.md "Search behaviour" plus seed words.
PAIRS: list[tuple[str, str, bool]] = [
    # Inflections
    ("kostråd", "kostrådene", True),
    ("døgnplasser", "døgnplassene", True),
    ("Guldvog", "Guldvogs", True),
    ("fastlegen", "fastlegane", True),
    ("fastlege", "fastleger", True),
    ("legemiddel", "legemidlene", True),
    ("folkehelse", "folkehelsen", True),
    ("demens", "demensen", True),
    # Under-stemming
    ("protonsenter", "protonsenteret", True),
    ("sykehjem", "sykehjemmet", True),
    ("veileder", "veilederen", True),
    ("kompetansesenter", "kompetansesentrene", True),
    # Over-stemming
    ("fastlege", "regjeringen slår fast", False),
    ("fastlegen", "faste stillinger", False),
    ("demens", "gi dem hjelp", False),
    ("helseloven", "helse", False),
    ("senter", "produsenter", False),
    ("fast", "fastlegen", False),
    # Compounds
    ("beredskap", "helseberedskapen", True),
    ("beredskap", "beredskapsfinansiering", True),
    ("fastlege", "fastlegeordningen", True),
    ("helsetjenesten", "spesialisthelsetjenesten", True),
    ("ordning", "tilskuddsordningene", True),
    ("tannhelse", "tannhelsetjenesten", True),
    # X- og Y<head>
    ("helsetjenesten", "helse- og omsorgstjenesten", True),
    ("helsedepartementet", "Helse- og omsorgsdepartementet", True),
    ("rusarbeid", "psykisk helse– og rusarbeid", True),
    # Bokmål / nynorsk
    ("sykehus", "sjukehus", True),
    ("tjenester", "tenester", True),
    ("tilskudd", "tilskot", True),
    ("veileder", "rettleiar", True),
    ("retningslinje", "retningsline", True),
    ("sykehjem", "sjukeheim", True),
    ("ikke", "ikkje", True),
    ("tilskuddsordning", "tilskotsordning", True),
    ("spesialisthelsetjenesten", "spesialisthelsetenesta", True),
    # Misspellings in the sources, numbers, acronyms
    ("helsefellesskap", "helsefelleskapene", True),
    ("Helsedirektoratet", "Hesledirektoratet", True),
    ("2 000", "2\xa0000 kroner", True),
    ("KI", "bruk av KI i helsetjenesten", True),
]

Analysis = Callable[[str, str], bool]


def whoosh_analysis(analyzer) -> Analysis:
    def matches(query: str, document: str) -> bool:
        wanted = {token.text for token in analyzer(query)}
        found = {token.text for token in analyzer(document)}
        return bool(wanted) and wanted <= found

    return matches


def project_analysis() -> Analysis:
    from documents.search.analysis import compound_parts, norwegian_terms

    def matches(query: str, document: str) -> bool:
        wanted = set(norwegian_terms(query))
        found = set(norwegian_terms(document)) | set(compound_parts(document))
        return bool(wanted) and wanted <= found

    return matches


def simplemma_analysis() -> Analysis:
    """The project analysis on lemmas: simplemma (nb, then nn) before stemming."""
    import simplemma

    from documents.search.analysis import compound_terms, content_tokens, stem

    def lemmas(text: str) -> list[str]:
        return [simplemma.lemmatize(t.text, lang=("nb", "nn")) for t in content_tokens(text)]

    def matches(query: str, document: str) -> bool:
        wanted = {stem(word) for word in lemmas(query)}
        words = lemmas(document)
        found = {stem(word) for word in words}
        found |= {term for word in words for term in compound_terms(word)}
        return bool(wanted) and wanted <= found

    return matches


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from whoosh.analysis import LanguageAnalyzer, StemmingAnalyzer

    analyses: dict[str, Analysis] = {
        "English": whoosh_analysis(StemmingAnalyzer()),
        "Snowball no": whoosh_analysis(LanguageAnalyzer("no")),
        "Helsedocs": project_analysis(),
    }
    if "--simplemma" in argv:
        try:
            analyses["simplemma+Helsedocs"] = simplemma_analysis()
        except ImportError:
            sys.stderr.write("--simplemma needs simplemma: .venv/bin/pip install simplemma\n")
            return 2
    width = max(len(q) + len(d) for q, d, _ in PAIRS) + 8
    names = list(analyses)
    out = sys.stdout
    out.write(f"{'query -> document':<{width}} {'want':<5} " + " ".join(f"{n:>12}" for n in names))
    out.write("\n")
    correct = dict.fromkeys(names, 0)
    for query, document, wanted in PAIRS:
        cells = []
        for name, matches in analyses.items():
            got = matches(query, document)
            correct[name] += got == wanted
            cells.append(f"{('match' if got else '-') + ('' if got == wanted else ' X'):>12}")
        label = f"{query} -> {document}".replace("\xa0", " ")
        out.write(f"{label:<{width}} {'match' if wanted else '-':<5} " + " ".join(cells) + "\n")
    out.write(f"{'accuracy':<{width}} {'':<5} ")
    out.write(" ".join(f"{correct[n] / len(PAIRS):>12.0%}" for n in names) + "\n")
    out.write(f"({len(PAIRS)} pairs; X marks a wrong answer)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
