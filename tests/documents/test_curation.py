"""Curators work in the admin: every action, overrides that survive re-ingest, merge, history."""

import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from documents.models import Document, Measure
from ingest.pipeline import ingest_file

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
PLAN = "004_89a39abf184bf37d.txt"


@pytest.fixture
def plan_file(tmp_path) -> Path:
    path = tmp_path / PLAN
    shutil.copy(SEEDS / PLAN, path)
    return path


@pytest.fixture
def plan(plan_file) -> Document:
    outcome = ingest_file(plan_file)
    assert not outcome.failed, outcome.error
    return Document.objects.get(kind="white_paper")


def user_in(group: str) -> User:
    user = User.objects.create_user(group, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def curator_client(client):
    client.force_login(user_in("curator"))
    return client


def measure_form(measure: Measure, **changes) -> dict:
    data = {
        "title": measure.title,
        "text": measure.text,
        "number": measure.number,
        "status": measure.status,
        "amount_nok": "" if measure.amount_nok is None else measure.amount_nok,
        "curator_note": measure.curator_note,
    }
    for name in ("kap", "post", "to_kap", "to_post", "section"):  # editable since issue 15
        value = getattr(measure, f"{name}_id" if name == "section" else name)
        data[name] = "" if value is None else value
    for flag in ("hidden", "reviewed", "needs_review"):
        if getattr(measure, flag):
            data[flag] = "on"
    return data | changes


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode()


def action(client, model: str, name: str, pks: list[int]):
    return client.post(
        f"/admin/documents/{model}/", {"action": name, "_selected_action": [str(pk) for pk in pks]}
    )


def test_curator_edits_a_title_and_it_is_recorded_as_an_override(curator_client, plan):
    measure = plan.measures.first()
    parsed_title = measure.title
    response = curator_client.post(
        f"/admin/documents/measure/{measure.pk}/change/",
        measure_form(measure, title="Rettet tittel"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    measure.refresh_from_db()
    assert measure.title == "Rettet tittel"
    assert measure.edited_fields == ["title"]
    assert measure.parsed_values["title"] == parsed_title
    page = curator_client.get(f"/admin/documents/measure/{measure.pk}/change/").content.decode()
    assert parsed_title[:40] in page  # shown next to the curated value


def test_an_override_survives_a_reingest_of_changed_text_and_is_flagged(
    curator_client, plan, plan_file
):
    measure = plan.measures.get(start_line=188)
    curator_client.post(
        f"/admin/documents/measure/{measure.pk}/change/",
        measure_form(measure, title="Kuratert tittel"),
    )
    lines = plan_file.read_text(encoding="utf-8").split("\n")
    lines[187] = lines[187].rstrip(". ") + " i hele landet."  # line 188
    plan_file.write_text("\n".join(lines), encoding="utf-8")
    outcome = ingest_file(plan_file)
    assert outcome.status == "updated", outcome.error
    measure.refresh_from_db()
    assert measure.title == "Kuratert tittel"
    assert measure.needs_review
    assert measure.parsed_values["title"].endswith("i hele landet.")
    assert measure.text.endswith("i hele landet.")  # not curated: follows the source


def test_mark_reviewed_hide_unhide_and_restore_actions(curator_client, plan):
    first, second = plan.measures.order_by("position")[:2]
    first.needs_review = True
    first.save()
    action(curator_client, "measure", "mark_reviewed", [first.pk])
    first.refresh_from_db()
    assert first.reviewed and not first.needs_review

    action(curator_client, "measure", "hide", [first.pk, second.pk])
    assert Measure.objects.filter(pk__in=[first.pk, second.pk], hidden=True).count() == 2
    assert curator_client.get(f"/measures/{first.pk}/").status_code == 404
    assert f"/measures/{first.pk}/" not in streamed(
        curator_client.get(f"/measures/?document={plan.slug}&format=csv")
    )
    action(curator_client, "measure", "unhide", [second.pk])
    assert curator_client.get(f"/measures/{second.pk}/").status_code == 200

    parsed = second.title
    curator_client.post(
        f"/admin/documents/measure/{second.pk}/change/", measure_form(second, title="Feil")
    )
    action(curator_client, "measure", "restore_parsed", [second.pk])
    second.refresh_from_db()
    assert second.title == parsed and second.edited_fields == []


def test_export_selected_rows_as_csv_has_the_public_columns(curator_client, plan):
    pks = list(plan.measures.order_by("position").values_list("pk", flat=True)[:3])
    response = action(curator_client, "measure", "export_csv", list(reversed(pks)))
    body = streamed(response)
    assert body.startswith("\ufeffid,document,section_id,section_title,parent_id,kind,")
    lines = body.strip().split("\r\n")
    assert [int(line.split(",")[0]) for line in lines[1:]] == pks  # in the source's order


def test_merge_keeps_links_working(curator_client, plan):
    keep, duplicate = plan.measures.order_by("position")[:2]
    action(curator_client, "measure", "merge_duplicates", [duplicate.pk, keep.pk])
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == keep
    response = curator_client.get(f"/measures/{duplicate.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/measures/{keep.pk}/"
    listed = streamed(curator_client.get(f"/measures/?document={plan.slug}&format=csv"))
    assert f"/measures/{duplicate.pk}/" not in listed and f"/measures/{keep.pk}/" in listed


def test_merging_rows_of_different_kinds_is_refused_with_a_message(curator_client, plan):
    measure = plan.measures.first()
    response = action(curator_client, "measure", "merge_duplicates", [measure.pk])
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.duplicate_of is None


def test_reingest_action_reads_the_stored_source(curator_client, plan):
    measure = plan.measures.first()
    measure.title = "Endret av kurator"
    measure.edited_fields = ["title"]
    measure.save()
    response = action(curator_client, "document", "reingest", [plan.pk])
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Endret av kurator"
    assert Measure.objects.filter(document=plan).count() == 120


def test_revert_from_history(curator_client, plan):
    measure = plan.measures.first()
    original = measure.title
    curator_client.post(
        f"/admin/documents/measure/{measure.pk}/change/", measure_form(measure, title="Ny tittel")
    )
    history = list(measure.history.order_by("history_date"))
    assert history[-1].title == "Ny tittel"
    assert history[-1].history_user.username == "curator"
    before = history[-2]
    revert_url = f"/admin/documents/measure/{measure.pk}/history/{before.history_id}/"
    assert curator_client.get(revert_url).status_code == 200
    curator_client.post(revert_url, measure_form(measure, title=before.title))
    measure.refresh_from_db()
    assert measure.title == original


def test_a_reader_may_look_but_not_change(client, plan):
    client.force_login(user_in("reader"))
    measure = plan.measures.first()
    assert client.get(f"/admin/documents/measure/{measure.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/documents/measure/{measure.pk}/change/", measure_form(measure, title="Nei")
    )
    assert response.status_code == 403
    measure.refresh_from_db()
    assert measure.title != "Nei"
    assert client.get("/admin/auth/user/").status_code == 403


def test_a_curator_cannot_manage_users(curator_client):
    assert curator_client.get("/admin/auth/user/").status_code == 403


def test_anonymous_users_never_reach_the_admin(client, plan):
    response = client.get("/admin/documents/measure/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_admin_index_shows_the_review_queue(curator_client, plan):
    Measure.objects.filter(pk=plan.measures.first().pk).update(needs_review=True)
    page = curator_client.get("/admin/").content.decode()
    assert "review-queue" in page
    assert "?review=pending" in page


def test_tags_show_on_public_pages_filter_lists_and_facet_search(
    curator_client, plan, search_index, django_capture_on_commit_callbacks
):
    from documents.models import Tag
    from documents.search import service as search

    tag = Tag.objects.create(name="Fastlegeordningen", slug="fastlegeordningen")
    measure = plan.measures.order_by("position").first()
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            f"/admin/documents/measure/{measure.pk}/change/",
            measure_form(measure, tags=[str(tag.pk)]),
        )
    assert response.status_code == 302
    assert "Fastlegeordningen" in curator_client.get(f"/measures/{measure.pk}/").content.decode()
    listed = curator_client.get("/measures/?tag=fastlegeordningen")
    assert [m.pk for m in listed.context["page_obj"]] == [measure.pk]
    outcome = search.search(
        search.SearchParams(q=measure.title.split()[-1], tags="fastlegeordningen")
    )
    assert [hit.id for hit in outcome.hits] == [measure.pk]
    assert dict(outcome.facets["tags"]) == {"fastlegeordningen": 1}
