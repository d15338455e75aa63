"""Defects seen on a phone: unlabelled budget cells, links wider than the screen, facets last."""

import re

import pytest

pytestmark = [pytest.mark.playwright, pytest.mark.django_db]


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the screen (0: nothing to scroll sideways).

    Against the device's width, not ``innerWidth``: a phone lays a too-wide page out wider
    and zooms out, so innerWidth grows with the content.
    """
    width = page.viewport_size["width"]
    return max(0, page.evaluate("document.documentElement.scrollWidth") - width)


def test_stacked_budget_cells_say_what_they_hold(phone, site):
    phone.goto(f"{site}/budget/?kap=732")
    row = phone.locator("table.rows tbody tr").first
    labels = row.locator("td").evaluate_all(
        """cells => cells.filter(c => getComputedStyle(c).display !== 'none').map(c => [
            c.dataset.label, getComputedStyle(c, '::before').content])"""
    )
    shown = [label for label, before in labels if before not in ("none", "normal")]
    assert shown == [label for label, _ in labels]  # every visible cell shows its label
    assert {"Saldert budsjett", "Forslag", "Endring"} <= set(shown)
    assert phone.locator("table.rows thead").is_hidden()
    assert overflow(phone) == 0


def test_desktop_budget_table_keeps_its_header(page, site):
    page.goto(f"{site}/budget/?kap=732")
    assert page.locator("table.rows thead").is_visible()
    assert page.locator("table.rows td[data-label='Forslag']").first.evaluate(
        "c => getComputedStyle(c, '::before').content"
    ) in ("none", "normal")


def test_the_longest_link_on_a_section_page_stays_inside_the_screen(phone, site, db_access):
    from documents.models import Section

    longest = max(
        (
            (word, section.pk)
            for section in Section.objects.filter(text__contains="https://")
            for word in section.text.split()
            if word.startswith(("https://", "(https://"))
        ),
        key=lambda pair: len(pair[0]),
    )
    phone.goto(f"{site}/sections/{longest[1]}/")
    assert len(longest[0]) > 60
    assert overflow(phone) == 0


def test_search_facets_come_before_the_results_on_a_phone(phone, site):
    phone.goto(f"{site}/search/?q=fastlege")
    facets = phone.locator("aside.facets").bounding_box()
    first_hit = phone.locator("ol.hits li").first.bounding_box()
    assert facets["y"] < first_hit["y"]
    assert facets["height"] < 844  # compact: the first hit is a short scroll away
    assert overflow(phone) == 0


def test_every_list_fits_a_phone(phone, site):
    for path in ("/documents/", "/sections/", "/measures/", "/decisions/", "/budget/"):
        phone.goto(f"{site}{path}")
        assert overflow(phone) == 0, path
        assert re.search(r"\w", phone.inner_text("table.rows tbody"))


def test_header_search_box_on_every_page_at_both_sizes(any_page, site):
    """The header's search box is on a list page too, and leads to the hits."""
    any_page.goto(f"{site}/budget/")
    header = any_page.get_by_role("search", name="Søk i samlingen")
    header.get_by_role("searchbox").fill("fastlege")
    header.get_by_role("button", name="Søk").click()
    any_page.wait_for_url("**/search/?q=fastlege")
    assert "treff" in any_page.inner_text(".hit-count")
    assert overflow(any_page) == 0
