"""Curators correct a measure's kap/post and section in the admin; re-ingest keeps it."""

import pytest
from django.contrib.auth.models import Group, User

from documents.models import Measure
from documents.services import ImportStats, apply_parsed
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client):
    user = User.objects.create_user("kurator", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="curator"))
    client.force_login(user)
    return client


@pytest.fixture
def budget_measure():
    doc = factories.document("prop", kind="budget_proposition")
    chapter = factories.section(doc, 0, title="Kap. 732", kap=732)
    factories.section(doc, 1, title="Kap. 740", kap=740, key="k740")
    measure = factories.measure(
        doc, 0, kind="budsjettiltak", title="Økt bevilgning", section=chapter, amount_nok=5
    )
    return measure


def change(client, measure, **values):
    data = {
        "title": measure.title,
        "text": measure.text,
        "number": measure.number,
        "status": measure.status,
        "amount_nok": measure.amount_nok,
        "curator_note": "",
        "kap": "",
        "post": "",
        "to_kap": "",
        "to_post": "",
        "section": measure.section_id,
    } | values
    return client.post(f"/admin/documents/measure/{measure.pk}/change/", data)


def test_a_curator_sets_kap_post_and_section_and_reingest_keeps_them(curator, budget_measure):
    other = budget_measure.document.sections.get(kap=740)
    response = change(curator, budget_measure, kap=740, post=21, section=other.pk)
    assert response.status_code == 302, response.content.decode()[:2000]
    measure = Measure.objects.get(pk=budget_measure.pk)
    assert (measure.kap, measure.post, measure.section_id) == (740, 21, other.pk)
    assert {"kap", "post", "section_id"} <= set(measure.edited_fields)
    # The parser still reads no kap and the first section: the curator's values stay.
    apply_parsed(
        measure,
        {"kap": None, "post": None, "section_id": budget_measure.section_id},
        ImportStats(),
        "measures",
    )
    assert (measure.kap, measure.post, measure.section_id) == (740, 21, other.pk)


def test_a_section_of_another_document_is_refused(curator, budget_measure):
    stranger = factories.section(factories.document("plan"), 0, title="Fremmed")
    response = change(curator, budget_measure, section=stranger.pk)
    assert response.status_code == 200
    assert "Velg en del av tiltakets eget dokument." in response.content.decode()


def test_review_reasons_read_in_the_curators_language(curator, budget_measure):
    """The import's English reasons are shown in bokmål (or English when chosen)."""
    budget_measure.needs_review = True
    budget_measure.review_reason = (
        "The parser found no section for this measure.\n"
        "The source changed “title” under a curator's edit."
    )
    budget_measure.save()
    url = f"/admin/documents/measure/{budget_measure.pk}/change/"
    page = curator.get(url).content.decode()
    assert "Parseren fant ingen del for dette tiltaket.<br>" in page
    assert "Kilden endret «title» etter at en kurator hadde redigert feltet.<br>" in page
    curator.cookies["django_language"] = "en"
    assert "The parser found no section for this measure.<br>" in curator.get(url).content.decode()


def test_change_form_tags_are_checkboxes_and_admin_styles_load(curator, budget_measure):
    from documents.models import Tag

    Tag.objects.create(name="Fastlege", slug="fastlege")
    page = curator.get(f"/admin/documents/measure/{budget_measure.pk}/change/").content.decode()
    assert 'type="checkbox" name="tags"' in page
    assert "SelectFilter" not in page
    assert "/static/css/admin.css" in page
