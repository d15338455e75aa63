"""A person in Chromium: walking a document, filtering decisions, exporting, charts."""

import csv
import io
import re
from pathlib import Path

import pytest

# django_db makes pytest-django create the test database; the tests themselves only read.
pytestmark = [pytest.mark.playwright, pytest.mark.django_db]


def test_walk_the_table_of_contents_to_a_section_and_back(page, site):
    page.goto(f"{site}/documents/meld-st-9-2023-2024/")
    assert "Nasjonal helse- og samhandlingsplan" in page.inner_text("h1")
    page.get_by_role(
        "link", name=re.compile("Gode pasientforløp og likeverdig tilgang")
    ).first.click()
    page.wait_for_url(re.compile(r"/sections/\d+/$"))
    assert "Gode pasientforløp og likeverdig tilgang på tjenester" in page.inner_text("h1")
    assert "kildelinjer 432" in page.inner_text("main")
    page.get_by_role("link", name="Neste").or_(page.locator("a[rel=next]")).first.click()
    page.wait_for_url(re.compile(r"/sections/\d+/$"))
    page.locator("nav.breadcrumbs a").nth(1).click()
    page.wait_for_url(re.compile(r"/documents/meld-st-9-2023-2024/$"))
    assert page.locator("ol.toc li").count() > 100


def test_filter_the_decisions_and_download_the_csv(page, site):
    page.goto(f"{site}/decisions/")
    page.select_option("select[name=kind]", "anmodningsvedtak")
    page.select_option("select[name=reporting_closed]", "true")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"kind=anmodningsvedtak"))
    shown = page.inner_text("nav.pagination p")
    total = int(re.search(r"av (\d+)", shown).group(1))
    assert total == 35  # the request decisions whose reporting ends (table 3.1 "Ja")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Eksporter CSV").click()
    download = download_info.value
    assert re.match(r"helsedocs-decisions-.*\.csv$", download.suggested_filename)
    body = Path(download.path()).read_text(encoding="utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body[1:])))
    assert len(rows) == total
    assert {row["reporting_closed"] for row in rows} == {"true"}
    assert all(row["session"] and row["number"] and row["date"] for row in rows)


def test_open_the_budget_chart_and_drill_into_a_category(page, site):
    page.goto(f"{site}/charts/budget/")
    assert page.locator("svg.bar-chart rect.forslag").count() >= 8
    assert "10.30 Spesialisthelsetjenesten" in page.text_content("svg.bar-chart")
    page.locator("svg.bar-chart a", has_text="Spesialisthelsetjenesten").first.click()
    page.wait_for_url(re.compile(r"category=\d+"))
    assert "732" in page.inner_text("table.figures")
    page.locator("table.figures a", has_text="Regionale helseforetak").first.click()
    page.wait_for_url(re.compile(r"/budget/\?document=prop-1-s-2024-2025&kap=732"))
    assert "70" in page.inner_text("table.rows")


def test_search_from_the_home_page_and_open_a_hit(page, site):
    page.goto(f"{site}/")
    home_search = page.get_by_role("search", name="Søk i dokumentene")
    home_search.get_by_role("searchbox").fill("fastlegeordningen")
    home_search.get_by_role("button", name="Søk").click()
    page.wait_for_url(re.compile(r"/search/\?q=fastlegeordningen"))
    hits = page.locator("ol.hits li.hit")
    assert hits.count() >= 5
    assert page.locator("ol.hits mark").count() > 0
    assert "Type" in page.inner_text("aside.facets")
    first_title = hits.first.locator("h2 a").inner_text()
    hits.first.locator("h2 a").click()
    page.wait_for_load_state()
    assert first_title[:30] in page.inner_text("main")


def test_facet_counts_stay_whole_beside_long_titles(page, site):
    """A two-digit count beside a title that wraps stays on one line ("52", not "5" over "2")."""
    page.goto(f"{site}/search/?q=fastlegen")
    counts = page.locator("aside.facets .count")
    assert counts.count() > 5
    lines = counts.evaluate_all(
        """spans => spans.map(span => {
            const range = document.createRange();
            range.selectNodeContents(span);
            return [span.textContent, range.getClientRects().length];
        })"""
    )
    assert [line for line in lines if line[1] != 1] == []


def test_a_document_kind_is_never_broken_inside_its_word(page, site):
    """Beside long titles the kind column keeps "Budsjettproposisjon" whole on a desktop."""
    page.goto(f"{site}/documents/")
    lines = page.locator("table.rows tbody td:nth-child(2)").evaluate_all(
        """cells => cells.map(cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return [cell.textContent.trim(), range.getClientRects().length];
        })"""
    )
    assert {kind for kind, _count in lines} >= {"Budsjettproposisjon", "Stortingsmelding"}
    assert [line for line in lines if line[1] != 1] == []
