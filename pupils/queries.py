"""The figures others read about pupils and provision, each computed once.

Dashboards, the register, reports and (later) the calendar call these rather
than counting for themselves, so that one figure reads the same everywhere.
Functions that take a user look everything up through ``pupils.access``, so
the read side is scoped like the pages; the one that takes a school gives
aggregates only (governors' summaries, which may not read pupil records).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, OuterRef, QuerySet, Subquery

from pupils.access import (
    arrangements_for,
    assessments_for,
    concerns_for,
    ehc_plans_for,
    interventions_for,
    pupils_for,
)
from pupils.models import (
    NEED_AREA,
    AccessArrangement,
    Assessment,
    BroadArea,
    Concern,
    EhcPlan,
    Intervention,
    ProfileReview,
    Pupil,
    SenStatus,
)
from schools.models import School, User

# Profile reviews are listed from two weeks before they are due.
REVIEW_DUE_SOON = timedelta(weeks=2)
LISTED = 10
NO_NEED = ""  # the broad-area key of pupils with no primary need recorded


# The register in numbers -------------------------------------------------------------


@dataclass(frozen=True)
class RegisterCounts:
    """Counts of a set of pupils by SEN status, broad area of primary need and year group."""

    by_status: dict[str, int]  # every SenStatus value, zeros included
    by_area: dict[str, int]  # BroadArea value (or NO_NEED) -> pupils of the set
    register_by_area: dict[str, int]  # the same, pupils on the register only
    by_year: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def support(self) -> int:
        return self.by_status[SenStatus.SUPPORT.value]

    @property
    def ehcp(self) -> int:
        return self.by_status[SenStatus.EHC_PLAN.value]

    @property
    def register(self) -> int:
        return self.support + self.ehcp

    @property
    def share(self) -> float:
        """Percentage of the set on the register, to one decimal place."""
        return round(100 * self.register / self.total, 1) if self.total else 0

    def labelled(self) -> dict[str, list[tuple[str, int]]]:
        """The register page's three lists: only what occurs, in the census order."""
        return {
            "status": [
                (status.label, self.by_status[status.value])
                for status in SenStatus
                if self.by_status[status.value]
            ],
            "area": [
                (area.label, self.by_area[area]) for area in BroadArea if self.by_area.get(area)
            ]
            + ([("No need recorded", self.by_area[NO_NEED])] if self.by_area.get(NO_NEED) else []),
            "year": [(f"Year {year}", n) for year, n in sorted(self.by_year.items())],
        }


def register_counts(pupils: QuerySet[Pupil]) -> RegisterCounts:
    """Count a scoped set of pupils (``pupils_for`` or a filter of it) in one query."""
    by_status: dict[str, int] = dict.fromkeys(SenStatus.values, 0)
    by_area: Counter[str] = Counter()
    register_by_area: Counter[str] = Counter()
    by_year: Counter[int] = Counter()
    rows = pupils.values_list("sen_status", "primary_need", "year_group").annotate(n=Count("pk"))
    for status, need, year, n in rows.order_by():
        area = NEED_AREA.get(need, NO_NEED)
        by_status[status] = by_status.get(status, 0) + n
        by_area[area] += n
        if status != SenStatus.NONE:
            register_by_area[area] += n
        by_year[year] += n
    return RegisterCounts(
        by_status=by_status,
        by_area=dict(by_area),
        register_by_area=dict(register_by_area),
        by_year=dict(by_year),
    )


def school_register_counts(school: School) -> RegisterCounts:
    """The whole school's register in numbers: aggregates only, for summaries that
    people who may not read pupil records (governors) see."""
    return register_counts(Pupil.objects.filter(school=school))


# What the SENDCo follows up ------------------------------------------------------------


@dataclass(frozen=True)
class DueList:
    """The first few of a list to act on, and how many there are in all."""

    items: list[Any]
    total: int
    overdue: int = 0
    today: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class NextReview(TypedDict):
    next_review: date | None


if TYPE_CHECKING:
    # Types only (django-stubs-ext is a development dependency): a pupil
    # annotated with the next review date their latest review set.
    from django_stubs_ext import WithAnnotations

    PupilWithNextReview = WithAnnotations[Pupil, NextReview]


def profile_reviews_due(pupils: QuerySet[Pupil], *, today: date) -> QuerySet[PupilWithNextReview]:
    """Pupils on the register whose latest review set a next review on or before two
    weeks away, soonest first (annotated with ``next_review``)."""
    latest = ProfileReview.objects.filter(pupil=OuterRef("pk")).order_by("-held_on", "-pk")
    return (
        pupils.exclude(sen_status=SenStatus.NONE)
        .annotate(next_review=Subquery(latest.values("next_review_on")[:1]))
        .filter(next_review__lte=today + REVIEW_DUE_SOON)
        .order_by("next_review", "legal_last_name", "pk")
    )


def profile_reviews_overdue(
    pupils: QuerySet[Pupil], *, today: date
) -> QuerySet[PupilWithNextReview]:
    return profile_reviews_due(pupils, today=today).filter(next_review__lt=today)


def reviews_due_for(user: User, *, today: date, listed: int = LISTED) -> DueList:
    due = profile_reviews_due(pupils_for(user), today=today)
    return DueList(
        items=list(due[:listed]),
        overdue=profile_reviews_overdue(pupils_for(user), today=today).count(),
        total=due.count(),
        today=today,
    )


def without_profile(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    return (
        pupils.exclude(sen_status=SenStatus.NONE)
        .filter(profile__isnull=True)
        .order_by("legal_last_name", "legal_first_name", "pk")
    )


def without_profile_for(user: User, *, listed: int = LISTED) -> DueList:
    missing = without_profile(pupils_for(user))
    return DueList(items=list(missing[:listed]), total=missing.count())


@dataclass(frozen=True)
class ProfileCoverage:
    """The register and its one-page profiles today (counts only)."""

    register: int
    with_profile: int
    current: int  # with a profile whose review is not overdue

    @property
    def without_profile(self) -> int:
        return self.register - self.with_profile


def profile_coverage_for(user: User, *, today: date) -> ProfileCoverage:
    """Pupils on the register, those with a profile, and those whose profile is
    current (its last review set no date already passed): ``without_profile`` and
    ``profile_reviews_overdue`` counted over the same pupils."""
    register = pupils_for(user).exclude(sen_status=SenStatus.NONE)
    on_register = register.count()
    with_profile = on_register - without_profile(register).count()
    overdue_with_profile = profile_reviews_overdue(
        register.filter(profile__isnull=False), today=today
    ).count()
    return ProfileCoverage(
        register=on_register, with_profile=with_profile, current=with_profile - overdue_with_profile
    )


@dataclass(frozen=True)
class ConcernsRaised:
    """Concerns raised by staff between two dates, and what was decided."""

    total: int
    open: int
    by_outcome: list[tuple[str, int]]  # (outcome label, count) for each decision, in order


def concerns_raised_for(user: User, *, start: date, end: date) -> ConcernsRaised:
    """Concerns raised from ``start`` to ``end`` (inclusive), by outcome, in one query."""
    rows = dict(
        concerns_for(user)
        .filter(created_at__date__gte=start, created_at__date__lte=end)
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return ConcernsRaised(
        total=sum(rows.values()),
        open=rows.get("", 0),
        by_outcome=[(label, rows.get(value, 0)) for value, label in Concern.Outcome.choices],
    )


def open_concerns_for(user: User, *, listed: int = LISTED) -> DueList:
    concerns = concerns_for(user).filter(outcome="").select_related("pupil", "raised_by")
    return DueList(
        items=list(concerns.order_by("created_at", "pk")[:listed]), total=concerns.count()
    )


def _ehc_review_dates(user: User) -> list[tuple[date, int]]:
    """(next annual review due, plan id) of every reachable EHC plan, soonest first.

    Read as plain values, so that counting reads no pupil's record."""
    rows = ehc_plans_for(user).values_list("pk", "issued_on", "last_annual_review")
    return sorted((EhcPlan.review_due_from(issued, last), pk) for pk, issued, last in rows)


def ehc_reviews_due_for(user: User, *, today: date, listed: int = LISTED) -> DueList:
    """EHC annual reviews overdue or due within six weeks, soonest first."""
    horizon = today + timedelta(days=EhcPlan.DUE_SOON_DAYS)
    due = [(on, pk) for on, pk in _ehc_review_dates(user) if on <= horizon]
    shown = [pk for _, pk in due[:listed]]
    plans = ehc_plans_for(user).filter(pk__in=shown).select_related("pupil") if shown else []
    by_pk = {plan.pk: plan for plan in plans}
    return DueList(
        items=[by_pk[pk] for pk in shown if pk in by_pk],
        total=len(due),
        overdue=sum(1 for on, _ in due if on < today),
        today=today,
    )


@dataclass(frozen=True)
class StatutoryReviews:
    """How the reviews the register owes stand today (counts only)."""

    profile_reviews_overdue: int
    ehc_reviews_overdue: int
    ehc_reviews_due_soon: int


def statutory_reviews_for(user: User, *, today: date) -> StatutoryReviews:
    """Profile reviews and EHC annual reviews overdue today, and annual reviews due
    within six weeks: the same rules as ``reviews_due_for`` and ``ehc_reviews_due_for``."""
    ehc = [on for on, _ in _ehc_review_dates(user)]
    horizon = today + timedelta(days=EhcPlan.DUE_SOON_DAYS)
    return StatutoryReviews(
        profile_reviews_overdue=profile_reviews_overdue(pupils_for(user), today=today).count(),
        ehc_reviews_overdue=sum(1 for on in ehc if on < today),
        ehc_reviews_due_soon=sum(1 for on in ehc if today <= on <= horizon),
    )


def arrangements_to_chase(user: User, *, today: date) -> QuerySet[AccessArrangement]:
    """Access arrangements whose evidence is missing or expiring."""
    return arrangements_for(user).filter(AccessArrangement.needs_attention_q(today))


def interventions_without_exit(user: User, *, today: date) -> QuerySet[Intervention]:
    """Finished interventions with at least one pupil who has no exit measure."""
    return (
        interventions_for(user)
        .filter(ends_on__lt=today, places__exit_measure__isnull=True)
        .distinct()
    )


@dataclass(frozen=True)
class ProvisionFollowUp:
    arrangements: int
    missing_exit: int


def provision_follow_up_for(user: User, *, today: date) -> ProvisionFollowUp:
    return ProvisionFollowUp(
        arrangements=arrangements_to_chase(user, today=today).count(),
        missing_exit=interventions_without_exit(user, today=today).count(),
    )


def latest_reading_assessments(user: User) -> QuerySet[Assessment]:
    """Each reachable pupil's latest assessment that gave a reading age."""
    latest = (
        Assessment.objects.filter(pupil=OuterRef("pk"), reading_age_months__isnull=False)
        .order_by("-taken_on", "-pk")
        .values("pk")[:1]
    )
    ids = pupils_for(user).annotate(latest_reading=Subquery(latest)).values("latest_reading")
    return assessments_for(user).filter(pk__in=ids).select_related("pupil")
