"""ingest/pdf/ on real published PDFs: the block stream of chosen pages, pinned.

The files are read from ``../shared/real-docs/`` (its SOURCES.md says what each is),
never copied into the project; each is read once per test run. Without the folder the
tests skip, saying so; with ``CI=true`` a missing folder fails the run.

Each golden file in ``golden/real/`` is one page's blocks in reading order, one line a
block: kind, level, label, frame, the first 80 characters of its text, and a table's
rows cell by cell. Each was checked against the page image
(``pdftoppm -r 80 -f N -l N -png FILE out``); the test's docstring says what the page
shows and what the reader must make of it. ``--update-golden`` rewrites them: review
the diff against the page image.

The reader was tuned on Meld. St. 1; Prop. 1 LS, the FHI note and the robustness files
were written down before the reader was run on them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.blocks import TABLE, Block, ReadDocument
from ingest.pdf import read_pdf
from ingest.sources import UnreadableSource

ROOT = Path(__file__).resolve().parents[2]
REAL_DOCS = ROOT.parent / "shared" / "real-docs"
GOLDEN = Path(__file__).resolve().parent / "golden" / "real"

MELD = "meld-st-1-2025-2026-nasjonalbudsjettet.pdf"
PROP = "prop-1-ls-2025-2026-skatter-avgifter-toll.pdf"
FHI = "fhi-notat-2024-menns-bruk-av-primarhelsetjenester.pdf"
FEDERAL = "robustness/federal-register-2020-17221.pdf"
FAKE_BOLD = "robustness/issue-71-duplicate-chars-2.pdf"
MARGINS = "robustness/issue-316-example.pdf"
ARTICLE = "robustness/issue-982-example.pdf"
SCOTUS = "robustness/scotus-transcript-p1.pdf"


@pytest.fixture(scope="session")
def real_docs() -> Path:
    if not REAL_DOCS.is_dir():
        reason = f"the real published files are not at {REAL_DOCS} (../shared/real-docs)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return REAL_DOCS


@pytest.fixture(scope="session")
def real_pdf(real_docs):
    """A reader of the real files that reads each one once per test run."""
    read: dict[str, ReadDocument | UnreadableSource] = {}

    def reader(name: str) -> ReadDocument:
        if name not in read:
            try:
                read[name] = read_pdf((real_docs / name).read_bytes(), name=Path(name).name)
            except UnreadableSource as error:
                read[name] = error
        if isinstance(read[name], UnreadableSource):
            raise read[name]
        return read[name]

    return reader


# --- Golden pages ------------------------------------------------------------------------------


def block_line(block: Block) -> list[str]:
    head = block.kind
    if block.level:
        head += f" {block.level}"
    if block.label:
        head += f" {block.label}"
    if block.frame is not None:
        head += f" [frame {block.frame.number}: {block.frame.title[:40]}]"
    if block.kind == TABLE:
        return [
            f"{head} | " + " | ".join(cell.replace("\n", " ")[:30] for cell in row)
            for row in block.rows
        ]
    return [f"{head} | {' '.join(block.text.split())[:80]}"]


def page_stream(doc: ReadDocument, page: int) -> str:
    """The blocks that start on ``page``, one line each (a line per table row)."""
    lines = [line for block in doc.blocks if block.page == page for line in block_line(block)]
    return "\n".join(lines) + "\n"


def assert_golden(doc: ReadDocument, page: int, name: str, update: bool) -> None:
    actual = page_stream(doc, page)
    golden = GOLDEN / f"{name}.txt"
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def text_of(doc: ReadDocument) -> str:
    return "\n".join(" ".join(block.text.split()) for block in doc.blocks)


def test_meld_two_column_box_reads_column_by_column(real_pdf, update_golden):
    """Meld. St. 1, page 20 (printed 18): the end of Boks 2.2 (bullets with nested dash
    items in two columns) and Boks 2.3 "Offentlige finanser internasjonalt", a
    full-width box title above two columns of text, both on a shaded background.
    poppler's default mode reads Boks 2.3 line across line. The reader reads each box's
    left column, then its right; the dash items are list items, the box titles the
    frames' titles, the running header and page number are gone."""
    doc = real_pdf(MELD)
    assert_golden(doc, 20, "meld-st-1-p20", update_golden)
    text = text_of(doc)
    assert "avbøte virkningene av den internasjonale finanskrisen og pandemien" in text
    assert "se figur 2.6.\nDen høye og økende gjelden" in text


def test_meld_full_width_heading_above_two_columns(real_pdf, update_golden):
    """Meld. St. 1, page 38 (printed 36): the chapter heading "3 Budsjettpolitikken"
    across the page, then two columns; the right column has the heading "3.1
    Innretningen av budsjettpolitikken 2026" over two lines. The reader gives the
    chapter heading first (level 1), the left column's paragraphs, then 3.1 (one level
    down) and the right column's paragraphs."""
    doc = real_pdf(MELD)
    assert_golden(doc, 38, "meld-st-1-p38", update_golden)
    headings = [(block.level, block.text) for block in doc.headings() if block.page == 38]
    assert headings == [
        (1, "3 Budsjettpolitikken"),
        (2, "3.1 Innretningen av budsjettpolitikken 2026"),
    ]


def test_meld_columns_above_a_full_width_table(real_pdf, update_golden):
    """Meld. St. 1, page 91 (printed 89): a bar chart with its caption and a footnote
    in the left column beside text in the right one, then Tabell 4.4 across the page (a
    table without vertical rulings) with its footnote. The reader reads the left column
    (the chart's labels are text of their own), then the right column with heading
    4.5.5, then the table caption and the table's rows; no column is read into
    another."""
    doc = real_pdf(MELD)
    assert_golden(doc, 91, "meld-st-1-p91", update_golden)
    text = text_of(doc)
    assert "Statens opptak av langsiktige lån i det innenlandske markedet" in text


def test_meld_loosely_justified_lines_stay_whole(real_pdf):
    """Meld. St. 1, page 96 (printed 94): two columns of justified prose; some lines are
    set so loosely that their word spaces are an em wide ("med 2005. Virksomheter med
    kvotepliktige", "utslippene innenfor innsatsfordelingen med"). The page reads as
    plain paragraphs: such a line is one line of text, not cells, so its paragraph goes
    on and "Kvo-" at one line's end joins "ter" on the next."""
    text = text_of(real_pdf(MELD))
    assert "sammenlignet med 2005. Virksomheter med kvotepliktige utslipp må årlig" in text
    assert "Kvoter som ikke tildeles vederlagsfritt, kan kjøpes i statlige auksjoner." in text
    assert "redusere utslippene innenfor innsatsfordelingen med 40 pst." in text


def test_meld_column_beside_a_chart_with_a_legend(real_pdf):
    """Meld. St. 1, page 115 (printed 113): the left column's text beside Figur 5.9, a
    bar chart whose axis values share baselines with the text and whose legend holds
    the right side's only two long lines. The left column reads whole, without the
    chart's numbers in its lines."""
    text = text_of(real_pdf(MELD))
    assert (
        "EU. Ulik sammensetning av innvandrerbefolkningen gjør det vanskelig å sammenligne "
        "mellom land." in text
    )


def test_meld_box_column_of_two_lines_above_a_chart(real_pdf):
    """Meld. St. 1, page 57 (printed 55): Boks 3.6 goes on with four lines in its left
    column and two and a word in its right one, above a chart across the box (Figur
    3.16). The box reads column by column: the paragraph runs from the left column into
    the right one whole, and the chart's labels come after it."""
    text = text_of(real_pdf(MELD))
    assert (
        "hvor petroleumsproduksjonen har kommet ned på et relativt lavt nivå, har "
        "justeringene av prisbanene for petroleumsprodukter mindre betydning." in text
    )


def test_meld_box_title_centred_across_the_gutter(real_pdf, update_golden):
    """Meld. St. 1, page 130 (printed 128): Boks 5.5 "Indikatorer for
    produktmarkedsregulering", its title centred across the page above two columns of
    four lines each, then a chart, its caption and two more columns. The title reads
    first, then the left column and the right one, each whole: the paragraph runs from
    "nyetable-" into "ringer og utvikling"."""
    doc = real_pdf(MELD)
    assert_golden(doc, 130, "meld-st-1-p130", update_golden)
    assert (
        "hindre begrenser nyetableringer og utvikling av etablerte virksomheter. Figur 5.20"
        in text_of(doc)
    )


def table_on(doc: ReadDocument, page: int) -> Block:
    (table,) = [block for block in doc.blocks if block.kind == TABLE and block.page == page]
    return table


def test_meld_unruled_table_header_read_cell_by_cell(real_pdf, update_golden):
    """Meld. St. 1, page 170 (printed 168): Tabell 1.3, rules above and below its
    header but none between columns or rows. The header's cells are set over one to six
    lines, bottom-aligned, and "Strukturelt oljekorrigert overskudd" stands over the
    last three columns; the rows are set further apart than the header's lines, and the
    last column stands past the edge of the page's only lines of running text (the
    caption, the source). The header is one row, each cell its lines top to bottom (the
    title over several columns heads the first); each year is one row of eight cells."""
    doc = real_pdf(MELD)
    assert_golden(doc, 170, "meld-st-1-p170", update_golden)
    table = table_on(doc, 170)
    assert len(table.rows) == 28
    assert table.rows[0][2] == (
        "Overføringer fra\nNorges Bank og\nnetto renteinntekter\nutover beregnet\ntrendnivå\n(B)"
    )
    assert table.rows[0][5] == "Strukturelt oljekorrigert overskudd\nMill. kroner\n(F=A-B-C-D)"
    assert table.rows[1] == (
        "2000",
        "-7 943",
        "1 281",
        "-6 712",
        "11 558",
        "-14 071",
        "-1,2",
        "0,5",
    )


def test_meld_unruled_table_labels_wrap_above_their_figures(real_pdf, update_golden):
    """Meld. St. 1, page 187 (printed 185): Tabell 3.17, without rulings between its
    rows; a label that wraps ("A. Inntekter utenom petroleums-" / "inntekter .....")
    has its figures on its last line, after dot leaders, and the rows are set apart
    further than a label's lines. Each label is one row with its six figures; the
    header's numbered cells ("3." / "Revidert" / "nasjonal-" / "budsjett") are one row.
    A word broken over a cell's lines is whole ("petroleumsinntekter")."""
    doc = real_pdf(MELD)
    assert_golden(doc, 187, "meld-st-1-p187", update_golden)
    table = table_on(doc, 187)
    assert table.rows[0][3] == "3.\nRevidert\nnasjonalbudsjett"
    assert table.rows[1] == (
        "A. Inntekter utenom petroleumsinntekter",
        "1 577 359",
        "3 947",
        "1 581 306",
        "3 770",
        "1 585 076",
        "7 717",
    )
    assert table.rows[-1][0] == (
        "H. Samlet overskudd på statsbudsjettet og Statens pensjonsfond (E+F+G)"
    )
    assert len(table.rows) == 16


def test_prop_two_columns_of_prose(real_pdf, update_golden):
    """Prop. 1 LS, page 30 (printed 28): two columns of prose; the left column's last
    paragraph runs on into the right column ("… de høyeste inn-" / "tektene og
    formuene"), the right column has italic run-in headings. The reader reads the left
    column, then the right, and joins the paragraph and the hyphenated word across the
    column break."""
    doc = real_pdf(PROP)
    assert_golden(doc, 30, "prop-1-ls-p30", update_golden)


def test_prop_law_proposal_headings_and_columns(real_pdf, update_golden):
    """Prop. 1 LS, page 318 (printed 316): "A – Forslag til lovvedtak" and the centred
    title "Forslag til lov om endringer i Svalbardskatteloven" across the page, then two
    columns of law text with the section numerals "I" and "II" centred in them. The
    reader gives the headings first, then the left column (I, the amended paragraphs)
    and then the right column (the rest of § 3-3, § 6-3, II)."""
    doc = real_pdf(PROP)
    assert_golden(doc, 318, "prop-1-ls-p318", update_golden)


def test_fhi_numbered_headings_and_ruled_table(real_pdf, update_golden):
    """The FHI note, page 9 (printed 8): one column; headings "2.3 Analyser", the
    italic "2.3.1 Bruk av helsetjenester" and "2.3.2 …", the chapter "3 Resultater",
    "3.1 Populasjon", then "Tabell 3.1 Beskrivelse av populasjonen", a ruled table of
    three columns and eight rows, its note and source. The reader gives the headings
    with levels deeper for deeper numbers, the paragraphs, and the table row by row."""
    doc = real_pdf(FHI)
    assert_golden(doc, 9, "fhi-notat-p9", update_golden)


def test_fhi_table_row_that_wraps_is_one_row(real_pdf, update_golden):
    """The FHI note, page 10 (printed 9): Tabell 3.2, a ruled table whose second row's
    label wraps over three lines ("Antall (andel) som har minst en konsultasjon hos
    fastlegen eller legevakt i 2019") and whose cells wrap ("1 313 764 (67%)"); then a
    paragraph, a figure of three charts and its caption. Each wrapped row is one table
    row."""
    doc = real_pdf(FHI)
    assert_golden(doc, 10, "fhi-notat-p10", update_golden)
    table = next(block for block in doc.blocks if block.page == 10 and block.kind == TABLE)
    assert any(
        row[0].replace("\n", " ").startswith("Antall (andel) som har minst") for row in table.rows
    )


def test_three_columns_under_a_full_width_table(real_pdf, update_golden):
    """Federal Register, page 6: a ruled cost table across the top ("ESTIMATED
    COSTS—Continued"), then three columns of text with run-in headings ("Regulatory
    Findings", "(c) Applicability", …). The reader gives the table, then the first
    column, the second and the third, each top to bottom."""
    doc = real_pdf(FEDERAL)
    assert_golden(doc, 6, "federal-register-p6", update_golden)
    text = text_of(doc)
    assert "The FAA has received no definitive data that would enable the agency" in text


def test_footnotes_under_three_columns_read_column_by_column(real_pdf):
    """Federal Register, page 2: three columns of text, each ending in its own footnotes
    (1-4 under the first column, 5-6 under the second, 7-9 under the third; the marks
    of 3, 5, 6, 8 and 9 are set apart from their first line). Each note reads whole and
    on its own, column after column; no line of one column's notes is read between two
    lines of another's. Known gap: note 1's rule stands just above the page's middle, so
    the reader takes it for text."""
    doc = real_pdf(FEDERAL)
    notes = [" ".join(b.text.split()) for b in doc.blocks if b.kind == "footnote" and b.page == 2]
    text = " ".join(notes)
    assert (
        "The angle of attack (or AOA) is the angle at which the airplane wing meets the "
        "oncoming air. On the current 737 MAX, AOA is measured by two independent AOA sensors"
    ) in text
    assert (
        "Stall warning indication is the activation of the stick shaker and other warnings. "
        "An airspeed disagree alert"
    ) in text
    assert (
        "Ethiopian Aircraft Accident Investigation Preliminary Report AI–01/19, dated March "
        "2019, and the Ethiopian Interim Investigation Report"
    ) in text
    labels = [b.label for b in doc.blocks if b.kind == "footnote" and b.page == 2]
    assert labels == ["2", "3", "4", "5", "6", "7", "8", "9"]
    first, second, third = (
        text.index(start)
        for start in ("The angle of attack", "Stall warning indication", "Ethiopian Aircraft")
    )
    assert first < second < third


def test_fake_bold_is_read_once(real_pdf, update_golden):
    """issue-71, page 13: French medical text whose headings ("IV. ALCALOSES
    MÉTABOLIQUES", "A. Introduction") are over-printed to look bold (every glyph drawn
    twice), bullets with nested arrows, and crop marks round the page. The reader
    gives each heading's letters once and does not take the crop marks for a table.
    The bullets (a square in Wingdings2, an arrow in Wingdings3, whose codes read "¢"
    and "h") are pictures: they read as bullets, so the items are list items, the
    arrows' nested one level below the squares'. Known gaps, pinned here: the headings
    are set in the body's size, so they come out as enumerated list items ("IV.",
    "A."); the chapter's running head in its shaded band stays (it changes with the
    chapter), its page number goes."""
    doc = real_pdf(FAKE_BOLD)
    assert_golden(doc, 13, "issue-71-p13", update_golden)
    assert "ALCALOSES MÉTABOLIQUES" in text_of(doc)
    assert "AALLCC" not in text_of(doc)


def test_fake_bold_in_a_table_cell_is_read_once(real_pdf):
    """issue-71, page 1: the objectives box draws every glyph of "UE 8. Circulation -
    Métabolismes" twice and of "(non incluses dans le programme de l'ECN ...)" four
    times, and its filled line backgrounds meet as the cells of a table. A cell's text,
    like a line's, has each letter once."""
    text = text_of(real_pdf(FAKE_BOLD))
    assert "non incluses dans le programme de l’ECN mais traitées à titre indicatif" in text
    assert "UUEE" not in text
    assert "nnnnoooonnnn" not in text


def test_row_labels_turned_along_a_table_are_its_first_cells(real_pdf):
    """issue-71, page 7: Tableau 5, a ruled table whose row labels ("Mécanisme et
    défaut", "NH4+ urinaire", ... "pH urinaire") are set sideways, reading upward, each
    in its row's first cell. Each label is its row's first cell, its two lines in
    order, not a line of its own read before the page."""
    doc = real_pdf(FAKE_BOLD)
    (table,) = [block for block in doc.blocks if block.page == 7 and len(block.rows) > 5]
    assert [row[0].replace("\n", " ") for row in table.rows] == [
        "",
        "",
        "Mécanisme et défaut",
        "NH + 4 urinaire",
        "TA urinaire",
        "Signes associés",
        "Causes",
        "Fréquence chez l’adulte",
        "Kaliémie",
        "pH urinaire",
    ]
    assert table.rows[-1][1] == "< 5,5"
    assert "pH Fréquence Signes" not in text_of(doc)


def test_soft_hyphen_at_a_line_end_joins_the_word(real_pdf):
    """issue-71, page 13: "(insuffi-" at a line end, "sance rénale fonctionnelle)" on the
    next; the hyphen is drawn with the soft-hyphen character (U+00AD). The page shows a
    hyphen, and the word is whole in the text, as for any typesetter's break."""
    doc = real_pdf(FAKE_BOLD)
    text = text_of(doc)
    assert "sans perte néphronique (insuffisance rénale fonctionnelle)" in text
    assert "\xad" not in "\n".join(doc.source.lines)


def test_side_margin_label_leaves_the_text(real_pdf, update_golden):
    """issue-316, page 3: one column of an article, with the journal's label ("ER
    29,2") and the page number (164) in the left margin. The reader gives the body's
    paragraphs in order; the margin label and number are running lines, not text."""
    doc = real_pdf(MARGINS)
    assert_golden(doc, 3, "issue-316-p3", update_golden)


def test_margin_captions_read_whole_after_the_page(real_pdf, update_golden):
    """issue-316, page 11: two tables set without rulings, each captioned in the left
    margin on the table's own baselines ("Table III." / "Frequencies and changes" / "in
    WFC-related" ...), and the journal's label and page number above them. Each caption
    reads whole, after the page's text, instead of one caption line between each two
    table rows; the label and number are running lines. The header's lines are the
    table's first rows, and a group's label under them ("WFC – positive:") a row of
    its own. Known gaps, pinned here: the rows are set as close as the header's lines,
    so the header's two lines are two rows, and a group's label under a row with a
    label ("Change in %" over "WFC – negative:") joins that row."""
    doc = real_pdf(MARGINS)
    assert_golden(doc, 11, "issue-316-p11", update_golden)
    assert (
        "Table III. Frequencies and changes in WFC-related comments before and after the"
        " interventions" in text_of(doc)
    )


def test_mirrored_margins_running_title_leaves_the_text(real_pdf):
    """issue-316 mirrors its margins: the running title "Shift work / interventions"
    stands in the right margin of odd pages, where an even page's text runs. Taken
    against the text edges of its own side, it is a running line, not text between the
    first lines of the body."""
    doc = real_pdf(MARGINS)
    assert "Shift work" in doc.running
    assert "the particular issues of work-life balance, stress and coping, are both more" in (
        text_of(doc)
    )


def test_ligatures_read_as_their_letters(real_pdf):
    """issue-316 and issue-982 set "fi", "fl" and "ff" as one ligature glyph each
    ("difﬁculties", "conﬂict", "science-ﬁction"). A reader of the page sees the letters,
    and a search for "difficulties" must find the word: the stored text spells them out."""
    for name in (MARGINS, ARTICLE):
        text = "\n".join(real_pdf(name).source.lines)
        assert not any("\ufb00" <= char <= "\ufb06" for char in text), name
    assert "leads to difficulties in structuring family" in text_of(real_pdf(MARGINS))
    assert "comes from the science-fiction" in text_of(real_pdf(ARTICLE))


def test_text_set_sideways_is_read(real_pdf):
    """issue-982, page 1, prints arXiv's stamp turned a quarter in the left margin
    ("arXiv:1601.03642v1 [cs.CV] 12 Jan 2016"), and every page of the Federal Register
    file a production slug the same way ("jbell on DSKJLSW7X2PROD with PROPOSALS"). Text
    set sideways is text, but no part of the text's flow: the stamp reads before the
    page's columns, so the paragraph running on from page 1 into page 2 stays whole; the
    slug, in the side margin of every page, is a running line."""
    article = text_of(real_pdf(ARTICLE))
    stamp = article.index("arXiv:1601.03642v1 [cs.CV] 12 Jan 2016")
    assert stamp < article.index("Creativity in Machine Learning")
    assert "surface of this error function and makes a step in the direction" in article
    federal = real_pdf(FEDERAL)
    assert "jbell on DSKJLSW7X2PROD with PROPOSALS" in federal.running
    assert "DSKJLSW7X2PROD" not in text_of(federal)


def test_a_word_broken_at_a_line_end_keeps_its_paragraph(real_pdf):
    """issue-982, page 5: the references hang their lines under the text after the label
    ("[Nie15] M. A. Nielsen, Neural Networks and Deep Learn-" / "ing. Determination
    Press"), so the second line starts right of the first. A line ending in a word
    broken at a hyphen goes on in the next line, wherever that starts: one entry, one
    paragraph, the word whole."""
    text = text_of(real_pdf(ARTICLE))
    assert "[Nie15] M. A. Nielsen, Neural Networks and Deep Learning. Determination Press" in text


def test_two_column_article_page(real_pdf, update_golden):
    """issue-982, page 2: a two-column article: the left column's text with section
    heading "III. IMAGE DATA" and "A. Google DeepDream", the right column with two
    figures and their captions and "B. Artistic Style Imitation". The reader reads the
    left column to its end before the right one."""
    doc = real_pdf(ARTICLE)
    assert_golden(doc, 2, "issue-982-p2", update_golden)


def test_numbered_transcript_lines(real_pdf, update_golden):
    """The Supreme Court transcript page: 25 numbered lines (the numbers in a column at
    the left), the caption of the case, the date and the appearances. The reader keeps
    the lines in order, top to bottom."""
    doc = real_pdf(SCOTUS)
    assert_golden(doc, 1, "scotus-transcript-p1", update_golden)


# --- Every robustness file: read, or one line saying why not --------------------------------------


def test_every_robustness_file_reads_or_says_why_not(real_pdf, real_docs):
    """Each file in robustness/ is read (with text) or stops with a one-line
    UnreadableSource reason; none raises anything else."""
    outcomes = {}
    for path in sorted((real_docs / "robustness").glob("*.pdf")):
        name = f"robustness/{path.name}"
        try:
            doc = real_pdf(name)
        except UnreadableSource as error:
            reason = str(error)
            assert reason and "\n" not in reason and len(reason) < 200, name
            outcomes[path.name] = reason
        else:
            assert doc.blocks and doc.page_count, name
            outcomes[path.name] = "read"
    assert outcomes["password-example.pdf"] == (
        "the PDF is encrypted with a password; ingest an unprotected copy"
    )
    assert outcomes["malformed-from-issue-932.pdf"] == "read"


def test_meld_metadata_outline_and_running_lines(real_pdf):
    """The Meld. St. names itself in its info dictionary, its bookmarks give the
    chapters with their pages, the running header left the text and is reported, and
    the blank pages (an empty content stream) are no warning."""
    doc = real_pdf(MELD)
    assert doc.metadata.title == "Meld. St. 1 (2025–2026)"
    assert doc.metadata.author == "Det kongelige Finansdepartement"
    assert (1, "3 Budsjettpolitikken", 38) in [(e.level, e.title, e.page) for e in doc.outline]
    assert doc.warnings == ()
    assert any("Nasjonalbudsjettet 2026" in line for line in doc.running)
    assert not any(
        block.text.startswith(("Nasjonalbudsjettet 2026", "Meld. St. 1", "36"))
        for block in doc.blocks
        if block.page == 38
    )
