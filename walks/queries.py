"""The figures others read about walks, each computed once.

Coverage of the year (teachers, departments, year groups visited) is still
``walks.services.programme_coverage``, while staff memberships rework that
file; it belongs here next.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from schools.models import User
from walks.access import planned_walks_for
from walks.models import LearningWalk

# Staff should hear about a walk the week before.
NOTICE = timedelta(days=7)


def walks_to_announce(user: User, *, today: date) -> QuerySet[LearningWalk]:
    """Planned walks that start within a week and have not been announced: late."""
    return planned_walks_for(user).filter(
        state=LearningWalk.State.PLANNED, starts_on__lt=today + NOTICE, ends_on__gte=today
    )
