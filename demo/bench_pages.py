"""The key pages of each role, as the performance issue (#15) names them.

One list for the query-budget test (tests/test_query_budgets.py) and the
benchmark (`make bench`): each page's name, who opens it, and how to find
its address in a seeded demo school.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from feedback.access import visits_to_observe
from feedback.models import Feedback
from pupils.models import Pupil, SenStatus
from schools.models import School, User
from walks.models import LearningWalk, Visit

FLOOR = "floor (your account)"


@dataclass(frozen=True)
class Page:
    name: str
    who: str  # the demo account's part: sendco, slt, teacher, governor
    url: Callable[[School], str]
    method: str = "get"


def walk_with_visits(school: School) -> LearningWalk:
    return LearningWalk.objects.filter(school=school, visits__isnull=False).latest("starts_on")


def visits_to_capture(school: School, limit: int = 10) -> list[Visit]:
    """Visits the demo SENDCo observes whose day has come and whose record the
    teacher does not have yet (so the SENDCo may still change it), latest first."""
    sendco = User.objects.get(email=f"sendco@{school.slug}.test")
    released = Feedback.objects.filter(status=Feedback.Status.RELEASED).values("observation__visit")
    return list(
        visits_to_observe(sendco)
        .filter(walk__school=school, starts_at__date__lte=timezone.localdate())
        .exclude(pk__in=released)
        .order_by("-starts_at", "pk")[:limit]
    )


def _visit(school: School) -> Visit:
    visits = visits_to_capture(school, 1)
    if visits:
        return visits[0]
    return Visit.objects.filter(walk=walk_with_visits(school)).order_by("pk")[0]


def _pupil(school: School) -> Pupil:
    return Pupil.objects.filter(school=school, sen_status=SenStatus.EHC_PLAN).order_by("pk")[0]


KEY_PAGES = [
    Page(FLOOR, "sendco", lambda s: "/accounts/"),
    Page("SENDCo dashboard", "sendco", lambda s: "/dashboard/"),
    Page("register", "sendco", lambda s: "/pupils/register/"),
    Page("register, filtered", "sendco", lambda s: "/pupils/register/?year=9&status=K"),
    Page("register, searched", "sendco", lambda s: "/pupils/register/?q=ali"),
    Page("pupil page", "sendco", lambda s: f"/pupils/{_pupil(s).pk}/"),
    Page("My classes", "teacher", lambda s: "/pupils/my-classes/"),
    Page("walk programme", "sendco", lambda s: "/walks/"),
    Page("walk page", "sendco", lambda s: f"/walks/{walk_with_visits(s).pk}/"),
    Page(
        "add a visit with suggestions",
        "sendco",
        lambda s: f"/walks/{walk_with_visits(s).pk}/visits/add/",
    ),
    Page("capture page", "sendco", lambda s: f"/feedback/capture/{_visit(s).pk}/"),
    Page("teacher's walk notes", "teacher", lambda s: "/feedback/notes/"),
    Page("whole-school picture", "sendco", lambda s: "/feedback/picture/"),
    Page("provision grid", "sendco", lambda s: "/pupils/provision/grid/"),
    Page("calendar month", "sendco", lambda s: "/calendar/"),
    Page("governor summary page", "governor", lambda s: "/reports/summaries/"),
    Page("line-manager checklist", "slt", lambda s: "/reports/checklist/"),
]
