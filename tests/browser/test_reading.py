"""Reading in Chromium at desktop and phone sizes: links between budget and text, the source
view, "Regjeringen vil" lists, search that orients, lists, the news pages."""

import re

import pytest

pytestmark = [pytest.mark.playwright, pytest.mark.django_db]

PROP = "prop-1-s-2024-2025"
PLAN = "meld-st-9-2023-2024"


def fits(page) -> bool:
    """Nothing to scroll sideways on this screen (see test_phone.overflow)."""
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_budget_line_to_its_section_and_back(any_page, site):
    any_page.goto(f"{site}/budget/?document={PROP}&kap=732&post=70")
    any_page.locator("table.rows tbody a").first.click()
    any_page.wait_for_url(re.compile(r"/budget/\d+/$"))
    line_url = any_page.url
    any_page.get_by_text("Forklart i").locator("a").click()
    any_page.wait_for_url(re.compile(r"/sections/\d+/$"))
    assert "70" in any_page.inner_text("h1")
    any_page.locator(f'a[href="{line_url.removeprefix(site)}"]').first.click()
    any_page.wait_for_url(line_url)
    assert fits(any_page)


def test_source_lines_open_the_numbered_source_at_the_row(any_page, site):
    any_page.goto(f"{site}/documents/{PLAN}/")
    any_page.locator("ol.toc a").nth(3).click()
    any_page.wait_for_url(re.compile(r"/sections/\d+/$"))
    any_page.get_by_role("link", name=re.compile(r"^kildelinje")).click()
    any_page.wait_for_url(re.compile(r"/source/\?lines=\d+-\d+#L\d+$"))
    first = int(re.search(r"#L(\d+)$", any_page.url).group(1))
    target = any_page.locator(f"li#L{first}")
    assert "marked" in target.get_attribute("class")
    assert any_page.evaluate("location.hash") == f"#L{first}"
    assert target.is_visible()
    box = target.bounding_box()
    assert 0 <= box["y"] < any_page.viewport_size["height"]  # scrolled to the row's lines
    assert any_page.locator("li.marked").count() >= 1


def test_regjeringen_vil_bullets_are_a_list_and_a_measure_links_back(any_page, site, db_access):
    from documents.models import Measure

    measure = Measure.objects.filter(kind="regjeringen_vil").order_by("pk").first()
    any_page.goto(f"{site}/sections/{measure.section_id}/")
    bullets = any_page.locator("ul.regjeringen-vil > li")
    assert bullets.count() >= 5
    bullets.first.get_by_role("link", name="tiltak").click()
    any_page.wait_for_url(f"**/measures/{measure.pk}/")
    any_page.locator('dd a[href*="#tiltak-"]').click()
    any_page.wait_for_url(re.compile(rf"/sections/{measure.section_id}/#tiltak-{measure.pk}$"))
    assert fits(any_page)


def test_references_in_decisions_link_to_budget_lines(any_page, site, db_access):
    from documents.models import Decision

    decision = next(
        d for d in Decision.objects.order_by("pk") if re.search(r"\bkap\.\s?\d{3}", d.text)
    )
    any_page.goto(f"{site}/decisions/{decision.pk}/")
    link = any_page.locator("blockquote a[href^='/budget/?kap=']").first
    kap = re.search(r"kap=(\d+)", link.get_attribute("href")).group(1)
    link.click()
    any_page.wait_for_url(re.compile(rf"/budget/\?kap={kap}"))
    assert any_page.locator("table.rows tbody tr").count() >= 1


def test_search_sorts_by_date_and_narrows_to_a_date_range(any_page, site):
    any_page.goto(f"{site}/search/?q=helsedirektoratet&type=news")
    count = any_page.inner_text(".hit-count")
    assert re.match(r"\d+ treff", count)
    any_page.get_by_role("link", name="Nyeste først").click()
    any_page.wait_for_url(re.compile(r"sort=newest"))
    dates = any_page.locator("ol.hits time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert dates == sorted(dates, reverse=True) and dates
    any_page.fill("input[name=from]", "2021-01-01")
    any_page.fill("input[name=to]", "2021-12-31")
    any_page.locator("form.search-page-form button").click()
    any_page.wait_for_url(re.compile(r"from=2021-01-01&to=2021-12-31"))
    shown = any_page.locator("ol.hits time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert shown and all(day.startswith("2021-") for day in shown)
    assert any_page.locator("aside.facets h2", has_text="Nyheter").count() == 1
    assert fits(any_page)


def test_lists_page_by_number_and_filter_by_document_title(any_page, site):
    any_page.goto(f"{site}/sections/")
    option = any_page.locator("select[name=document] option", has_text="Nasjonal helse")
    any_page.select_option("select[name=document]", option.first.get_attribute("value"))
    any_page.get_by_role("button", name="Filtrer").click()
    any_page.wait_for_url(re.compile(rf"document={PLAN}"))
    any_page.locator("nav.pagination").get_by_role("link", name="Side 3").click()
    any_page.wait_for_url(re.compile(r"page=3"))
    assert any_page.locator("nav.pagination a[aria-current=page]").inner_text().endswith("3")
    assert fits(any_page)


def test_budget_opens_on_the_newest_proposition_and_sorts_by_any_column(any_page, site):
    any_page.goto(f"{site}/budget/")
    assert "den nyeste budsjettproposisjonen" in any_page.inner_text("main")
    if any_page.viewport_size["width"] < 600:
        any_page.goto(f"{site}/budget/?sort=-forslag_nok")  # the header row is hidden
    else:
        any_page.get_by_role("link", name="Forslag").click()
        any_page.get_by_role("link", name="Forslag").click()
    any_page.wait_for_url(re.compile(r"sort=-forslag_nok"))
    cells = any_page.locator("td[data-label=Forslag]").all_inner_texts()
    numbers = [int(re.sub(r"\D", "", c) or 0) * (-1 if "-" in c else 1) for c in cells[:10]]
    assert numbers == sorted(numbers, reverse=True)


def test_news_chart_in_the_menu_and_a_news_item_in_full(any_page, site):
    any_page.goto(f"{site}/")
    if any_page.viewport_size["width"] < 600:
        any_page.goto(f"{site}/charts/news/")
    else:
        any_page.get_by_role("link", name="Nyheter per måned").click()
    any_page.wait_for_url("**/charts/news/")
    assert any_page.locator("svg.column-chart .y-axis text").count() >= 3
    assert "Januar" in any_page.inner_text("table.figures")
    any_page.goto(f"{site}/")
    any_page.locator(".news-list a").first.click()
    any_page.wait_for_url(re.compile(r"/documents/[\w-]+/$"))
    assert any_page.locator(".news-text p").count() >= 1
    assert any_page.locator("ol.toc").count() == 0
    assert fits(any_page)
