"""The import is atomic and idempotent, keeps curators' work, and reports bad files clearly.

These tests ingest the real news listing (seed 000) and copies of it with deliberate changes.
"""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from documents.models import Document, Section, SourceFile
from ingest.pipeline import ingest_file

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
NEWS = "000_6ef6d4d4d57f5e61.txt"
# An item in the listing (lines 5-7 of the seed): title, date, summary.
FIRST_TITLE = "Hilde Myhren ny divisjonsdirektør i Helsedirektoratet"
FIRST_SUMMARY_START = "Hilde Myhren blir ny divisjonsdirektør"


@pytest.fixture
def news_copy(tmp_path) -> Path:
    path = tmp_path / NEWS
    shutil.copy(SEEDS / NEWS, path)
    return path


def database_state() -> list[tuple]:
    return sorted(
        Document.objects.values_list("id", "slug", "title", "summary", "needs_review")
    ) + sorted(Section.objects.values_list("id", "document_id", "title", "text"))


def test_first_ingest_creates_one_document_per_news_item(news_copy):
    outcome = ingest_file(news_copy)
    assert outcome.status == "created", outcome.error
    assert outcome.kind == "news"
    assert Document.objects.filter(kind="news").count() == 400
    item = Document.objects.get(title=FIRST_TITLE)
    assert item.published.isoformat() == "2024-03-15"
    assert item.publisher == "Helsedirektoratet"  # from seeds/manifest.toml
    assert item.source_sha256 == SourceFile.objects.get().sha256
    assert item.sections.get().start_line == 1


def test_reingesting_unchanged_source_changes_nothing(news_copy):
    ingest_file(news_copy)
    before = database_state()
    last_imported = Document.objects.values_list("last_imported", flat=True).first()
    assert ingest_file(news_copy).status == "unchanged"  # skipped: same hash, same parser
    assert Document.objects.values_list("last_imported", flat=True).first() == last_imported
    forced = ingest_file(news_copy, force=True)  # parsed and compared row by row
    assert forced.status == "unchanged"
    assert forced.stats.rows["sections"]["updated"] == 0
    assert forced.stats.rows["sections"]["unchanged"] == 400
    assert database_state() == before


def test_a_curated_field_survives_a_reingest_of_changed_text_and_is_flagged(news_copy):
    ingest_file(news_copy)
    item = Document.objects.get(title=FIRST_TITLE)
    section = item.sections.get()
    item.summary = "Kuratorens oppsummering."
    item.edited_fields = ["summary"]
    item.save()
    untouched_id = Document.objects.exclude(pk=item.pk).order_by("pk").first().pk

    changed = news_copy.read_text(encoding="utf-8").replace(
        FIRST_SUMMARY_START, "Hilde Myhren er utnevnt til ny divisjonsdirektør", 1
    )
    news_copy.write_text(changed, encoding="utf-8")
    outcome = ingest_file(news_copy)
    assert outcome.status == "updated", outcome.error

    item.refresh_from_db()
    section.refresh_from_db()
    assert item.summary == "Kuratorens oppsummering."  # the curator's value stays
    assert item.needs_review and "summary" in item.review_reason
    assert item.parsed_values["summary"].startswith("Hilde Myhren er utnevnt")  # both values kept
    assert section.text.startswith("Hilde Myhren er utnevnt")  # not curated: follows the source
    assert Document.objects.filter(pk=untouched_id).exists()  # ids survive
    assert outcome.stats.conflicts


def another_listing(news_copy: Path, tmp_path: Path) -> Path:
    """A second listing: one new item (by date, the first), then every item of the first."""
    other = tmp_path / "other" / "listing.txt"
    other.parent.mkdir()
    new_item = (
        "              Et nytt eldre oppslag\n\n              \n              \n"
        "                01. januar 2016\n              \n\n              Et sammendrag.\n\n            \n"
    )
    other.write_text(new_item + news_copy.read_text(encoding="utf-8"), encoding="utf-8")
    return other


def test_an_overlapping_listing_adds_its_new_item_and_leaves_the_others(news_copy, tmp_path):
    ingest_file(news_copy)
    before = Document.objects.count()
    other = another_listing(news_copy, tmp_path)
    outcome = ingest_file(other)
    assert outcome.status == "created", outcome.error
    assert Document.objects.count() == before + 1
    new = Document.objects.get(title="Et nytt eldre oppslag")
    assert new.source.name == "listing.txt"
    assert len(outcome.stats.elsewhere) == before  # every other item stays the first file's
    assert not Document.objects.filter(source__name="listing.txt").exclude(pk=new.pk).exists()
    assert ingest_file(other).status == "unchanged"


NOTE = "Menns bruk av fastlege\n\nEt notat om hvor ofte menn går til fastlegen{}.\n"


def test_two_files_of_one_title_become_two_documents_that_keep_their_slugs(tmp_path):
    first, second = tmp_path / "notat.txt", tmp_path / "notat-revidert.txt"
    first.write_text(NOTE.format(""), encoding="utf-8")
    second.write_text(NOTE.format(", revidert"), encoding="utf-8")
    assert ingest_file(first).status == "created"
    assert ingest_file(second).status == "created"
    slugs = dict(Document.objects.values_list("source__name", "slug"))
    assert slugs == {
        "notat.txt": "menns-bruk-av-fastlege",
        "notat-revidert.txt": "menns-bruk-av-fastlege-2",
    }
    second.write_text(NOTE.format(", revidert igjen"), encoding="utf-8")
    assert ingest_file(second).status == "updated"
    assert dict(Document.objects.values_list("source__name", "slug")) == slugs


def test_a_failed_file_leaves_the_database_as_it_was(news_copy, tmp_path, monkeypatch):
    ingest_file(news_copy)
    before = database_state()
    # The import fails after writing the listing's new item, at its second document.
    from documents import services

    written = []
    real_import = services.document_import

    def failing_import(**kwargs):
        if written:
            raise ValueError("disk full")
        written.append(real_import(**kwargs))
        return written[-1]

    monkeypatch.setattr(services, "document_import", failing_import)
    outcome = ingest_file(another_listing(news_copy, tmp_path))
    assert outcome.failed and outcome.error == "disk full"
    assert written and written[0].title == "Et nytt eldre oppslag"  # it was written, then
    assert database_state() == before
    assert not Document.objects.filter(title="Et nytt eldre oppslag").exists()
    assert not SourceFile.objects.filter(name="listing.txt").exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\n  \n", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
        (
            "latin1.txt",
            "Årsrapport 2024 for Helsedirektoratet, økonomi".encode("latin-1"),
            "not UTF-8",
        ),
        ("utf16.txt", "Prop. 1 S (2024–2025)".encode("utf-16"), "UTF-16"),
    ],
)
def test_bad_input_gets_a_one_line_error_and_writes_nothing(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    outcome = ingest_file(path)
    assert outcome.failed
    assert reason in outcome.error
    assert "\n" not in outcome.error
    assert not Document.objects.exists()
    assert not SourceFile.objects.exists()


def test_a_document_no_family_claims_becomes_an_other_document(tmp_path):
    path = tmp_path / "notat.md"
    path.write_text("# Et notat\n\nOm ventetider.\n\n## Bakgrunn\n\nTekst.\n", encoding="utf-8")
    outcome = ingest_file(path)
    assert outcome.status == "created", outcome.error
    document = Document.objects.get()
    assert (document.kind, document.title) == ("other", "Et notat")
    assert [(s.title, s.level, s.text) for s in document.sections.order_by("position")] == [
        ("Et notat", 1, "Om ventetider."),
        ("Bakgrunn", 1, "Tekst."),
    ]


def test_the_manifest_fits_a_files_content_not_its_name(tmp_path):
    """The white paper's export lacks its title and reference; seeds/manifest.toml has
    them for that content, whatever the copy is called, and for no other content."""
    seed = SEEDS / "004_89a39abf184bf37d.txt"
    renamed = tmp_path / "stortingsmelding.txt"
    shutil.copy(seed, renamed)
    assert ingest_file(renamed).status == "created"
    document = Document.objects.get(kind="white_paper")
    assert (document.reference, document.slug) == ("Meld. St. 9 (2023–2024)", "meld-st-9-2023-2024")

    impostor = tmp_path / "other" / seed.name
    impostor.parent.mkdir()
    impostor.write_text("# Et annet notat\n\nSom bare heter som meldingen.\n", encoding="utf-8")
    assert ingest_file(impostor).status == "created"
    other = Document.objects.get(kind="other")
    assert (other.title, other.reference, other.publisher) == ("Et annet notat", "", "")


def test_a_truncated_listing_is_either_read_in_part_or_refused_but_never_crashes(tmp_path):
    text = (SEEDS / NEWS).read_text(encoding="utf-8")
    path = tmp_path / "truncated.txt"
    path.write_text(text[: len(text) // 3], encoding="utf-8")
    outcome = ingest_file(path, kind="news")
    assert outcome.status == "created", outcome.error
    assert 0 < Document.objects.count() < 400


def test_the_command_goes_on_after_a_bad_file_and_exits_non_zero(tmp_path, news_copy, capsys):
    folder = news_copy.parent
    (folder / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError) as raised:
        call_command("ingest", str(folder), "--no-progress")
    assert raised.value.returncode == 1
    output = capsys.readouterr().out
    assert "empty.txt" in output and "the file is empty" in output
    assert Document.objects.filter(kind="news").count() == 400


def test_the_command_lists_each_files_first_warnings(news_copy, capsys, monkeypatch):
    """The news listing has 8 warnings (language unsure); with room for 3, 3 and a count."""
    from ingest.management.commands import ingest

    monkeypatch.setattr(ingest, "WARNINGS_SHOWN", 3)
    call_command("ingest", str(news_copy), "--dry-run", "--no-progress")
    output = capsys.readouterr().out
    listed = [line for line in output.splitlines() if line.startswith(f"{news_copy.name}: ")]
    assert len(listed) == 4, output
    assert all("language unsure" in line for line in listed[:3])
    assert listed[3] == f"{news_copy.name}: … and 5 more (-v 2)"


def test_dry_run_parses_and_writes_nothing(news_copy, capsys):
    call_command("ingest", str(news_copy), "--dry-run", "--no-progress")
    assert "400" in capsys.readouterr().out
    assert not Document.objects.exists()


def test_a_pdf_is_ingested_with_pages_its_original_and_its_extracted_text(tmp_path, client):
    """The white paper typeset as a PDF: rows carry pages, the page links open the PDF."""
    pdf = Path(__file__).resolve().parent / "pdfs" / "white_paper.pdf"
    shutil.copy(pdf, tmp_path / "white_paper.pdf")
    outcome = ingest_file(tmp_path / "white_paper.pdf")
    assert outcome.status == "created", outcome.error
    assert outcome.kind == "white_paper"
    document = Document.objects.get(kind="white_paper")
    source = document.source
    assert source.page_count and source.page_count > 1
    sections = document.sections.all()
    assert sections and all(s.page_start and s.page_end >= s.page_start for s in sections)
    assert all(m.page_start for m in document.measures.all())

    lines = client.get(f"/documents/{document.slug}/text/").content.decode().split("\n")
    section = sections.exclude(level=1).first()
    assert section.title.split()[0] in " ".join(lines[section.start_line - 1 : section.end_line])

    original = client.get(f"/documents/{document.slug}/original/")
    assert original["Content-Type"] == "application/pdf"
    assert b"".join(original.streaming_content).startswith(b"%PDF")
    page = client.get(f"/sections/{section.pk}/").content.decode()
    assert f"/documents/{document.slug}/original/#page={section.page_start}" in page


def test_a_bad_pdf_gets_a_one_line_error_and_writes_nothing(tmp_path):
    for name in (
        "truncated.pdf",
        "encrypted.pdf",
        "not_a_pdf.pdf",
        "zero_pages.pdf",
        "scanned_only.pdf",
    ):
        shutil.copy(Path(__file__).resolve().parent / "pdfs" / name, tmp_path / name)
        outcome = ingest_file(tmp_path / name)
        assert outcome.failed, name
        assert outcome.error and "\n" not in outcome.error
    assert not Document.objects.exists()


@pytest.mark.django_db(transaction=True)  # committed, so each file's index write runs
def test_segments_of_one_size_tier_merge_as_the_files_come_in(tmp_path, search_index):
    """Each file's index write adds a segment; a search pays per segment, so the third
    segment of a few hundred entries merges the three into one."""
    from documents import indexing

    if indexing.index_in_database():
        pytest.skip("the PostgreSQL engine's index is a table, not segments")
    names = ("001_604cd1db9da4de4d.txt", "002_6382bfd4d7ccf047.txt", "004_89a39abf184bf37d.txt")
    for name in names:
        shutil.copy(SEEDS / name, tmp_path / name)
    call_command("ingest", str(tmp_path / names[0]), str(tmp_path / names[1]), "--no-progress")
    search_index.index = search_index.index.refresh()
    assert len(search_index.index._segments()) == 2
    call_command("ingest", str(tmp_path / names[2]), "--no-progress")
    search_index.index = search_index.index.refresh()
    assert len(search_index.index._segments()) == 1
