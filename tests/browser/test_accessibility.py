"""axe-core on every public page, at desktop and phone sizes: no serious or critical violation.

axe-core is vendored in ``vendor/axe-core/`` (MPL-2.0, see its README), so the check runs
offline with a fixed rule set.
"""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.playwright, pytest.mark.django_db]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
PAGES = [
    "home",
    "search",
    "search-news",
    "documents",
    "white-paper",
    "budget-proposition",
    "news-item",
    "source",
    "sections",
    "section",
    "box",
    "measures",
    "measure",
    "decisions",
    "decision",
    "budget",
    "budget-line",
    "budget-chart",
    "budget-chart-category",
    "news-chart",
    "not-found",
]


def page_url(name: str) -> str:
    """The path of one public page, its row read from the ingested seeds."""
    from documents.models import BudgetLine, Decision, Document, Measure, Section

    plan = "meld-st-9-2023-2024"
    box = Measure.objects.filter(kind="regjeringen_vil").order_by("pk").first().section
    fixed = {
        "home": "/",
        "search": "/search/?q=fastlege",
        "search-news": "/search/?q=vaksine&type=news&sort=newest",
        "documents": "/documents/",
        "white-paper": f"/documents/{plan}/",
        "budget-proposition": "/documents/prop-1-s-2024-2025/",
        "source": f"/documents/{plan}/source/?lines=13-20",
        "sections": "/sections/",
        "measures": "/measures/",
        "decisions": "/decisions/",
        "budget": "/budget/",
        "budget-chart": "/charts/budget/",
        "news-chart": "/charts/news/",
        "not-found": "/ingen-slik-side/",
    }
    if name in fixed:
        return fixed[name]
    rows = {
        "news-item": lambda: Document.objects.filter(kind="news").order_by("-published").first(),
        "section": lambda: Section.objects.filter(document__slug=plan, level=2).first(),
        "box": lambda: box,
        "measure": lambda: Measure.objects.filter(kind="regjeringen_vil").first(),
        "decision": lambda: Decision.objects.exclude(kap=None).first(),
        "budget-line": lambda: BudgetLine.objects.filter(kap=732, post=70).first(),
    }
    if name == "budget-chart-category":
        category = Section.objects.filter(document__kind="budget_proposition", level=2).first()
        return f"/charts/budget/?category={category.pk}"
    return rows[name]().get_absolute_url()


def violations(page) -> list[str]:
    """axe's serious and critical findings on the page shown, one line each."""
    # Evaluated through the driver, not as a <script>: the pages' CSP forbids inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    before = len(page.console_errors)
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => ({id: v.id, impact: v.impact,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )
    # axe sets inline styles while it measures (the admin's pages); the CSP refuses them and
    # Chromium logs that. Those lines are axe's, not the page's.
    page.console_errors[before:] = [
        error for error in page.console_errors[before:] if "Content Security Policy" not in error
    ]
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found if v["impact"] in BLOCKING]


@pytest.mark.parametrize("name", PAGES)
def test_public_page_has_no_serious_accessibility_violation(any_page, site, db_access, name):
    response = any_page.goto(site + page_url(name))
    if name == "not-found":
        assert response.status == 404
        any_page.console_errors.clear()  # Chromium logs the 404 itself
    else:
        assert response.status == 200
    assert violations(any_page) == []


def test_the_check_catches_a_link_inside_a_summary(page, site):
    """axe itself, on the markup the table of contents used to have (nested-interactive)."""
    page.goto(site + "/")
    page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend',
            '<details><summary><a href="/x">Kapittel</a></summary><p>Del</p></details>')"""
    )
    assert [line.split(" ")[0] for line in violations(page)] == ["nested-interactive"]


@pytest.mark.parametrize("model", ["measure", "section", "decision", "budgetline", "document"])
def test_admin_change_form_has_no_serious_accessibility_violation(page, site, db_access, model):
    from django.apps import apps
    from django.contrib.auth.models import User

    if not User.objects.filter(username="axe").exists():
        User.objects.create_superuser("axe", password="axe-pw-1")
    row = apps.get_model("documents", model).objects.order_by("pk").first()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "axe")
    page.fill("#id_password", "axe-pw-1")
    page.click("input[type=submit]")
    page.goto(f"{site}/admin/documents/{model}/{row.pk}/change/")
    assert page.locator("#content-main form").count() == 1
    assert violations(page) == []
