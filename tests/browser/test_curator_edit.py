"""A curator's edit in the admin, found by search at once.

A module of its own without pytest-django's ``django_db`` mark: the admin's save must
really commit for the index update to run after it, and a transactional test would flush
the database afterwards (the migrations' groups and synonyms with it). ``db_access``
commits as the live server does; the test removes the user it made.
"""

import re

import pytest

pytestmark = pytest.mark.playwright


def test_a_curator_edits_a_measure_title_and_finds_it_by_search(page, site, db_access):
    from django.contrib.auth.models import Group, User

    from documents.models import Measure

    curator = User.objects.create_user("kurator", password="hemmelig-passord-1", is_staff=True)
    try:
        curator.groups.add(Group.objects.get(name="curator"))
        measure = (
            Measure.objects.filter(document__slug="meld-st-9-2023-2024")
            .order_by("position")
            .first()
        )

        page.goto(f"{site}/admin/login/")
        page.fill("input[name=username]", "kurator")
        page.fill("input[name=password]", "hemmelig-passord-1")
        page.get_by_role("button").last.click()
        page.goto(f"{site}/admin/documents/measure/{measure.pk}/change/")
        page.fill("textarea[name=title]", "Kvantesprangsreformen for pasientreiser")
        page.locator("input[name=_save]").click()
        page.wait_for_url(re.compile(r"/admin/documents/measure/$"))

        page.goto(f"{site}/search/?q=kvantesprangsreformen")
        first = page.locator("ol.hits li.hit h2 a").first
        assert first.inner_text() == "Kvantesprangsreformen for pasientreiser"
        first.click()
        page.wait_for_url(re.compile(rf"/measures/{measure.pk}/$"))
    finally:
        curator.delete()
