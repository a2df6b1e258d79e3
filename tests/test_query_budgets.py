"""The key pages' queries: the same number with the standard demo school and
with the large one (1,800 pupils, 150 staff, three school years of records),
and within the page's budget (#15: at most 15; the pages still above it are
named in OVER_BUDGET with their figure, so that a change can only lower it).

A query here is an SQL statement the page sends; the transaction's own
BEGIN, COMMIT and savepoints are not counted.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from demo.bench_pages import KEY_PAGES, Page
from demo.management.commands.bench_targets import statements
from pupils.models import Pupil
from schools.models import School, User

pytestmark = pytest.mark.django_db(transaction=False)

BUDGET = 15
# Pages not yet within the budget, with the most queries they may make.
OVER_BUDGET = {
    "SENDCo dashboard": 23,
    "pupil page": 22,
    "add a visit with suggestions": 21,
    "governor summary page": 42,
    "line-manager checklist": 25,
}


def _statements(page: Page) -> int:
    school = School.objects.get(slug="demo")
    client = Client()
    client.force_login(User.objects.get(email=f"{page.who}@demo.test"))
    url = page.url(school)
    status, sent = statements(client, url)
    assert status == 200, (page.name, url, status)
    return sent


def test_key_pages_make_as_many_queries_with_a_large_school(capsys) -> None:
    call_command("seed_demo", verbosity=0)
    standard = {page.name: _statements(page) for page in KEY_PAGES}
    call_command("seed_demo", size="large", verbosity=0)
    assert Pupil.objects.filter(school__slug="demo").count() == 1800
    large = {page.name: _statements(page) for page in KEY_PAGES}
    with capsys.disabled():
        print("\nqueries per key page (standard, large):")
        for page in KEY_PAGES:
            print(f"  {page.name:32} {standard[page.name]:3} {large[page.name]:3}")
    assert large == standard
    for page in KEY_PAGES:
        limit = OVER_BUDGET.get(page.name, BUDGET)
        assert standard[page.name] <= limit, (page.name, standard[page.name], limit)
