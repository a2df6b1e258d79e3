"""Querysets of the walks app scoped to the signed-in user.

SENDCo and SLT plan and edit every walk of their school. Anyone else sees a
walk's page only if they observe it, and then only the visits they are on:
their classes and teachers, and the people who go in with them; nothing of
the other visits (not their classes, teachers or observers). This is how a
governor, or another professional with an account, joins a walk without
learning who else was observed. Every member of the school sees announced
walks' dates, purpose and focus (the "Upcoming walks" page), and a teacher
sees the visits to their own classes; never another teacher's.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from pupils.access import groups_for
from pupils.models import TeachingGroup
from schools.models import ROLE_FIELDS, Membership, Role, User
from schools.roles import LEADERS_AND_GOVERNORS, SEND_LEADERS
from sendit.lib.access import ensure_role, in_school, school_id_of
from walks.models import FocusArea, LearningWalk, Visit

# States in which the staff have been told about a walk.
TOLD = (LearningWalk.State.ANNOUNCED, LearningWalk.State.IN_PROGRESS, LearningWalk.State.COMPLETED)


def is_planner(user: User) -> bool:
    return user.has_role(*SEND_LEADERS)


def focus_areas_for(user: User) -> QuerySet[FocusArea]:
    ensure_role(user, *SEND_LEADERS)
    return in_school(FocusArea.objects.all(), user)


def planned_walks_for(user: User) -> QuerySet[LearningWalk]:
    """Walks the user may edit: every walk of the school, for planners only."""
    ensure_role(user, *SEND_LEADERS)
    return in_school(LearningWalk.objects.all(), user)


def walks_for(user: User) -> QuerySet[LearningWalk]:
    """Walks whose page the user may open: planners all, others those they observe."""
    walks = in_school(LearningWalk.objects.all(), user)
    if is_planner(user):
        return walks
    return walks.filter(pk__in=LearningWalk.objects.filter(observers=user).values("pk"))


def programme_walks_for(user: User) -> QuerySet[LearningWalk]:
    """The programme: planners and governors see every walk of the school (no names).

    The whole-school picture (feedback) is built from these walks too.
    """
    ensure_role(user, *LEADERS_AND_GOVERNORS)
    return in_school(LearningWalk.objects.all(), user)


def walk_visits_for(user: User, walk: LearningWalk) -> QuerySet[Visit]:
    """The visits of a walk the user may see on its page."""
    visits = Visit.objects.filter(walk=walk, walk__school_id=school_id_of(user))
    if is_planner(user):
        return visits
    return visits.filter(pk__in=Visit.objects.filter(observers=user).values("pk"))


def walk_observers_for(user: User, walk: LearningWalk) -> QuerySet[User]:
    """The observers of a walk the user may see named on its page.

    Planners see all of them; anyone else themselves and whoever shares one
    of their visits, never the observers of visits they are not on.
    """
    observers = walk.observers.in_school(school_id_of(user), active=False)
    if is_planner(user):
        return observers
    companions = Visit.observers.through.objects.filter(
        visit__in=walk_visits_for(user, walk)
    ).values("user_id")
    return observers.filter(Q(pk__in=companions) | Q(pk=user.pk))


def sees_external_observers(user: User) -> bool:
    """Other professionals typed in by name (not accounts) are tied to no visit: planners only."""
    return is_planner(user)


def planned_visits_for(user: User) -> QuerySet[Visit]:
    """Visits the user may edit or remove: planners only."""
    ensure_role(user, *SEND_LEADERS)
    return in_school(Visit.objects.all(), user, field="walk__school")


def upcoming_walks_for(user: User, today: date) -> QuerySet[LearningWalk]:
    """Announced walks that have not finished: what every member of the school may know."""
    return in_school(LearningWalk.objects.all(), user).filter(state__in=TOLD, ends_on__gte=today)


def own_visits_for(user: User) -> QuerySet[Visit]:
    """Visits to the user's own classes, once the walk has been announced."""
    return in_school(Visit.objects.all(), user, field="walk__school").filter(
        teacher=user, walk__state__in=TOLD
    )


# What a planner chooses from on the walk and visit forms -----------------------------


def focus_choices_for(user: User, walk: LearningWalk | None = None) -> QuerySet[FocusArea]:
    """The library's focus areas in use, and any retired ones the walk already has."""
    chosen = Q(pk__in=walk.focus_areas.all()) if walk is not None and walk.pk else Q(pk=None)
    return focus_areas_for(user).filter(Q(is_retired=False) | chosen)


def _holding(school_id: int, *roles: str) -> QuerySet[Membership]:
    """The person's active membership in the school if it holds any of ``roles``."""
    held = Q()
    for role in roles:
        held |= Q(**{ROLE_FIELDS[role]: True})
    return Membership.objects.filter(held, user=OuterRef("pk"), school_id=school_id, is_active=True)


def observer_candidates_for(user: User) -> QuerySet[User]:
    """Who a planner may send on a walk: the school's active staff and governors,
    each with their membership here (their roles here, not in another school),
    annotated ``usual``: 0 for the SENDCo and senior leaders, who usually
    observe, 1 for governors, 2 for everyone else; listed in that order."""
    ensure_role(user, *SEND_LEADERS)
    school_id = school_id_of(user)
    return (
        User.objects.with_membership_in(school_id)
        .in_school(school_id)
        .filter(is_active=True)
        .annotate(
            usual=Case(
                When(Exists(_holding(school_id, Role.SENDCO, Role.SLT)), then=Value(0)),
                When(Exists(_holding(school_id, Role.GOVERNOR)), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("usual", "last_name", "first_name", "pk")
    )


def visit_classes_for(user: User) -> QuerySet[TeachingGroup]:
    """The classes a planner may add to a walk: every class of the school, with its teachers."""
    ensure_role(user, *SEND_LEADERS)
    return groups_for(user).prefetch_related("teachers")


def visit_teachers_for(user: User) -> QuerySet[User]:
    """Who may be named as the teacher of a visit: the school's active teachers."""
    ensure_role(user, *SEND_LEADERS)
    return User.objects.in_school(school_id_of(user), Role.TEACHER).filter(is_active=True)


def walk_year_groups_for(user: User) -> list[int]:
    """The year groups of the school's classes, which a walk may look at."""
    years = visit_classes_for(user).order_by("year_group").values_list("year_group", flat=True)
    return list(years.distinct())
