"""Hiding and showing again, in the admin: search, facets, lists, exports and charts agree.

The index is compared with the database entry by entry (check_index's own list of what
should be searchable), and the public pages are read as a visitor reads them.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from documents import indexing
from documents.management.commands.check_index import searchable_identifiers
from documents.models import BudgetLine, Decision, Document, Measure, Section
from documents.search import service as search

from .conftest import NEWS, REPORT_2017

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def curator(client):
    user = User.objects.create_user("kari", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="curator"))
    client.force_login(user)
    return client


@pytest.fixture
def report(search_index, ingest_seed):
    ingest_seed(NEWS)
    ingest_seed(REPORT_2017)
    return Document.objects.get(slug="arsrapport-2017")


def index_agrees_with_database(backend) -> None:
    assert backend.indexed_identifiers() == set(searchable_identifiers())


def indexed_of(backend, document: Document) -> int:
    """Index entries of ``document``'s own rows (hidden ones included, which must be absent)."""
    rows = {f"documents.document.{document.pk}"}
    for model in (Section, Measure, Decision, BudgetLine):
        label = model._meta.label_lower
        rows |= {
            f"{label}.{pk}"
            for pk in model.objects.filter(document=document).values_list("pk", flat=True)
        }
    return len(rows & backend.indexed_identifiers())


def document_facet(q: str) -> dict[str, int]:
    return dict(search.search(search.SearchParams(q=q)).facets.get("document", []))


def act(client, model: str, name: str, pks: list[int], capture):
    with capture(execute=True):
        response = client.post(
            f"/admin/documents/{model}/",
            {"action": name, "_selected_action": [str(pk) for pk in pks]},
        )
    assert response.status_code == 302
    return response


def csv_lines(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode().splitlines()[1:]


def test_hiding_a_document_takes_every_row_out_and_showing_it_brings_them_back(
    curator, report, search_index, django_capture_on_commit_callbacks
):
    index_agrees_with_database(search_index)
    rows = indexed_of(search_index, report)
    assert rows > 300  # sections, measures and budget lines of the 2017 report
    assert "arsrapport-2017" in document_facet("Helsedirektoratet")
    sections = csv_lines(curator, "/sections/?document=arsrapport-2017&format=csv")

    act(curator, "document", "hide", [report.pk], django_capture_on_commit_callbacks)
    assert indexed_of(search_index, report) == 0
    index_agrees_with_database(search_index)
    assert "arsrapport-2017" not in document_facet("Helsedirektoratet")
    for url in ("/sections/", "/measures/", "/budget/", "/decisions/"):
        assert csv_lines(curator, f"{url}?document=arsrapport-2017&format=csv") == []
    assert "arsrapport-2017" not in curator.get("/documents/").content.decode()
    assert curator.get("/documents/arsrapport-2017/").status_code == 404

    act(curator, "document", "unhide", [report.pk], django_capture_on_commit_callbacks)
    assert indexed_of(search_index, report) == rows
    index_agrees_with_database(search_index)
    assert "arsrapport-2017" in document_facet("Helsedirektoratet")
    assert csv_lines(curator, "/sections/?document=arsrapport-2017&format=csv") == sections
    call_command("check_index", verbosity=0)


def test_hiding_single_rows_takes_them_out_of_search_and_lists(
    curator, report, search_index, django_capture_on_commit_callbacks
):
    measure = report.measures.exclude(title="").order_by("position").first()
    section = report.sections.get(position=3)
    act(curator, "measure", "hide", [measure.pk], django_capture_on_commit_callbacks)
    act(curator, "section", "hide", [section.pk], django_capture_on_commit_callbacks)
    index_agrees_with_database(search_index)
    found = {(hit.type, hit.id) for hit in search.search(search.SearchParams(q=measure.title)).hits}
    assert ("measure", measure.pk) not in found
    measures = csv_lines(curator, "/measures/?document=arsrapport-2017&format=csv")
    assert not any(line.startswith(f"{measure.pk},") for line in measures)

    act(curator, "measure", "unhide", [measure.pk], django_capture_on_commit_callbacks)
    act(curator, "section", "unhide", [section.pk], django_capture_on_commit_callbacks)
    index_agrees_with_database(search_index)
    found = {(hit.type, hit.id) for hit in search.search(search.SearchParams(q=measure.title)).hits}
    assert ("measure", measure.pk) in found


def change_form_data(client, url: str) -> dict:
    """The admin change form as the browser would post it back, unchanged."""
    context = client.get(url).context
    form = context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "all"):
            value = [str(item.pk) for item in value.all()]
        elif isinstance(value, list):
            value = [str(getattr(item, "pk", item)) for item in value]
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management.initial.get(name, 0)
        for subform in formset.forms:
            for name in subform.fields:
                value = subform.initial.get(name)
                if name == "id":
                    value = subform.instance.pk
                if value is True:
                    data[subform.add_prefix(name)] = "on"
                elif value not in (None, False):
                    data[subform.add_prefix(name)] = value
    return data


def test_saving_a_report_in_the_admin_succeeds_and_reaches_every_row(
    curator, report, search_index, django_capture_on_commit_callbacks
):
    """Once a 500 (whoosh LockError) although the change was committed."""
    url = f"/admin/documents/document/{report.pk}/change/"
    data = change_form_data(curator, url) | {"title": "Årsrapport 2017 (rettet)"}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = curator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # One index update per save: after the commit, or inside the transaction on PostgreSQL.
    assert len(callbacks) == (0 if indexing.index_in_database() else 1)
    hits = search.search(search.SearchParams(q="Helsedirektoratet", document=report.slug)).hits
    assert hits and {hit.document_title for hit in hits} == {"Årsrapport 2017 (rettet)"}

    data["hidden"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        assert curator.post(url, data).status_code == 302
    assert indexed_of(search_index, report) == 0
    index_agrees_with_database(search_index)
