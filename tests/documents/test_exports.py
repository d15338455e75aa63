"""Exports hold exactly the page's rows, stream, and are safe to open in a spreadsheet."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db.models.signals import post_init

from documents import exports
from documents.models import BudgetLine
from tests import factories

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response, delimiter=",") -> list[list[str]]:
    text = body(response)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


@pytest.fixture
def prop():
    doc = factories.document("prop", kind="budget_proposition", title="Prop. 1 S", year=2025)
    kap = factories.section(doc, 0, title="Kap. 732 Regionale helseforetak", kap=732)
    factories.budget_line(
        doc,
        732,
        70,
        section=kap,
        kap_title="Regionale helseforetak",
        post_title='=HYPERLINK("x")',
        saldert_nok=1000,
        forslag_nok=-500,
        endring_pct=Decimal("-150.0"),
        start_line=10,
        end_line=10,
    )
    factories.budget_line(
        doc,
        732,
        21,
        kap_title="Regionale helseforetak",
        post_title="Spesielle driftsutgifter",
        start_line=8,
        end_line=8,
    )
    return doc


def test_exact_csv_text_with_bom_neutralised_formula_and_numbers_kept(client, prop):
    response = client.get("/budget/?format=csv&post=70")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    line = BudgetLine.objects.get(post=70)
    assert body(response) == (
        "\ufeffid,document,kap,kap_title,post,post_title,regnskap_nok,saldert_nok,forslag_nok,"
        "endring_pct,vedtak_nok,tildeling_nok,avvik_nok,start_line,end_line,page_start,page_end,url\r\n"
        f'{line.pk},prop,732,Regionale helseforetak,70,"\'=HYPERLINK(""x"")",,1000,-500,-150.0,,,,'
        f"10,10,,,http://testserver/budget/{line.pk}/\r\n"
    )


def test_semicolon_option_for_norwegian_excel(client, prop):
    rows = csv_rows(client.get("/budget/?format=csv&sep=semicolon"), delimiter=";")
    assert rows[0][:3] == ["id", "document", "kap"]
    assert len(rows) == 3


def test_file_name_says_what_was_exported(client, prop):
    disposition = client.get("/budget/?format=csv&kap=732")["Content-Disposition"]
    assert disposition.startswith('attachment; filename="helsedocs-budget-kap-732-')
    assert disposition.endswith('.csv"')


def test_neutralise_quotes_every_formula_start_and_leaves_numbers():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert exports.neutralise(f"{start}1+1") == f"'{start}1+1"
    assert exports.neutralise(-5) == -5
    assert exports.neutralise("Helse") == "Helse"


def test_csv_and_json_hold_the_page_rows_in_page_order(client):
    doc = factories.document("plan")
    for position in range(120):
        factories.measure(
            doc,
            position,
            title=f"Tiltak {position:03d}",
            kind="regjeringen_vil" if position % 3 else "oppdrag",
        )
    query = "kind=regjeringen_vil&sort=-title"
    page_ids = []
    for page in (1, 2):
        response = client.get(f"/measures/?{query}&page={page}")
        page_ids += [m.pk for m in response.context["page_obj"]]
    csv_ids = [int(row[0]) for row in csv_rows(client.get(f"/measures/?{query}&format=csv"))[1:]]
    json_ids = [
        row["id"] for row in json.loads(body(client.get(f"/measures/?{query}&format=json")))
    ]
    assert len(page_ids) == 80
    assert csv_ids == page_ids == json_ids
    assert (
        client.get("/measures/?kind=regjeringen_vil&sort=-title").context["page_obj"][0].title
        == "Tiltak 119"
    )


def test_export_streams_in_chunks_without_loading_every_row(client, monkeypatch):
    doc = factories.document("big")
    BudgetLine.objects.bulk_create(
        BudgetLine(
            document=doc, kap=1000 + n // 100, post=n % 100, position=n, start_line=1, end_line=1
        )
        for n in range(5000)
    )
    monkeypatch.setattr(exports, "CHUNK_SIZE", 100)
    monkeypatch.setattr(exports, "ROWS_PER_PIECE", 50)
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=BudgetLine)
    try:
        stream = iter(client.get("/budget/?format=csv").streaming_content)
        first_piece = next(stream)
        assert first_piece.count(b"\n") == 50  # the header and 49 rows
        assert len(loaded) <= 100  # one chunk read, not 5000 rows
        lines = first_piece.count(b"\n") + sum(piece.count(b"\n") for piece in stream)
        assert lines == 5001
    finally:
        post_init.disconnect(count, sender=BudgetLine)


def test_bad_filter_values_answer_400_with_a_message(client, prop):
    assert client.get("/budget/?kap=abc").status_code == 400
    response = client.get("/decisions/?reporting_closed=maybe&format=json")
    assert response.status_code == 400
    assert "error" in json.loads(response.content)
    assert client.get("/decisions/?session=2023").status_code == 400
    assert client.get("/measures/?sort=nonsense").status_code == 400
    assert client.get("/budget/?format=xml").status_code == 400


def test_unknown_vocabulary_values_give_an_empty_list(client, prop):
    assert json.loads(body(client.get("/measures/?kind=wish&format=json"))) == []
    assert csv_rows(client.get("/budget/?document=nope&format=csv")) == [
        csv_rows(client.get("/budget/?format=csv"))[0]
    ]


def test_session_filter_accepts_a_hyphen(client):
    doc = factories.document()
    factories.decision(
        doc, 0, kind="anmodningsvedtak", session="2023–2024", number="5", title="Tannhelse"
    )
    rows = json.loads(body(client.get("/decisions/?session=2023-2024&format=json")))
    assert [row["number"] for row in rows] == ["5"]
    assert rows[0]["session"] == "2023–2024"


def test_hidden_rows_are_left_out_of_exports(client, prop):
    BudgetLine.objects.filter(post=21).update(hidden=True)
    rows = csv_rows(client.get("/budget/?format=csv"))
    assert [row[4] for row in rows[1:]] == ["70"]


@pytest.fixture
def annual_report(tmp_path):
    """Årsrapport 2017, ingested: sections, measures, decisions and budget lines."""
    import shutil
    from pathlib import Path

    from ingest.pipeline import ingest_file

    name = "001_604cd1db9da4de4d.txt"
    shutil.copy(Path(__file__).resolve().parent.parent.parent / "seeds" / name, tmp_path / name)
    outcome = ingest_file(tmp_path / name)
    assert not outcome.failed, outcome.error


@pytest.mark.parametrize(
    "query",
    [
        "/documents/?",
        "/sections/?document=arsrapport-2017",
        "/sections/?level=2&q=helse",
        "/measures/?kind=oppdrag",
        "/measures/?kind=oppdrag&status=i_rute&sort=-title",
        "/decisions/?document=arsrapport-2017",
        "/decisions/?kind=forskrift",
        "/budget/?document=arsrapport-2017&sort=-regnskap_nok",
        "/budget/?q=tilskudd",
    ],
)
def test_each_lists_csv_and_json_have_exactly_the_page_rows_in_order(client, annual_report, query):
    pages, page_ids = 1, []
    first = client.get(f"{query}&page=1")
    assert first.status_code == 200
    pages = first.context["page_obj"].paginator.num_pages
    for number in range(1, pages + 1):
        page_ids += [row.pk for row in client.get(f"{query}&page={number}").context["page_obj"]]
    csv_ids = [int(row[0]) for row in csv_rows(client.get(f"{query}&format=csv"))[1:]]
    json_ids = [row["id"] for row in json.loads(body(client.get(f"{query}&format=json")))]
    assert page_ids, "the query should match rows of the report"
    assert csv_ids == page_ids == json_ids


# --- Norwegian Excel: semicolons and decimal commas ---------------------------------------------

BUDGET_NUMBERS = [
    "regnskap_nok",
    "saldert_nok",
    "forslag_nok",
    "endring_pct",
    "vedtak_nok",
    "tildeling_nok",
    "avvik_nok",
]


def test_exact_semicolon_csv_writes_decimal_commas(client, prop):
    """With sep=semicolon a decimal is written -150,0; integers and text are as before."""
    line = BudgetLine.objects.get(post=70)
    assert body(client.get("/budget/?format=csv&post=70&sep=semicolon")) == (
        "\ufeffid;document;kap;kap_title;post;post_title;regnskap_nok;saldert_nok;forslag_nok;"
        "endring_pct;vedtak_nok;tildeling_nok;avvik_nok;start_line;end_line;page_start;page_end;url\r\n"
        f'{line.pk};prop;732;Regionale helseforetak;70;"\'=HYPERLINK(""x"")";;1000;-500;-150,0;;;;'
        f"10;10;;;http://testserver/budget/{line.pk}/\r\n"
    )


def test_comma_csv_keeps_decimal_points(client, prop):
    rows = csv_rows(client.get("/budget/?format=csv&post=70"))
    assert rows[1][rows[0].index("endring_pct")] == "-150.0"


@pytest.fixture
def proposition():
    """Prop. 1 S (2024–2025), ingested from its seed."""
    from pathlib import Path

    from ingest.pipeline import ingest_file

    seed = Path(__file__).resolve().parents[2] / "seeds" / "003_946f496bfe1dc309.txt"
    outcome = ingest_file(seed)
    assert not outcome.failed, outcome.error


@pytest.mark.slow
def test_budget_csv_for_norwegian_excel_reads_back_as_numbers(client, proposition):
    """Read with a Norwegian-locale number parser, every budget figure is a number: the
    percentages (25,6) come back as decimals, none is written 25.6 (a date in nb Excel)."""
    from babel.numbers import parse_decimal

    rows = csv_rows(client.get("/budget/?format=csv&sep=semicolon"), delimiter=";")
    header, lines = rows[0], rows[1:]
    cells = [(name, row[header.index(name)]) for row in lines for name in BUDGET_NUMBERS]
    figures = [(name, cell) for name, cell in cells if cell]
    assert [cell for _, cell in figures if "." in cell] == []
    parsed = [(name, parse_decimal(cell, locale="nb", strict=True)) for name, cell in figures]
    assert all(isinstance(value, Decimal) for _, value in parsed)
    percentages = [value for name, value in parsed if name == "endring_pct"]
    assert any(value != value.to_integral_value() for value in percentages)
    expected = {line.pk: line.endring_pct for line in BudgetLine.objects.exclude(endring_pct=None)}
    read = {int(row[0]): row[header.index("endring_pct")] for row in lines}
    assert {pk: parse_decimal(read[pk], locale="nb") for pk in expected} == expected


def test_admin_exports_selected_rows_in_either_format(client, prop):
    """The admin's export offers the comma CSV and the Norwegian-Excel one."""
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("kurator", password="x"))
    pks = [str(line.pk) for line in BudgetLine.objects.filter(post=70)]
    changelist = client.get("/admin/documents/budgetline/").content.decode()
    assert 'value="export_csv"' in changelist
    assert 'value="export_csv_semicolon"' in changelist
    for action, expected in (("export_csv", ",-150.0,"), ("export_csv_semicolon", ";-150,0;")):
        response = client.post(
            "/admin/documents/budgetline/", {"action": action, "_selected_action": pks}
        )
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert expected in body(response)
