"""ingest/parsers/news.py on seed 000 (the Helsedirektoratet news listing) and small inputs."""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import date

import pytest

from ingest.parsed import ParsedDocument, SourceText
from ingest.parsers.news.listing import (
    NewsCard,
    detect_language,
    drop_duplicates,
    parse_date_line,
    parse_news,
    read_summary_lines,
    recognise,
    unique_slugs,
)
from ingest.text import slugify_no
from tests.ingest.golden import assert_golden, load_seed, summarise

SEED = "000_6ef6d4d4d57f5e61.txt"
OTHER_SEEDS = (
    "001_604cd1db9da4de4d.txt",
    "002_6382bfd4d7ccf047.txt",
    "003_946f496bfe1dc309.txt",
    "004_89a39abf184bf37d.txt",
)

# Title lines of the items the golden file shows in full, each for a trap of SEEDS.md "000".
SELECTED_TITLE_LINES = (
    49,  # nynorsk: "Innspel til vidareutvikling av tilskotsordningar ..."
    433,  # title ending in an NBSP
    1777,  # two-line summary, the second line at column 0 starting "–  "
    2354,  # same title as 6775, other date: two items
    3075,  # continuation line " – Gjennom ..." at column 1
    4180,  # title indented 16 spaces, like a date line
    4997,  # nynorsk without any marker: read as nb, with a warning
    5141,  # blank date+3: no summary; title holds another date (1. mars 2023)
    6196,  # three-line summary 6203-6205, the last line just "2015."
    6486,  # narrow NBSP as the only word separator
    8363,  # summary indented 15 spaces
    12057,  # date in the title ("fra 1. oktober!")
    17097,  # a 2018 item among 2019 items: sorting is by date, not file order
)


@pytest.fixture(scope="module")
def source() -> SourceText:
    return load_seed(SEED)


@pytest.fixture(scope="module")
def items(source: SourceText) -> tuple[ParsedDocument, ...]:
    return parse_news(source)


@pytest.fixture(scope="module")
def by_line(items: tuple[ParsedDocument, ...]) -> dict[int, ParsedDocument]:
    """Items by the line number of their title."""
    return {item.start_line: item for item in items}


def _item_summary(item: ParsedDocument) -> dict:
    return {**summarise(item), "summary": item.summary, "warnings": list(item.warnings)}


def listing_summary(items: tuple[ParsedDocument, ...]) -> dict:
    by_line = {item.start_line: item for item in items}
    return {
        "items": len(items),
        "per_year": dict(sorted(Counter(item.year for item in items).items())),
        "per_language": dict(sorted(Counter(item.language for item in items).items())),
        "warnings": {item.slug: list(item.warnings) for item in items if item.warnings},
        "first": [_item_summary(item) for item in items[:5]],
        "last": [_item_summary(item) for item in items[-5:]],
        "selected": {str(line): by_line[line].to_dict() for line in SELECTED_TITLE_LINES},
    }


# --- The seed: golden file ------------------------------------------------------------------


def test_seed_matches_golden(items, update_golden):
    """The listing parses to its reviewed golden summary."""
    assert_golden(SEED.removesuffix(".txt"), listing_summary(items), update=update_golden)


# --- The seed: facts from SEEDS.md and the text ---------------------------------------------


def test_seed_is_recognised_and_parses_fast(source):
    """The whole listing parses well under two seconds."""
    assert recognise(source)
    started = time.perf_counter()
    parse_news(source)
    assert time.perf_counter() - started < 2


def test_every_date_line_gives_one_item(source, items):
    """The listing has 400 date lines (16 spaces + date), so 400 items, all distinct."""
    anchor = re.compile(
        r"^ {16}(\d{2})\. (januar|februar|mars|april|mai|juni|juli|august|september|oktober"
        r"|november|desember) (\d{4})$"
    )
    assert sum(1 for line in source.lines if anchor.match(line)) == 400
    assert len(items) == 400
    assert len({(item.title, item.published) for item in items}) == 400


def test_items_count_per_year(items):
    """The listing covers 2017-2024, most items in 2021-2023."""
    assert Counter(item.year for item in items) == {
        2017: 1,
        2018: 5,
        2019: 46,
        2020: 39,
        2021: 92,
        2022: 96,
        2023: 90,
        2024: 31,
    }


def test_each_item_reads_its_date_four_lines_below_its_title(source, items):
    """published is the date printed on the line four below the title (start_line)."""
    for item in items:
        date_line = source.line(item.start_line + 4)
        assert date_line.startswith(" " * 16)
        assert parse_date_line(date_line) == item.published
        assert item.year == item.published.year


def test_items_are_sorted_by_date_then_title(items):
    """Sorting is by date, then title; the file's own order (newest first) is not kept."""
    keys = [(item.published, item.title) for item in items]
    assert keys == sorted(keys)
    # The file opens with 15 March 2024 (line 5) and closes with 12 October 2017 (19166).
    assert (items[0].start_line, items[0].published) == (19162, date(2017, 10, 12))
    assert (items[-1].start_line, items[-1].published) == (1, date(2024, 3, 15))


def test_out_of_order_item_sorts_by_its_date(by_line, items):
    """Item 17097 (14 March 2018) sits among 2019 items in the file but sorts with 2018."""
    item = by_line[17097]
    assert item.title == "Legeattest og automatiske straummålarar"
    assert item.published == date(2018, 3, 14)
    position = items.index(item)
    assert all(other.published <= item.published for other in items[:position])
    assert all(other.year >= 2018 for other in items[position:])


def test_each_item_is_one_news_document_with_one_section(items):
    """Kind news, no publisher or reference, one level-1 section mirroring the item."""
    for item in items:
        assert item.kind == "news"
        assert item.publisher == ""
        assert item.reference == ""
        assert not (item.measures or item.decisions or item.budget_lines)
        (section,) = item.sections
        assert (section.position, section.parent, section.level, section.number) == (
            0,
            None,
            1,
            "",
        )
        assert (section.title, section.text) == (item.title, item.summary)
        assert (section.start_line, section.end_line) == (item.start_line, item.end_line)


def test_slugs_are_date_and_title_and_unique(items):
    """slug = <iso date>-<slugified title>; no two items share one."""
    for item in items:
        assert item.slug == f"{item.published.isoformat()}-{slugify_no(item.title)}"
    assert len({item.slug for item in items}) == len(items)


def test_same_title_on_two_dates_gives_two_items(by_line):
    """2354 and 6775 share a title but not a date: the key (title, date) keeps both."""
    first, second = by_line[2354], by_line[6775]
    assert (
        first.title == second.title == "Flere pasienter får behandling i spesialisthelsetjenesten"
    )
    assert first.published != second.published
    assert first.slug != second.slug


def test_ranges_end_on_the_last_summary_line_or_the_date_line(source, items):
    """A range never ends on a blank line, and ends on the date line only without summary."""
    for item in items:
        assert source.line(item.end_line).strip()
        if item.summary:
            assert item.end_line >= item.start_line + 7
        else:
            assert item.end_line == item.start_line + 4


def test_narrow_nbsp_title_is_normalised(by_line):
    """6486: narrow NBSPs are the only separators in "bedre livskvalitet" and "med demens"."""
    item = by_line[6486]
    assert item.title == "Fysisk aktivitet gir bedre livskvalitet for personer med demens"
    assert item.published == date(2022, 11, 25)
    assert item.slug == "2022-11-25-fysisk-aktivitet-gir-bedre-livskvalitet-for-personer-med-demens"


def test_nbsp_at_title_end_is_dropped(by_line):
    """433 ends in an NBSP, which normalisation strips."""
    assert by_line[433].title == "Beboere med størst bistandsbehov oppsøkte fastlegen minst"


def test_summary_spans_three_lines(by_line):
    """6196's summary runs 6203-6205; 6205 holds only "2015." and ends the range."""
    item = by_line[6196]
    assert item.title == "Meir kjøt, og for lite fisk"
    assert item.published == date(2022, 12, 8)
    assert item.summary.startswith("I 2020 så vi nokre positive endringar i kosthaldet.")
    assert "halde fram i 2021. Forbruket av korn" in item.summary
    assert item.summary.endswith("fiskeforbruket er lågare enn det var i 2015.")
    assert (item.start_line, item.end_line) == (6196, 6205)


def test_continuation_lines_at_column_zero_join_the_summary(by_line):
    """1784-1785 and 3082-3083: the "–" quote lines are part of the summary, spaces collapsed."""
    assert "akutthjelparane. – Rettleiaren skal bidra" in by_line[1777].summary
    assert by_line[1777].end_line == 1785
    assert "sjeldne diagnoser. – Gjennom EU-samarbeidet" in by_line[3075].summary
    assert by_line[3075].end_line == 3083


def test_blank_line_after_date_means_no_summary(by_line, source):
    """5141: date+3 (5148) is blank, so no summary, and the next item's title is not taken."""
    item = by_line[5141]
    assert item.summary == ""
    assert item.sections[0].text == ""
    assert (item.start_line, item.end_line) == (5141, 5145)
    assert "Nye personellgrupper" not in item.summary


def test_items_without_summary(items):
    """Four items have a blank date+3: 5141, 8843, 9802 and 19067."""
    assert sorted(item.start_line for item in items if not item.summary) == [
        5141,
        8843,
        9802,
        19067,
    ]


def test_date_comes_from_the_date_line_not_the_title(by_line):
    """Titles name other dates (5141 "fra 1. mars 2023", 12057 "fra 1. oktober!")."""
    assert by_line[5141].published == date(2023, 2, 22)
    assert by_line[5141].title.endswith("fra 1. mars 2023")
    assert (
        by_line[12057].title == "Spesialistgodkjenning i klinisk allmennsykepleie fra 1. oktober!"
    )
    assert by_line[12057].published == date(2021, 10, 1)
    assert by_line[1345].title.endswith("31. juli 2024")
    assert by_line[1345].published == date(2024, 1, 12)


def test_title_indented_sixteen_spaces_is_a_title_not_a_date(source, by_line):
    """4180 is indented like a date line but is the title of the item dated 5 May 2023."""
    assert source.line(4180).startswith(" " * 16)
    item = by_line[4180]
    assert item.title == "Helsesektorens bidrag til klimagassutslipp er vesentlig"
    assert item.published == date(2023, 5, 5)
    assert item.warnings == ()


def test_summary_indented_fifteen_spaces_is_read(by_line):
    """8370 starts one space further in than other summaries."""
    assert by_line[8363].summary.startswith("Helsedirektoratet publiserer for første gang")


def test_only_nynorsk_items_carry_warnings(items):
    """The seed is clean but for eight nynorsk items the marker rule reads as nb."""
    flagged = sorted(item.start_line for item in items if item.warnings)
    assert flagged == [145, 2979, 3892, 3988, 4997, 6196, 8171, 19114]
    assert all(item.language == "nb" for item in items if item.warnings)


def test_language_follows_the_marker_rule(by_line):
    """Nynorsk items are nn, bokmål items nb."""
    assert by_line[49].language == "nn"  # "frivillige og ideelle organisasjonar ... innspel"
    assert by_line[6486].language == "nb"
    assert by_line[12057].language == "nb"
    assert by_line[6872].language == "nn"  # "helseteneste" twice: markers count in compounds


def test_language_ties_are_nb_with_a_warning(by_line):
    """6196 has one marker each way ("Meir", "ikke"); 4997 and 145 none, but "Noreg", "Ho"."""
    for line in (6196, 4997, 145):
        item = by_line[line]
        assert item.language == "nb"
        assert any("language unsure" in warning for warning in item.warnings)


# --- Small functions --------------------------------------------------------------------------


def test_parse_date_line_reads_a_date_alone_at_any_indentation():
    """A day, a month's name and a year, alone on the line; nothing else is a date line."""
    assert parse_date_line(" " * 16 + "05. mai 2023") == date(2023, 5, 5)
    assert parse_date_line("5. mai 2023") == date(2023, 5, 5)
    assert parse_date_line("\t05. mai 2023 ") == date(2023, 5, 5)
    assert parse_date_line(" " * 16 + "05. Mai 2023") is None
    assert parse_date_line("Publisert 05. mai 2023") is None
    assert parse_date_line("05.05.2023") is None
    assert parse_date_line(" " * 16 + "31. februar 2023") is None  # matches, but no such day


def test_read_summary_lines_stops_at_twelve_spaces():
    """Blank lines are skipped; the 12-space line ends the summary."""
    text = SourceText.from_text(
        "\n".join(["              first", "second", "", " " * 14, " " * 12, "not this"]),
        name="x",
    )
    assert read_summary_lines(text, 1, 6) == ([1, 2], False)


def test_read_summary_lines_blank_first_line_means_none():
    """A blank first line gives no summary even when text follows."""
    text = SourceText.from_text("\n".join([" " * 14, "              later", " " * 12]), name="x")
    assert read_summary_lines(text, 1, 3) == ([], False)


def test_read_summary_lines_reports_a_missing_end_line():
    """Without a 12-space line the scan stops at the limit and says so."""
    text = SourceText.from_text("              a\nb\nc\nd", name="x")
    assert read_summary_lines(text, 1, 2) == ([1, 2], True)
    assert read_summary_lines(text, 1, 4) == ([1, 2, 3, 4], False)  # end of text is an end


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Kva er nytt? Dei seier at det ikkje er meir å gjere.", "nn"),
        ("Hva er nytt? De sier at det ikke er mer å gjøre.", "nb"),
        ("Nye tilskotsordningar for sjukehusa", "nn"),
        ("Ny tilskuddsordning for sykehusene", "nb"),
        ("Helsedirektoratet publiserer tall", "nb"),
    ],
)
def test_detect_language(text, language):
    """nn only when nynorsk markers outnumber bokmål ones, inflected nouns included."""
    assert detect_language(text)[0] == language


def test_detect_language_warns_on_a_tie():
    """A tie is nb, with a warning for the review queue."""
    language, warning = detect_language("Meir kjøt, men ikke fisk")
    assert language == "nb"
    assert warning.startswith("language unsure: 1 nynorsk and 1 bokmål")


def _card(title: str, day: int, summary: str = "", line: int = 1) -> NewsCard:
    return NewsCard(title, date(2024, 1, day), summary, line, line + 4)


def test_drop_duplicates_keeps_the_longer_summary_and_warns():
    """Two cards with one title and date become one: the one with a summary, flagged."""
    kept = drop_duplicates([_card("A", 1, "", 1), _card("A", 1, "text", 50), _card("A", 2)])
    assert [(card.title, card.published.day, card.summary) for card in kept] == [
        ("A", 1, "text"),
        ("A", 2, ""),
    ]
    assert kept[0].warnings == ("duplicate item: same title and date at line(s) 1",)


def test_drop_duplicates_never_merges_untitled_cards():
    """Two lost titles on one date are two items, not one."""
    assert len(drop_duplicates([_card("", 1, "a", 1), _card("", 1, "b", 50)])) == 2


def test_unique_slugs_number_collisions_in_order():
    """Different titles that slugify alike get -2, -3 in the order given."""
    cards = [_card("Ny rapport!", 1), _card("Ny rapport?", 1), _card("Ny rapport.", 1)]
    assert unique_slugs(cards) == [
        "2024-01-01-ny-rapport",
        "2024-01-01-ny-rapport-2",
        "2024-01-01-ny-rapport-3",
    ]


def test_unique_slugs_never_reuse_another_items_slug():
    """The second "Ny rapport" skips -2, which "Ny rapport 2" holds by its own title."""
    cards = [_card("Ny rapport", 1), _card("Ny rapport!", 1), _card("Ny rapport 2", 1)]
    assert unique_slugs(cards) == [
        "2024-01-01-ny-rapport",
        "2024-01-01-ny-rapport-3",
        "2024-01-01-ny-rapport-2",
    ]


# --- Synthetic listings -----------------------------------------------------------------------


def _listing(*cards: tuple[str, str, list[str]]) -> SourceText:
    """A listing in the seed's layout: title, three blanks, date, two blanks, summary, end."""
    lines: list[str] = []
    for title, when, summary in cards:
        lines += [" " * 12, " " * 14 + title, "", " " * 14, " " * 14, " " * 16 + when]
        lines += [" " * 14, ""] + (summary or [" " * 14]) + [" " * 12, "", " " * 10]
    return SourceText.from_text("\n".join([*lines, " "]), name="listing.txt")


def test_synthetic_listing_duplicates_and_slug_collisions():
    """A repeated (title, date) gives one item with a warning; alike slugs are numbered."""
    source = _listing(
        ("Ny rapport!", "02. januar 2024", ["              Første."]),
        ("Ny rapport?", "02. januar 2024", ["              Andre."]),
        ("Ny rapport!", "02. januar 2024", []),
        ("Eldre sak", "01. januar 2024", []),
    )
    assert recognise(source)
    items = parse_news(source)
    assert [(item.title, item.slug) for item in items] == [
        ("Eldre sak", "2024-01-01-eldre-sak"),
        ("Ny rapport!", "2024-01-02-ny-rapport"),
        ("Ny rapport?", "2024-01-02-ny-rapport-2"),
    ]
    assert items[1].summary == "Første."
    assert items[1].warnings == ("duplicate item: same title and date at line(s) 26",)


def test_impossible_date_keeps_the_item_undated_with_a_warning():
    """A "31. februar" date line has the form but names no day: kept last, flagged."""
    items = parse_news(
        _listing(
            ("Rar dato", "31. februar 2023", []),
            ("God dato", "01. mars 2023", ["              Tekst."]),
        )
    )
    assert [item.title for item in items] == ["God dato", "Rar dato"]
    assert items[1].published is None and items[1].year is None
    assert items[1].slug == "udatert-rar-dato"
    assert "is no real date" in items[1].warnings[0]


def test_a_summary_never_swallows_the_next_title():
    """Without a blank line between them, the summary stops above the next card's title."""
    lines = [
        "Første sak", "", "02. januar 2024", "Tekst som fortsetter", "uten tom linje.",
        "Andre sak", "", "01. januar 2024", "Mer.",
    ]  # fmt: skip
    items = parse_news(SourceText(name="x", lines=tuple(lines)))
    first = next(item for item in items if item.title == "Første sak")
    assert first.summary == "Tekst som fortsetter uten tom linje."
    assert (first.start_line, first.end_line) == (1, 5)
    assert "runs into the next item" in first.warnings[0]


def test_a_listing_of_the_same_shape_with_other_spacing_reads():
    """Another site's listing: no indentation, one blank line, one-digit days."""
    text = "\n".join(
        [
            "Nyheter",
            "",
            "Nye tall for fastlegeordningen",
            "3. februar 2025",
            "Flere innbyggere har fått fastlege.",
            "",
            "Rettleiar for kommunane",
            "",
            "28. januar 2025",
            "",
            "Kommunane får ny rettleiar om",
            "helsetenester i heimen.",
            "",
            "Ny strategi",
            "2. januar 2025",
            "",
        ]
    )
    source = SourceText.from_text(text, name="nyheter.txt")
    assert recognise(source)
    items = parse_news(source)
    assert [(i.title, i.published, i.summary, i.language) for i in items] == [
        ("Ny strategi", date(2025, 1, 2), "", "nb"),
        (
            "Rettleiar for kommunane",
            date(2025, 1, 28),
            "Kommunane får ny rettleiar om helsetenester i heimen.",
            "nn",
        ),
        (
            "Nye tall for fastlegeordningen",
            date(2025, 2, 3),
            "Flere innbyggere har fått fastlege.",
            "nb",
        ),
    ]


# --- Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n\n\n"])
def test_empty_text_is_refused(text):
    """An empty text is no listing: recognise says no, parse_news raises ValueError."""
    source = SourceText.from_text(text, name="empty.txt")
    assert not recognise(source)
    with pytest.raises(ValueError, match="no news dates found"):
        parse_news(source)


@pytest.mark.parametrize("name", OTHER_SEEDS)
def test_other_document_families_are_refused(name):
    """Annual reports, the budget proposition and the white paper hold no news date lines."""
    source = load_seed(name)
    assert not recognise(source)
    with pytest.raises(ValueError, match="no news dates found"):
        parse_news(source)


def test_two_date_lines_are_not_a_listing():
    """recognise wants the date line several times (three or more)."""
    two = _listing(("A", "01. januar 2024", []), ("B", "02. januar 2024", []))
    three = _listing(*[(title, "01. januar 2024", []) for title in "ABC"])
    assert not recognise(two)
    assert recognise(three)


@pytest.mark.parametrize("cut", [*range(1, 60), 5143, 5146, 6201, 6204, 9000])
def test_truncated_seed_parses_what_is_there(source, cut):
    """A copy cut anywhere parses without IndexError; ranges stay inside the text."""
    truncated = SourceText(name="truncated.txt", lines=source.lines[:cut])
    try:
        items = parse_news(truncated)
    except ValueError as error:
        assert "no news dates found" in str(error)
        return
    for item in items:
        assert 1 <= item.start_line <= item.end_line <= cut


def test_mangled_seed_parses_with_warnings(source):
    """Dropping every seventh line loses titles: those items stay, untitled and flagged."""
    lines = list(source.lines[:2000])
    del lines[::7]
    items = parse_news(SourceText(name="mangled.txt", lines=tuple(lines)))
    untitled = [item for item in items if not item.title]
    assert untitled
    assert all(
        "title line is blank" in item.warnings[0] or "no title line" in item.warnings[0]
        for item in untitled
    )
    assert len({item.slug for item in items}) == len(items)
    assert all(1 <= item.start_line <= item.end_line <= len(lines) for item in items)


def test_text_starting_at_a_date_line_warns_about_the_title(source):
    """A copy starting two lines above the first date has no title for its first item."""
    items = parse_news(SourceText(name="cut.txt", lines=source.lines[3:200]))
    first = next(item for item in items if item.start_line == 2)
    assert first.title == ""
    assert first.slug == "2024-03-15-uten-tittel"
    assert "no title line" in first.warnings[0]


# --- A single article ----------------------------------------------------------------------

# A Helsedirektoratet article saved from the web as text: title, date marker, ingress,
# sub-heading and body. Expected before the parser was written: one news document
# titled by the first line, published 14 March 2025, the ingress as summary, the whole
# text (sub-heading included) as its one section, lines 1–12.
ARTICLE = """Nye nasjonale faglige råd om fysisk aktivitet

Publisert 14.03.2025

Helsedirektoratet har publisert nye faglige råd om fysisk aktivitet for eldre.

Hva rådene sier

Eldre bør være fysisk aktive hver dag, og styrketrening to ganger i uken anbefales.

Rådene gjelder for kommunale helse- og omsorgstjenester.

Sist faglig oppdatert 14. mars 2025
"""


def test_a_single_article_is_one_news_document():
    from ingest.parsers import parse as parse_family
    from ingest.plain_text import read_text_document

    result = parse_family(read_text_document(SourceText.from_text(ARTICLE, name="råd.txt")))
    assert result.kind == "news"
    (item,) = result.documents
    assert (item.title, item.published, item.slug) == (
        "Nye nasjonale faglige råd om fysisk aktivitet",
        date(2025, 3, 14),
        "2025-03-14-nye-nasjonale-faglige-rad-om-fysisk-aktivitet",
    )
    assert (
        item.summary
        == "Helsedirektoratet har publisert nye faglige råd om fysisk aktivitet for eldre."
    )
    (section,) = item.sections
    assert "Hva rådene sier\n\nEldre bør være fysisk aktive" in section.text
    assert (section.start_line, section.end_line) == (1, 13)


def test_a_long_numbered_report_with_a_date_is_no_article():
    from ingest.parsers import parse as parse_family
    from ingest.plain_text import read_text_document

    text = "Rapport om ventetider\n\nPublisert 1. mars 2025\n\n1 Innledning\n\nTekst.\n"
    result = parse_family(read_text_document(SourceText.from_text(text, name="r.txt")))
    assert result.kind == "other"
