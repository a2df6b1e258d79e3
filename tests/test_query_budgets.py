"""The key pages' queries: the same number with the standard demo school and
with the large one (1,800 pupils, 150 staff, three school years of records),
and within the page's budget (#15: at most 15; the pages still above it are
named in OVER_BUDGET with their figure, so that a change can only lower it).

A query here is an SQL statement the page sends; the transaction's own
BEGIN, COMMIT and savepoints are not counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from feedback.models import Observation
from pupils.models import Pupil, SenStatus
from schools.models import School, User
from walks.models import LearningWalk, Visit

pytestmark = pytest.mark.django_db(transaction=False)

BUDGET = 15
# Pages not yet within the budget, with the most queries they may make.
OVER_BUDGET = {
    "SENDCo dashboard": 20,
    "pupil page": 17,
    "add a visit with suggestions": 21,
    "governor summary page": 28,
    "line-manager checklist": 39,
}
TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@dataclass(frozen=True)
class Page:
    name: str
    who: str
    url: Callable[[School], str]


def _walk(school: School) -> LearningWalk:
    return LearningWalk.objects.filter(school=school, visits__isnull=False).latest("starts_on")


def _visit(school: School) -> Visit:
    return (
        Visit.objects.filter(walk=_walk(school), observations__status=Observation.Status.DRAFT)
        .order_by("pk")
        .first()
        or Visit.objects.filter(walk=_walk(school)).order_by("pk").first()
    )  # type: ignore[return-value]


def _pupil(school: School) -> Pupil:
    return Pupil.objects.filter(school=school, sen_status=SenStatus.EHC_PLAN).order_by("pk").first()  # type: ignore[return-value]


PAGES = [
    Page("floor (your account)", "sendco", lambda s: "/accounts/"),
    Page("SENDCo dashboard", "sendco", lambda s: "/dashboard/"),
    Page("register", "sendco", lambda s: "/pupils/register/"),
    Page("register, filtered", "sendco", lambda s: "/pupils/register/?year=9&status=K"),
    Page("register, searched", "sendco", lambda s: "/pupils/register/?q=ali"),
    Page("pupil page", "sendco", lambda s: f"/pupils/{_pupil(s).pk}/"),
    Page("My classes", "teacher", lambda s: "/pupils/my-classes/"),
    Page("walk programme", "sendco", lambda s: "/walks/"),
    Page("walk page", "sendco", lambda s: f"/walks/{_walk(s).pk}/"),
    Page("add a visit with suggestions", "sendco", lambda s: f"/walks/{_walk(s).pk}/visits/add/"),
    Page("capture page", "sendco", lambda s: f"/feedback/capture/{_visit(s).pk}/"),
    Page("teacher's walk notes", "teacher", lambda s: "/feedback/notes/"),
    Page("whole-school picture", "sendco", lambda s: "/feedback/picture/"),
    Page("provision grid", "sendco", lambda s: "/pupils/provision/grid/"),
    Page("calendar month", "sendco", lambda s: "/calendar/"),
    Page("governor summary page", "governor", lambda s: "/reports/summaries/"),
    Page("line-manager checklist", "slt", lambda s: "/reports/checklist/"),
]


def _statements(page: Page) -> int:
    school = School.objects.get(slug="demo")
    client = Client()
    client.force_login(User.objects.get(email=f"{page.who}@demo.test"))
    url = page.url(school)
    client.get(url)  # once, so that what is made on a first visit is made
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (page.name, url, response.status_code)
    return sum(1 for q in queries.captured_queries if not q["sql"].startswith(TRANSACTION))


def test_key_pages_make_as_many_queries_with_a_large_school(capsys) -> None:
    call_command("seed_demo", verbosity=0)
    standard = {page.name: _statements(page) for page in PAGES}
    call_command("seed_demo", size="large", verbosity=0)
    assert Pupil.objects.filter(school__slug="demo").count() == 1800
    large = {page.name: _statements(page) for page in PAGES}
    with capsys.disabled():
        print("\nqueries per key page (standard, large):")
        for page in PAGES:
            print(f"  {page.name:32} {standard[page.name]:3} {large[page.name]:3}")
    assert large == standard
    for page in PAGES:
        limit = OVER_BUDGET.get(page.name, BUDGET)
        assert standard[page.name] <= limit, (page.name, standard[page.name], limit)
