"""The calendar's figures, each counted once: the pages, the dashboard panels,
the digest and the termly report all read them here.

Functions that take a user see what that user may see (``calendar_app.access``);
those that take a school give what a report about the whole school needs,
with no pupil named (events about a pupil are counted, never listed).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, QuerySet

from calendar_app.access import events_for
from calendar_app.models import REVIEW_CHAIN, Event, EventQuerySet, Kind
from pupils.access import ehc_plans_for
from pupils.models import EhcPlan
from schools.models import School, User

WEEK = timedelta(days=7)


def events_between(
    events: EventQuerySet, first: date, last: date, *, kind: str = "", audience: str = ""
) -> EventQuerySet:
    """Events on any day from ``first`` to ``last``, filtered by kind and audience."""
    found = events.between(first, last)
    if kind:
        found = found.filter(kind=kind)
    if audience == "staff":
        found = found.filter(for_staff=True)
    elif audience == "governors":
        found = found.filter(for_governors=True)
    elif audience == "parents":
        found = found.filter(for_parents=True)
    elif audience == "send_team":
        found = found.filter(for_staff=False, for_governors=False, for_parents=False)
    return found.select_related("pupil", "walk").in_order()


def upcoming_for(user: User, *, today: date, days: int = 7) -> list[Event]:
    """What the user may see from today for ``days`` days, cancelled ones left out."""
    return list(events_between(events_for(user), today, today + timedelta(days=days - 1)).live())


# Overdue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverdueCounts:
    annual_reviews: int
    invitations_not_sent: int
    papers_not_sent: int
    profile_reviews_missed: int

    @property
    def total(self) -> int:
        return (
            self.annual_reviews
            + self.invitations_not_sent
            + self.papers_not_sent
            + self.profile_reviews_missed
        )


@dataclass(frozen=True)
class Overdue:
    """What is overdue: annual reviews past their 12 months (from the EHC plans),
    and calendar steps whose day has passed without being marked done."""

    annual_reviews: list[EhcPlan]
    invitations_not_sent: QuerySet[Event]
    papers_not_sent: QuerySet[Event]
    profile_reviews_missed: QuerySet[Event]

    def counts(self) -> OverdueCounts:
        return OverdueCounts(
            annual_reviews=len(self.annual_reviews),
            invitations_not_sent=self.invitations_not_sent.count(),
            papers_not_sent=self.papers_not_sent.count(),
            profile_reviews_missed=self.profile_reviews_missed.count(),
        )


def _past_not_done(events: EventQuerySet, kind: str, today: date) -> EventQuerySet:
    return (
        events.live()
        .filter(kind=kind, done_on__isnull=True, end_date__lt=today)
        .select_related("pupil")
        .in_order()
    )


def _overdue_plans(plans: QuerySet[EhcPlan], today: date) -> list[EhcPlan]:
    """EHC plans whose annual review is past its 12 months (EhcPlan.review_overdue)."""
    overdue = [plan for plan in plans.select_related("pupil") if plan.review_overdue(today)]
    return sorted(overdue, key=lambda plan: (plan.next_review_due, plan.pk))


def _overdue(plans: QuerySet[EhcPlan], events: EventQuerySet, today: date) -> Overdue:
    return Overdue(
        annual_reviews=_overdue_plans(plans, today),
        invitations_not_sent=_past_not_done(events, Kind.REVIEW_INVITATIONS, today),
        papers_not_sent=_past_not_done(events, Kind.REVIEW_PAPERS, today),
        profile_reviews_missed=_past_not_done(events, Kind.PROFILE_REVIEW, today),
    )


# The statutory steps, counted (the line-management checklist) ---------------------------

# The dates the law or the exam boards set, in the order they come in a review.
STATUTORY_KINDS = (
    *REVIEW_CHAIN,
    Kind.PROFILE_REVIEW,
    Kind.TRANSITION_REVIEW,
    Kind.ACCESS_ASSESSMENT,
)
# The steps the calendar knows are late (as on the overdue list).
LATE_STEP_KINDS = (Kind.REVIEW_INVITATIONS, Kind.REVIEW_PAPERS, Kind.PROFILE_REVIEW)


@dataclass(frozen=True)
class StatutorySteps:
    """Statutory dates from ``first`` to ``last`` by kind, and the steps past their
    day without being marked done: counts only, so no pupil's record is read."""

    first: date
    last: date
    due: list[tuple[str, int]]  # (kind label, dates), statutory kinds with any
    late: list[tuple[str, int]]  # (kind label, steps), every late-step kind

    @property
    def due_total(self) -> int:
        return sum(n for _, n in self.due)


def statutory_steps_for(user: User, *, first: date, last: date, today: date) -> StatutorySteps:
    events = events_for(user)
    due = Counter(
        events_between(events, first, last)
        .live()
        .filter(kind__in=STATUTORY_KINDS)
        .values_list("kind", flat=True)
    )
    late = _late_steps(events, today)
    return StatutorySteps(
        first=first,
        last=last,
        due=[(Kind(kind).label, due[kind]) for kind in STATUTORY_KINDS if due[kind]],
        late=[(Kind(kind).label, late[kind]) for kind in LATE_STEP_KINDS],
    )


def overdue_for(user: User, *, today: date) -> Overdue:
    """The overdue list of the SEND team (it names pupils: SENDCo and SLT only)."""
    return _overdue(ehc_plans_for(user), events_for(user), today)


def _late_steps(events: EventQuerySet, today: date) -> Counter[str]:
    """The steps past their day without being marked done, by kind, in one query
    (the overdue list's own rule, ``_past_not_done``)."""
    return Counter(
        dict(
            events.live()
            .filter(kind__in=LATE_STEP_KINDS, done_on__isnull=True, end_date__lt=today)
            .values_list("kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )


def _overdue_counts(plans: QuerySet[EhcPlan], events: EventQuerySet, today: date) -> OverdueCounts:
    """What ``Overdue.counts`` gives, in two queries that read no pupil's record:
    the plans as plain dates, the late steps counted by kind."""
    reviews = sum(
        1
        for issued, last in plans.values_list("issued_on", "last_annual_review")
        if EhcPlan.review_due_from(issued, last) < today
    )
    late = _late_steps(events, today)
    return OverdueCounts(
        annual_reviews=reviews,
        invitations_not_sent=late[Kind.REVIEW_INVITATIONS],
        papers_not_sent=late[Kind.REVIEW_PAPERS],
        profile_reviews_missed=late[Kind.PROFILE_REVIEW],
    )


def overdue_counts_for(user: User, *, today: date) -> OverdueCounts:
    return _overdue_counts(ehc_plans_for(user), events_for(user), today)


def overdue_counts(school: School, *, today: date) -> OverdueCounts:
    """The same counts for a whole school (the termly report); counts only."""
    return _overdue_counts(
        EhcPlan.objects.filter(pupil__school=school), Event.objects.filter(school=school), today
    )


# Dates ahead, for the termly report -----------------------------------------------------


@dataclass(frozen=True)
class DateAhead:
    start_date: date
    end_date: date
    title: str
    kind: str  # the kind's label
    audiences: list[str]


@dataclass(frozen=True)
class DatesAhead:
    """The dates of a school from ``first`` to ``last``: every event not about a
    pupil, listed; events about pupils counted by kind only."""

    first: date
    last: date
    listed: list[DateAhead]
    about_pupils: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.listed) + sum(self.about_pupils.values())


def dates_ahead(school: School, *, first: date, last: date) -> DatesAhead:
    """What is coming for the school in a span (a term, the next half-term)."""
    events = Event.objects.filter(school=school).live().between(first, last)
    listed = [
        DateAhead(
            start_date=event.start_date,
            end_date=event.end_date,
            title=event.title,
            kind=Kind(event.kind).label,
            audiences=event.audience_labels,
        )
        for event in events.filter(pupil__isnull=True).in_order()
    ]
    counted = Counter(
        Kind(kind).label
        for kind in events.filter(pupil__isnull=False).values_list("kind", flat=True)
    )
    return DatesAhead(first=first, last=last, listed=listed, about_pupils=dict(counted))
