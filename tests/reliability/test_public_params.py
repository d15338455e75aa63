"""Public URLs never answer 5xx: odd digits and control characters get a plain 400.

The named cases were 500s (or silently misread) once; the fuzz test then draws every
parameter of every public URL, in HTML, CSV and JSON, over the real seeds.
"""

import json
import logging
from urllib.parse import quote

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from documents.models import BudgetLine, Decision, Document, Measure, Section
from tests import factories

from .conftest import NEWS, PROPOSITION

pytestmark = pytest.mark.django_db

logger = logging.getLogger(__name__)


@pytest.fixture
def budget():
    """A budget proposition with one programme category and one chapter, as the chart reads it."""
    doc = factories.document("prop", kind="budget_proposition", year=2025)
    category = factories.section(doc, 0, title="Programkategori 10.00", number="10.00")
    kap = factories.section(doc, 1, title="Kap. 732", level=2, parent=category, key="k1")
    factories.budget_line(doc, section=kap, saldert_nok=100, forslag_nok=120, direction="utgift")
    return doc


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=helse&year=²²²²",
        "/search/?q=helse&year=٢٠٢٤",
        "/charts/budget/?category=²",
        "/charts/budget/?category=٣",
        "/charts/budget/?category=99999999999999999999",
        "/measures/?year=٢٠٢٤",
        "/measures/?kap=²",
        "/measures/?kap=99999999999999999999",
        "/sections/?level=1.5",
        "/decisions/?session=²⁰²³–²⁰²⁴",
        "/budget/?post=-1",
    ],
)
def test_numbers_are_ascii_digits_else_400(client, budget, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "errors" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/charts/budget/?document=%00",
        "/charts/budget/?document=prop&category=%00",
        "/search/?q=%00",
        "/search/?q=helse&document=%1b",
        "/documents/?q=%00",
        "/sections/?document=%00",
        "/measures/?status=%7f",
        "/decisions/?number=%0a",
        "/budget/?q=a%00b",
        "/budget/?sort=%00",
        "/budget/?%00=1",
        "/measures/?page=%c2%85",
    ],
)
def test_control_characters_answer_400_with_a_plain_message(client, budget, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 400
    assert "control characters" in response.content.decode()
    as_json = client.get(url + "&format=json" if "?" in url else url + "?format=json")
    assert as_json.status_code == 400
    assert "control characters" in json.loads(as_json.content)["error"]


def test_a_year_in_ascii_digits_still_filters(client, budget):
    assert client.get("/search/?q=helse&year=2024").status_code == 200
    assert client.get("/measures/?year=2024&kap=732").status_code == 200
    assert client.get("/decisions/?session=2023-2024").status_code == 200
    category = budget.sections.get(level=1)
    assert client.get(f"/charts/budget/?document=prop&category={category.pk}").status_code == 200


# --- Fuzzing ------------------------------------------------------------------------------

LISTS = {
    "/search/": ["q", "type", "kind", "document", "year", "from", "to", "sort", "tags", "page"],
    "/documents/": ["kind", "year", "q", "sort", "tag", "page"],
    "/sections/": ["document", "level", "q", "tag", "page"],
    "/measures/": ["document", "kind", "status", "kap", "year", "q", "sort", "tag", "page"],
    "/decisions/": [
        *("document", "kind", "session", "number", "reporting_closed", "kap", "q", "sort"),
        *("tag", "page"),
    ],
    "/budget/": ["document", "kap", "post", "q", "sort", "page"],
    "/charts/budget/": ["document", "category"],
    "/charts/news/": [],
    "/": [],
}
EXPORT = ["format", "sep"]
ODD_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "2024",
    "²²²²",
    "٢٠٢٤",
    "2024.0",
    "1e9",
    "99999999999999999999",
    "NaN",
    "true",
    "maybe",
    "2023-2024",
    "2023–2024",
    "csv",
    "json",
    "html",
    "semicolon",
    "-amount_nok",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u2028",
    "\ufeff",
    "<script>alert(1)</script>",
    '"fastlege',
    "helse OR -sykehus",
    "kap. 732 post 70",
    "x" * 3000,
    "%",
    "é",
    "\ud7ff",
]


def real_values() -> list[str]:
    """Slugs, kinds, ids and numbers the database really holds."""
    values = list(Document.objects.values_list("slug", flat=True)[:20])
    values += [kind for kind, _ in Document.Kind.choices + Measure.Kind.choices]
    values += [str(pk) for pk in Section.objects.values_list("pk", flat=True)[:20]]
    values += [str(kap) for kap in BudgetLine.objects.values_list("kap", flat=True)[:20]]
    values += list(Decision.objects.values_list("session", flat=True).distinct()[:5])
    values += ["section", "measure", "decision", "budgetline", "news", "newest", "relevance"]
    return values


def detail_urls() -> list[str]:
    urls = []
    for slug in Document.objects.values_list("slug", flat=True)[:5]:
        urls += [f"/documents/{slug}/", f"/documents/{slug}/original/", f"/documents/{slug}/text/"]
    for prefix, model in (
        ("sections", Section),
        ("measures", Measure),
        ("decisions", Decision),
        ("budget", BudgetLine),
    ):
        urls += [f"/{prefix}/{pk}/" for pk in model.objects.values_list("pk", flat=True)[:5]]
        urls += [f"/{prefix}/0/", f"/{prefix}/99999999999999999999/"]
    return urls + ["/documents/no-such-slug/"]


@st.composite
def requests(draw, lists: dict, details: list[str], known: list[str]) -> str:
    """A public URL with a query string: real, odd and random values for its parameters."""
    if draw(st.booleans()):
        path = draw(st.sampled_from(sorted(lists)))
        names = lists[path]
    else:
        path, names = draw(st.sampled_from(details)), []
    value = st.one_of(
        st.sampled_from(known),
        st.sampled_from(ODD_VALUES),
        st.text(max_size=30),
        st.text(st.characters(categories=["Nd", "No", "Cc"]), max_size=6),
    )
    names = [*names, *EXPORT, "unknown"]
    chosen = draw(st.lists(st.sampled_from(names), max_size=5, unique=True))
    pairs = [(name, draw(value)) for name in chosen]
    query = "&".join(f"{quote(name)}={quote(v, safe='')}" for name, v in pairs)
    if draw(st.integers(0, 9)) == 0:  # bytes that are not UTF-8 at all
        query += "&q=%ff%fe%00"
    return f"{path}?{query}"


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.slow
def test_fuzzed_public_urls_never_answer_5xx(client, search_index, ingest_seed):
    """Every parameter of every public URL, HTML, CSV and JSON: 4xx at worst, never 5xx."""
    ingest_seed(NEWS)
    ingest_seed(PROPOSITION)
    known, details = real_values(), detail_urls()
    statuses = []

    @examples(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(url=requests(LISTS, details, known))
    def check(url):
        response = client.get(url)
        body = body_of(response)
        statuses.append(response.status_code)
        assert response.status_code < 500, url
        if response.status_code == 400 and "format=json" in url:
            assert "error" in json.loads(body), url

    check()
    logger.info(
        "fuzzed %d requests: %s",
        len(statuses),
        {code: statuses.count(code) for code in sorted(set(statuses))},
    )
