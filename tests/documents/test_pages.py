"""The pages render real rows, escape what they show, and answer bad filters with 400."""

import json

import pytest
from django.core.files.base import ContentFile
from django.utils.html import escape

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    doc = factories.document(
        "plan", title="Nasjonal helse- og samhandlingsplan", reference="Meld. St. 9 (2023–2024)"
    )
    chapter = factories.section(
        doc, 0, number="1", title="Vår felles helsetjeneste", text="Første avsnitt."
    )
    sub = factories.section(
        doc, 1, parent=chapter, level=2, title="Regjeringen vil", text="<script>alert(1)</script>"
    )
    factories.measure(doc, 0, section=sub, title="styrke fastlegeordningen")
    return doc


def test_home_shows_what_the_collection_holds(client, plan):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nasjonal helse- og samhandlingsplan" in body
    assert 'lang="nb"' in body


def test_document_list_and_filters(client, plan):
    assert "Nasjonal helse" in client.get("/documents/").content.decode()
    assert "Nasjonal helse" in client.get("/documents/?kind=white_paper&year=2024").content.decode()
    assert "Nasjonal helse" not in client.get("/documents/?kind=news").content.decode()
    # An unknown vocabulary value is an empty list, not an error.
    assert client.get("/documents/?kind=blog").status_code == 200


def test_a_malformed_filter_value_answers_400_with_a_message(client, plan):
    response = client.get("/documents/?year=abc")
    assert response.status_code == 400
    assert "year" in response.content.decode().lower() or "år" in response.content.decode().lower()


def test_document_detail_shows_its_outline_and_measures(client, plan):
    body = client.get("/documents/plan/").content.decode()
    assert "Vår felles helsetjeneste" in body
    assert "styrke fastlegeordningen" in body


def test_section_detail_escapes_the_text(client, plan):
    section = plan.sections.get(position=1)
    response = client.get(f"/sections/{section.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
    assert "Vår felles helsetjeneste" in body  # breadcrumb to the parent


def test_hidden_rows_are_not_shown(client, plan):
    plan.hidden = True
    plan.save()
    assert client.get("/documents/plan/").status_code == 404
    assert "Nasjonal helse" not in client.get("/documents/").content.decode()


def test_unknown_document_is_404(client):
    assert client.get("/documents/nope/").status_code == 404


def test_admin_needs_a_login(client):
    response = client.get("/admin/documents/measure/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_pages_are_norwegian_whatever_the_browser_asks(client, plan):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="nb"' in body
    assert "Hva samlingen inneholder" in body


def test_english_is_a_choice(client, plan):
    client.cookies["django_language"] = "en"
    body = client.get("/").content.decode()
    assert 'lang="en"' in body
    assert "What the collection holds" in body


def test_column_headers_sort_the_list_and_say_how(client):
    doc = factories.document("prop")
    factories.budget_line(doc, 700, 1, forslag_nok=5)
    factories.budget_line(doc, 701, 1, forslag_nok=9)
    page = client.get("/budget/?sort=forslag_nok").content.decode()
    assert 'aria-sort="ascending"' in page
    assert 'href="?sort=-forslag_nok"' in page
    rows = client.get("/budget/?sort=-forslag_nok").context["page_obj"]
    assert [line.kap for line in rows] == [701, 700]


def test_section_text_links_the_budget_posts_and_decisions_it_names(client):
    doc = factories.document("prop")
    section = factories.section(
        doc,
        0,
        title="Kap. 732",
        text="Bevilgningen på kap. 732, post 70 <b>økes</b>, jf. vedtak nr. 66.",
    )
    body = client.get(f"/sections/{section.pk}/").content.decode()
    assert '<a href="/budget/?kap=732&amp;post=70&amp;document=prop">kap. 732, post 70</a>' in body
    assert (
        '<a href="/decisions/?number=66&amp;kind=anmodningsvedtak&amp;document=prop">vedtak nr. 66</a>'
        in body
    )
    assert "&lt;b&gt;økes&lt;/b&gt;" in body


def test_search_messages_speak_the_chosen_language(client):
    """An unreadable query gets its plain message in bokmål, or in English when chosen."""
    page = client.get("/search/?q=-helse").content.decode()
    assert "Skriv inn minst ett ord som skal finnes, ikke bare ord som skal utelates." in page
    client.cookies["django_language"] = "en"
    response = client.get("/search/?q=-helse&format=json")
    assert response.status_code == 400
    assert response.json() == {
        "error": "Type at least one word to find, not only words to leave out."
    }


def test_document_source_links_are_norwegian(client):
    """The original file and source text links of a stored text source read in bokmål."""
    doc = factories.document("plan")
    doc.source.original.save("plan.txt", ContentFile(b"Linje 1\n"))
    body = client.get("/documents/plan/").content.decode()
    assert ">Originalfil</a>" in body
    assert ">Kildetekst</a>" in body


def test_page_not_found_is_norwegian_and_offers_a_way_on(client):
    response = client.get("/ingen-slik-side/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Fant ikke siden</h1>" in body
    assert 'href="/search/"' in body


def test_server_error_page_is_norwegian(rf):
    """Django renders 500.html without a request context; it still speaks bokmål."""
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "<h1>Noe gikk galt</h1>" in response.content.decode()


def test_budget_list_opens_on_the_newest_budget_proposition(client):
    """/budget/ shows the newest proposition and says so; document= (empty) shows every line."""
    old = factories.document(
        "prop-2023", kind="budget_proposition", title="Prop. 1 S 2023", year=2023
    )
    new = factories.document(
        "prop-2025", kind="budget_proposition", title="Prop. 1 S 2025", year=2025
    )
    factories.budget_line(old, 700, 1)
    factories.budget_line(new, 732, 70)
    response = client.get("/budget/")
    assert [line.document.slug for line in response.context["page_obj"]] == ["prop-2025"]
    body = response.content.decode()
    assert "Viser Prop. 1 S 2025, den nyeste budsjettproposisjonen." in body
    assert '<option value="prop-2025" selected>Prop. 1 S 2025</option>' in body
    everything = client.get("/budget/?document=")
    assert {line.document.slug for line in everything.context["page_obj"]} == {
        "prop-2023",
        "prop-2025",
    }


def test_document_filter_is_a_choice_of_titles_without_news_items(client, plan):
    factories.document("nyhet-1", kind="news", title="En nyhet")
    body = client.get("/measures/?document=plan").content.decode()
    assert '<select name="document">' in body
    assert '<option value="plan" selected>Nasjonal helse- og samhandlingsplan</option>' in body
    assert "En nyhet" not in body


@pytest.mark.parametrize(
    ("path", "columns"),
    [
        (
            "/documents/",
            ["title", "kind", "published", "sections", "measures", "decisions", "budget_lines"],
        ),
        ("/sections/", ["title", "document", "level", "start_line"]),
        ("/measures/", ["title", "kind", "status", "amount_nok", "section", "document"]),
        ("/decisions/", ["title", "kind", "session", "date", "kap", "document"]),
        (
            "/budget/",
            [
                "kap",
                "post",
                "title",
                "regnskap_nok",
                "saldert_nok",
                "forslag_nok",
                "endring_pct",
                "tildeling_nok",
                "document",
            ],
        ),
    ],
)
def test_every_column_sorts_both_ways(client, plan, path, columns):
    """Each column header is a sort link, and each sort answers in both directions."""
    page = client.get(path).content.decode()
    assert page.count('<th scope="col"') == len(columns)
    for column in columns:
        assert f'href="?sort={column}"' in page
        for value in (column, f"-{column}"):
            response = client.get(f"{path}?sort={value}")
            assert response.status_code == 200, value
            state = "descending" if value.startswith("-") else "ascending"
            assert f'aria-sort="{state}"' in response.content.decode()


def test_source_lines_link_to_the_numbered_source_view(client):
    """ "kildelinjer 2–3" opens the source text with line anchors and those lines marked."""
    doc = factories.document("plan")
    doc.source.original.save(
        "plan.txt", ContentFile("Tittel\nFørste <linje>\nAndre\nSiste".encode())
    )
    section = factories.section(doc, 0, start_line=2, end_line=3)
    page = client.get(f"/sections/{section.pk}/").content.decode()
    assert '<a href="/documents/plan/source/?lines=2-3#L2">kildelinjer 2–3</a>' in page
    source = client.get("/documents/plan/source/?lines=2-3").content.decode()
    assert '<li id="L1">Tittel</li>' in source
    assert '<li id="L2" class="marked">Første &lt;linje&gt;</li>' in source
    assert '<li id="L3" class="marked">Andre</li>' in source
    assert '<li id="L4">Siste</li>' in source
    assert client.get("/documents/plan/source/?lines=x-3").status_code == 400


def test_budget_line_and_the_section_explaining_its_post_link_both_ways(client):
    doc = factories.document("prop", kind="budget_proposition")
    chapter = factories.section(doc, 0, title="Kap. 732 Regionale helseforetak", kap=732)
    post = factories.section(doc, 1, title="Post 70 Basisbevilgning", kap=732, post=70)
    line = factories.budget_line(doc, 732, 70, section=chapter, post_title="Basisbevilgning")
    other = factories.budget_line(doc, 732, 21, section=chapter, post_title="Driftsutgifter")
    detail = client.get(f"/budget/{line.pk}/").content.decode()
    assert f'Forklart i <a href="/sections/{post.pk}/">' in detail
    section_page = client.get(f"/sections/{post.pk}/").content.decode()
    assert f'<a href="/budget/{line.pk}/">' in section_page
    assert f'<a href="/budget/{other.pk}/">' not in section_page
    chapter_page = client.get(f"/sections/{chapter.pk}/").content.decode()
    assert f'<a href="/budget/{other.pk}/">' in chapter_page


def test_table_references_and_document_references_are_links(client, plan):
    """ "Kap./post 732.70" in a decision and "Meld. St. 9 (2023-2024)" (any dash) link."""
    prop = factories.document("prop", kind="budget_proposition")
    decision = factories.decision(
        prop, 0, text="Se Kap./post 732.70 og Meld. St. 9 (2023-2024) om <samhandling>."
    )
    body = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert '<a href="/budget/?kap=732&amp;post=70&amp;document=prop">Kap./post 732.70</a>' in body
    assert '<a href="/documents/plan/">Meld. St. 9 (2023-2024)</a>' in body
    assert "&lt;samhandling&gt;" in body


@pytest.fixture
def news(search_index):
    """Three dated news items and a white paper that all speak of fastlegen, indexed."""
    from datetime import date

    from documents.indexing import index_documents

    made = []
    for slug, day in (("nyhet-a", date(2021, 3, 5)), ("nyhet-b", date(2023, 6, 1))):
        doc = factories.document(slug, kind="news", title=f"Fastlegen {slug}", published=day)
        factories.section(doc, 0, title=f"Fastlegen {slug}", text="Fastlegen får mer tid.")
        made.append(doc)
    plan = factories.document("plan", title="Helseplanen", published=date(2024, 2, 1))
    factories.section(plan, 0, title="Fastlegeordningen", text="Fastlegen er viktig.")
    index_documents([doc.pk for doc in [*made, plan]])


def test_search_says_how_many_hits_and_sorts_by_date(client, news):
    page = client.get("/search/?q=fastlegen").content.decode()
    assert "3 treff" in page
    assert 'href="?q=fastlegen&amp;sort=newest">Nyeste først</a>' in page
    newest = client.get("/search/?q=fastlegen&sort=newest").context["page_obj"]
    assert [hit.document for hit in newest] == ["plan", "nyhet-b", "nyhet-a"]
    oldest = client.get("/search/?q=fastlegen&sort=oldest").context["page_obj"]
    assert [hit.document for hit in oldest] == ["nyhet-a", "nyhet-b", "plan"]
    assert client.get("/search/?q=fastlegen&sort=tilfeldig").status_code == 400


def test_news_hits_show_their_date_and_the_date_range_narrows(client, news):
    page = client.get("/search/?q=fastlegen&type=news").content.decode()
    assert '<time datetime="2023-06-01">1. juni 2023</time>' in page
    hits = client.get("/search/?q=fastlegen&from=2022-01-01&to=2023-12-31").context["page_obj"]
    assert [hit.document for hit in hits] == ["nyhet-b"]
    response = client.get("/search/?q=fastlegen&from=2022-01-01&format=json")
    rows = json.loads(b"".join(response.streaming_content))
    assert {row["document"] for row in rows} == {"nyhet-b", "plan"}
    assert client.get("/search/?q=fastlegen&from=2022-13-01").status_code == 400


def test_document_facet_keeps_news_items_apart(client, news):
    links = client.get("/search/?q=fastlegen").context["facet_links"]
    assert [entry["value"] for entry in links["document"]] == ["plan"]
    assert sorted(entry["value"] for entry in links["news_item"]) == ["nyhet-a", "nyhet-b"]
    assert links["news_item"][0]["url"].startswith("?q=fastlegen&document=nyhet-")


def test_lists_have_numbered_pages(client):
    doc = factories.document("prop", kind="budget_proposition")
    for kap in range(700, 880):
        factories.budget_line(doc, kap, 1)
    page = client.get("/budget/?page=2").content.decode()
    assert (
        '<a aria-current="page" href="?page=2"><span class="visually-hidden">Side </span>2</a>'
        in page
    )
    assert 'href="?page=4"><span class="visually-hidden">Side </span>4</a>' in page


def test_regjeringen_vil_bullets_are_a_list_with_anchors(client, plan):
    """Each bullet of a box is a list item #tiltak-ID linking to its measure; the measure's
    page names its chapter and box and links to its neighbours."""
    box = plan.sections.get(position=1)
    box.text = "Regjeringen vil\n\nstyrke fastlegeordningen\n\nbygge ut kap. 732, post 70"
    box.save()
    first = plan.measures.get()
    second = factories.measure(
        plan, 1, section=box, title="bygge ut kap. 732, post 70", kind="regjeringen_vil"
    )
    first.kind = "regjeringen_vil"
    first.save()
    page = client.get(f"/sections/{box.pk}/").content.decode()
    assert '<p>Regjeringen vil</p>\n<ul class="regjeringen-vil">' in page
    assert (
        f'<li id="tiltak-{first.pk}">styrke fastlegeordningen '
        f'<a class="measure-link" href="/measures/{first.pk}/">tiltak</a></li>'
    ) in page
    assert f'<li id="tiltak-{second.pk}">bygge ut <a href="/budget/?kap=732' in page
    measure_page = client.get(f"/measures/{first.pk}/").content.decode()
    assert f'<dt>Boks</dt><dd><a href="/sections/{box.pk}/#tiltak-{first.pk}">' in measure_page
    assert "<dt>Kapittel</dt>" in measure_page
    assert f'<a rel="next" href="/measures/{second.pk}/">' in measure_page


def test_a_news_item_page_shows_its_whole_text(client):
    news = factories.document("nyhet", kind="news", title="Ny direktør")
    text = "Første avsnitt om direktøren.\n\nAndre avsnitt, også med <tegn>."
    factories.section(news, 0, title="Ny direktør", text=text)
    page = client.get("/documents/nyhet/").content.decode()
    assert "<p>Første avsnitt om direktøren.</p>" in page
    assert "<p>Andre avsnitt, også med &lt;tegn&gt;.</p>" in page
    assert 'class="toc"' not in page


def test_news_chart_has_axes_and_month_names_and_no_links_inside_the_picture(client):
    from datetime import date

    for day in (date(2021, 1, 4), date(2021, 3, 1), date(2021, 3, 9)):
        factories.document(f"nyhet-{day}", kind="news", published=day)
    page = client.get("/charts/news/").content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "<title>mars 2021: 2</title>" in svg
    assert 'class="axis y-axis"' in svg and 'class="axis x-axis"' in svg
    assert [tick for tick in ("0", "1", "2") if f'class="label">{tick}</text>' in svg] == [
        "0",
        "1",
        "2",
    ]
    assert "<a " not in svg  # role="img" may hold nothing interactive
    assert '<th scope="row">Mars</th>' in page
    assert 'href="/charts/news/"' in page  # in the menu


def test_table_of_contents_toggles_hold_no_links(client, plan):
    """A <summary> is itself interactive: the section link sits beside it (axe
    nested-interactive), and the toggle says how many subsections it opens."""
    import re

    page = client.get("/documents/plan/").content.decode()
    summaries = re.findall(r"<summary>(.*?)</summary>", page, re.S)
    assert summaries == ["1 underdel"]
    assert '<a href="/sections/' in page.split("<details")[0]


def test_long_titles_are_cut_with_an_ellipsis_and_escaped(client, plan):
    long_title = "<b>Utredning</b> " + "av helseberedskap " * 12  # longer than 60
    section = plan.sections.get(position=1)
    section.title = long_title
    section.save()
    body = client.get(f"/sections/{section.pk}/").content.decode()
    # The breadcrumb shows 80 characters, the last an ellipsis, markup as text.
    assert escape(long_title[:79]) + "…" in body
    assert "<b>Utredning" not in body
    assert "Vår felles helsetjeneste</a>" in body  # a title that fits stays whole


def test_the_section_list_reads_its_rows_source_files_with_the_rows(
    client, plan, django_assert_max_num_queries
):
    """Each row links to its source lines: the source files come in the rows' query,
    without their extracted text, not in a query per row."""
    plan.source.format = "pdf"  # its lines count the text read out of the PDF
    plan.source.extracted_text = "Tekst fra PDF-en.\n" * 50_000
    plan.source.save()
    for position in range(2, 42):
        factories.section(plan, position, title=f"Del {position}", text="Tekst.")
    with django_assert_max_num_queries(6) as captured:
        response = client.get("/sections/")
    assert response.status_code == 200
    assert response.content.decode().count("?lines=") == 42  # every row links its lines
    assert not any("extracted_text" in query["sql"] for query in captured.captured_queries)


def test_a_cut_title_is_escaped_for_every_caller(rf):
    """A cut is remembered; whether it is safe markup is not (a SafeString cut first
    must not make the same text from another source safe)."""
    from django.template import Context, Template
    from django.utils.safestring import mark_safe

    title = "<b>" + "Helseberedskap og legevakt " * 5 + "</b>"
    page = Template("{{ safe|shorten:40 }}|{{ plain|shorten:40 }}")
    shown = page.render(Context({"safe": mark_safe(title), "plain": title}))
    safe_part, plain_part = shown.split("|")
    assert safe_part.startswith("<b>Helseberedskap")
    assert plain_part.startswith("&lt;b&gt;Helseberedskap")
