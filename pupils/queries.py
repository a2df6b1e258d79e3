"""The figures others read about pupils and provision, each computed once.

Dashboards, the register, reports and (later) the calendar call these rather
than counting for themselves, so that one figure reads the same everywhere.
Functions that take a user look everything up through ``pupils.access``, so
the read side is scoped like the pages; the one that takes a school gives
aggregates only (governors' summaries, which may not read pupil records).

Provision in figures (the pages under /pupils/provision/ and the termly
report call these; each takes ``who``, a user or a school, and a term of the
school's own dates (``schools.terms.Term``) and returns plain frozen dataclasses):

- ``provision_grid(who, term, across="area"|"wave")``: the provision map as
  leaders print it: year groups down, areas of need (or waves) across, each
  cell the interventions running in the term and how many pupils of that
  year they reach, with row and column totals (a pupil counts once in a
  total however many interventions they are in).
- ``provision_costs(who, term, today=)``: each intervention running in the
  term with its cost to date (up to today, or the term's end if that is
  sooner), in the term, and projected to its end date, its cost per pupil,
  and the totals by broad area of need, by wave and for the school.
- ``intervention_cost(who, intervention, today=)``: the same for one
  intervention, whatever the term (its "in term" is the current term's).
- ``pupil_provision_costs(who, term, today=)``: each pupil's share of those
  costs (an intervention's cost split evenly among its pupils), costliest first.
- ``intervention_impact(who, intervention)`` and
  ``interventions_impact(who, ids)``: each pupil's entry, exit and change,
  whether it meets the intervention's expected-progress rule, and the average.
  These read pupils' records (the audit of reading notes them).
- ``impact_summary(who, term, today=)``: the interventions that ended in the
  term (before today): pupils, how many have both measures, how many met the
  rule, the cost and the cost per pupil who met it, and those ended without
  every exit measure. Aggregates only.

Money is ``Decimal`` to the penny; a cost is None while it cannot be known
(an intervention costed at a role's hourly rate that the school has not set).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from pupils.access import (
    arrangements_for,
    assessments_for,
    concerns_for,
    ehc_plans_for,
    interventions_for,
    pupils_for,
    reviews_for,
    staff_rates_for,
)
from pupils.models import (
    NEED_AREA,
    AccessArrangement,
    Assessment,
    BroadArea,
    Concern,
    Costing,
    EhcPlan,
    Intervention,
    InterventionPlace,
    ProfileReview,
    Pupil,
    SenStatus,
    SenStatusChange,
    StaffRate,
    Wave,
    money,
)
from schools.models import School, User
from schools.terms import Term, is_term_day, latest_term, school_terms, terms_of_year
from sendit.lib.access import school_id_of
from sendit.lib.dates import school_year_start
from sendit.lib.lists import head_and_total

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


# The register over time: as it stood on a day, and its movement ----------------------


def _years_back(day: date, today: date) -> int:
    """School years between a day and today: a pupil in Year 9 now was in Year 8
    a school year ago."""
    return school_year_start(today) - school_year_start(day)


def history_reaches(school: School, day: date) -> bool:
    """Whether the register's history (SenStatusChange) goes back as far as a day."""
    return SenStatusChange.objects.filter(pupil__school=school, changed_on__lte=day).exists()


def register_counts_on(
    school: School, day: date, *, today: date | None = None, status: str | None = None
) -> RegisterCounts | None:
    """The school's register as it stood on a day, worked out from the status history:
    each pupil's status is the one their latest change on or before the day gave
    (with none, what their first later change moved them from; with no change
    at all, their status now), their need the one recorded with that change (or
    their need now), their year group the one they were in then. Pupils in year
    groups below the school's lowest now had not joined. None when the history
    does not reach that far back. ``status`` keeps the pupils who had that status
    on the day. Aggregates only; three queries.

    Pupils who had left by the day (``left_on``) are not counted; those who left
    since count (in the year group they were in then) while sendit keeps their
    records."""
    today = today or timezone.localdate()
    if not history_reaches(school, day):
        return None
    changes = SenStatusChange.objects.filter(pupil=OuterRef("pk"))
    before = changes.filter(changed_on__lte=day).order_by("-changed_on", "-pk")
    after = changes.filter(changed_on__gt=day).order_by("changed_on", "pk")
    blank = Value("")
    rows = (
        Pupil.objects.filter(school=school)
        .exclude(left_on__lte=day)
        .annotate(
            status_then=Coalesce(
                Subquery(before.values("to_status")[:1]),
                Subquery(after.values("from_status")[:1]),
                F("sen_status"),
            ),
            need_then=Coalesce(
                NullIf(Subquery(before.values("primary_need")[:1]), blank),
                NullIf(Subquery(after.values("primary_need")[:1]), blank),
                F("primary_need"),
            ),
        )
    )
    if status is not None:
        rows = rows.filter(status_then=status)
    found = list(
        rows.values_list("status_then", "need_then", "year_group", "left_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    lowest = Pupil.objects.filter(school=school).aggregate(low=Min("year_group"))["low"] or 0
    by_status: dict[str, int] = dict.fromkeys(SenStatus.values, 0)
    by_area: Counter[str] = Counter()
    register_by_area: Counter[str] = Counter()
    by_year: Counter[int] = Counter()
    for status, need, year, left_on, n in found:
        # A leaver's year group is the one they left from.
        back = _years_back(day, min(left_on or today, today))
        if year - back < lowest:
            continue  # not at the school yet
        area = NEED_AREA.get(need, NO_NEED) if status != SenStatus.NONE else NO_NEED
        by_status[status] += n
        by_area[area] += n
        if status != SenStatus.NONE:
            register_by_area[area] += n
        by_year[year - back] += n
    return RegisterCounts(
        by_status=by_status,
        by_area=dict(by_area),
        register_by_area=dict(register_by_area),
        by_year=dict(by_year),
    )


@dataclass(frozen=True)
class Movement:
    """Changes of place on the register: onto it, off it, and between K and E."""

    added: int = 0  # from no SEN to SEN support or an EHC plan
    removed: int = 0  # from either to no SEN
    to_ehcp: int = 0  # SEN support to an EHC plan
    to_support: int = 0  # an EHC plan to SEN support

    @property
    def net(self) -> int:
        return self.added - self.removed

    @property
    def total(self) -> int:
        return self.added + self.removed + self.to_ehcp + self.to_support

    def __add__(self, other: Movement) -> Movement:
        return Movement(
            added=self.added + other.added,
            removed=self.removed + other.removed,
            to_ehcp=self.to_ehcp + other.to_ehcp,
            to_support=self.to_support + other.to_support,
        )


MOVEMENT_KINDS = (
    ("added", "Added to the register"),
    ("removed", "Removed from the register"),
    ("to_ehcp", "SEN support to EHC plan (K to E)"),
    ("to_support", "EHC plan to SEN support (E to K)"),
)


def _movement_of(from_status: str, to_status: str, n: int) -> Movement:
    if from_status == SenStatus.NONE:
        return Movement(added=n)
    if to_status == SenStatus.NONE:
        return Movement(removed=n)
    if to_status == SenStatus.EHC_PLAN:
        return Movement(to_ehcp=n)
    return Movement(to_support=n)


@dataclass(frozen=True)
class TermMovement:
    term: Term
    total: Movement
    by_year: dict[int, Movement]  # the year group the pupils were in at the time


@dataclass(frozen=True)
class RegisterMovement:
    first: date
    last: date
    terms: list[TermMovement]  # every term that overlaps the span, in order

    @property
    def total(self) -> Movement:
        return sum((t.total for t in self.terms), Movement())

    @property
    def years(self) -> list[int]:
        return sorted({year for t in self.terms for year in t.by_year})

    def by_year(self) -> dict[int, Movement]:
        out: dict[int, Movement] = defaultdict(Movement)
        for t in self.terms:
            for year, movement in t.by_year.items():
                out[year] = out[year] + movement
        return dict(sorted(out.items()))


def register_movement(
    school: School | int, *, first: date, last: date, today: date | None = None
) -> RegisterMovement:
    """Pupils added to and removed from the register, and moved from K to E and E to K,
    from ``first`` to ``last`` (inclusive), per term of the school (a change in a
    holiday comes under the term before it) and by the year group the pupil was
    in at the time. Counted in the database; three queries whatever the span."""
    today = today or timezone.localdate()
    terms = school_terms(school)
    years = range(school_year_start(first), school_year_start(last) + 1)
    terms.preload(years)
    spans = [
        t for year in years for t in terms.year(year).terms if t.start <= last and t.end >= first
    ]
    rows = (
        SenStatusChange.objects.filter(
            pupil__school=school, changed_on__gte=first, changed_on__lte=last
        )
        .exclude(from_status=F("to_status"))
        .values_list(
            "from_status", "to_status", "changed_on", "pupil__year_group", "pupil__left_on"
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals: dict[str, Movement] = defaultdict(Movement)
    by_year: dict[str, dict[int, Movement]] = defaultdict(lambda: defaultdict(Movement))
    for from_status, to_status, day, year, left_on, n in rows:
        key = terms.year(school_year_start(day)).filed_under(day).key
        movement = _movement_of(from_status, to_status, n)
        totals[key] = totals[key] + movement
        then = year - _years_back(day, min(left_on or today, today))
        by_year[key][then] = by_year[key][then] + movement
    return RegisterMovement(
        first=first,
        last=last,
        terms=[
            TermMovement(
                term=t,
                total=totals.get(t.key, Movement()),
                by_year=dict(sorted(by_year.get(t.key, {}).items())),
            )
            for t in spans
        ],
    )


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
    items, total, counts = head_and_total(due, listed, overdue=Q(next_review__lt=today))
    return DueList(items=items, overdue=counts["overdue"], total=total, today=today)


def without_profile(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    return (
        pupils.exclude(sen_status=SenStatus.NONE)
        .filter(profile__isnull=True)
        .order_by("legal_last_name", "legal_first_name", "pk")
    )


def without_profile_for(user: User, *, listed: int = LISTED) -> DueList:
    items, total, _ = head_and_total(without_profile(pupils_for(user)), listed)
    return DueList(items=items, total=total)


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
    items, total, _ = head_and_total(concerns.order_by("created_at", "pk"), listed)
    return DueList(items=items, total=total)


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


@dataclass(frozen=True)
class ReviewsDone:
    """Reviews that fell due in a span (up to today), and how many of them were held."""

    due: int
    done: int

    @property
    def not_done(self) -> int:
        return self.due - self.done


@dataclass(frozen=True)
class StatutoryWork:
    """The statutory work of a span, counts only: profile reviews and EHC annual
    reviews done against due, and the access arrangements whose evidence is
    missing (no assessment, no completed form, or no expiry date) or runs out
    within the warning days (or has run out)."""

    first: date
    last: date  # the span's end, or today if sooner
    profile_reviews: ReviewsDone
    annual_reviews: ReviewsDone
    arrangements_missing: int
    arrangements_expiring: int


def statutory_work_for(user: User, *, first: date, last: date, today: date) -> StatutoryWork:
    """Profile reviews due in the span (the next review date the review before set
    falls in it, for a pupil on the register) and how many were held (a later
    review by the span's end); EHC annual reviews due in the span (12 months
    after the last review, or issue) and held: a review held in the span counts
    as done against the one it met, one still owed whose date has passed is not
    done. Four queries; no pupil's record is read."""
    end = min(last, today)
    later = ProfileReview.objects.filter(
        pupil=OuterRef("pupil"), held_on__gt=OuterRef("held_on"), held_on__lte=end
    )
    profile = (
        reviews_for(user)
        .filter(
            pupil__in=pupils_for(user).exclude(sen_status=SenStatus.NONE),
            next_review_on__gte=first,
            next_review_on__lte=end,
        )
        .annotate(held=Exists(later))
        .aggregate(due=Count("pk"), done=Count("pk", filter=Q(held=True)))
    )
    plans = ehc_plans_for(user).values_list("issued_on", "last_annual_review")
    held = owed = 0
    for issued, last_review in plans:
        if last_review is not None and first <= last_review <= end:
            held += 1
        elif first <= EhcPlan.review_due_from(issued, last_review) < end:
            owed += 1
    arrangements = arrangements_for(user).aggregate(
        missing=Count(
            "pk",
            filter=Q(assessed_on__isnull=True)
            | Q(form_completed=False)
            | Q(valid_until__isnull=True),
        ),
        attention=Count("pk", filter=AccessArrangement.needs_attention_q(today)),
    )
    return StatutoryWork(
        first=first,
        last=end,
        profile_reviews=ReviewsDone(due=profile["due"], done=profile["done"]),
        annual_reviews=ReviewsDone(due=held + owed, done=held),
        arrangements_missing=arrangements["missing"],
        arrangements_expiring=arrangements["attention"] - arrangements["missing"],
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


# Provision in figures: the grid, costs and impact ---------------------------------------

Who = User | School  # a user (scoped as their pages are) or a whole school
GRID_ACROSS = ("area", "wave")


def _interventions_of(who: Who) -> QuerySet[Intervention]:
    if isinstance(who, School):
        return Intervention.objects.filter(school=who)
    return interventions_for(who)


def _places_of(who: Who) -> QuerySet[InterventionPlace]:
    return InterventionPlace.objects.filter(intervention__in=_interventions_of(who))


def _school_id(who: Who) -> int:
    return who.pk if isinstance(who, School) else school_id_of(who)


def staff_rates(who: Who) -> dict[str, Decimal]:
    """The school's hourly rate of each role that has one (DeliveryRole value -> £)."""
    rates = (
        StaffRate.objects.filter(school=who) if isinstance(who, School) else staff_rates_for(who)
    )
    return dict(rates.values_list("role", "hourly_rate"))


def costing_for(who: Who) -> Costing:
    """The school's rates, and its term dates to find each week's first school day:
    a week with none (a holiday) has no sessions."""
    terms = school_terms(_school_id(who))
    weeks: dict[date, date | None] = {}

    def first_school_day(week_start: date) -> date | None:
        if week_start not in weeks:
            days = (week_start + timedelta(days=n) for n in range(7))
            weeks[week_start] = next((day for day in days if is_term_day(terms, day)), None)
        return weeks[week_start]

    return Costing(rates=staff_rates(who), first_school_day=first_school_day)


def running_in(interventions: QuerySet[Intervention], term: Term) -> QuerySet[Intervention]:
    """Interventions that run on at least one day of the term."""
    return interventions.filter(starts_on__lte=term.end, ends_on__gte=term.start)


def _until_next_term(school_id: int, term: Term) -> date:
    """The day before the next term starts: an end date in the holiday after a term
    comes under that term."""
    later = terms_of_year(school_id, term.school_year) + terms_of_year(
        school_id, term.school_year + 1
    )
    return next(t.start for t in later if t.start > term.start) - timedelta(days=1)


def ended_in(who: Who, term: Term, *, today: date) -> QuerySet[Intervention]:
    """Interventions whose end date has passed and falls in the term (or in the
    holiday after it)."""
    return _interventions_of(who).filter(
        ends_on__gte=term.start,
        ends_on__lte=_until_next_term(_school_id(who), term),
        ends_on__lt=today,
    )


def _pupils_by_intervention(who: Who, ids: Iterable[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for intervention_id, pupil_id in (
        _places_of(who).filter(intervention_id__in=ids).values_list("intervention_id", "pupil_id")
    ):
        found[intervention_id].add(pupil_id)
    return found


def _column(intervention: Intervention, across: str) -> str:
    return intervention.area if across == "area" else str(intervention.wave)


def _columns(across: str) -> list[tuple[str, str]]:
    if across == "area":
        return [(area.value, area.label) for area in BroadArea]
    return [(str(wave.value), wave.label) for wave in Wave]


# The grid ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridIntervention:
    id: int
    name: str
    pupils: int  # pupils of the row's year group in it


@dataclass(frozen=True)
class GridCell:
    interventions: list[GridIntervention]
    pupils: int  # different pupils of the year group in the cell's interventions


@dataclass(frozen=True)
class GridRow:
    year: int
    cells: list[GridCell]
    total: int  # different pupils of the year group in any intervention


@dataclass(frozen=True)
class GridColumn:
    key: str  # a BroadArea value, or a wave ("1", "2", "3")
    label: str
    pupils: int  # different pupils in the column's interventions
    interventions: int


@dataclass(frozen=True)
class ProvisionGrid:
    term: Term
    across: str  # "area" or "wave"
    columns: list[GridColumn]
    rows: list[GridRow]  # each row's cells in the order of the columns
    pupils: int  # different pupils in any intervention of the term
    interventions: int


def provision_grid(who: Who, term: Term, *, across: str = "area") -> ProvisionGrid:
    """Year groups down, areas of need (or waves) across: the interventions running
    in the term and the pupils they reach. Three queries, whatever the size."""
    if across not in GRID_ACROSS:
        raise ValueError(f"across must be one of {GRID_ACROSS}")
    columns = _columns(across)
    keys = [key for key, _label in columns]
    interventions = list(running_in(_interventions_of(who), term).order_by("name", "pk"))
    by_id = {i.pk: i for i in interventions}
    pupils_of = Pupil.objects.filter(school=who) if isinstance(who, School) else pupils_for(who)
    years = sorted(set(pupils_of.values_list("year_group", flat=True).distinct()))
    # (year, column) -> intervention id -> pupils; and the pupils of each year and column.
    cell_places: dict[tuple[int, str], dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    places = _places_of(who).filter(intervention_id__in=by_id)
    for intervention_id, pupil_id, year in places.values_list(
        "intervention_id", "pupil_id", "pupil__year_group"
    ):
        column = _column(by_id[intervention_id], across)
        cell_places[year, column][intervention_id].add(pupil_id)
    rows = []
    for year in sorted(set(years) | {year for year, _ in cell_places}):
        cells = []
        for key in keys:
            members = cell_places.get((year, key), {})
            cells.append(
                GridCell(
                    interventions=[
                        GridIntervention(id=pk, name=by_id[pk].name, pupils=len(members[pk]))
                        for pk in sorted(members, key=lambda pk: (by_id[pk].name, pk))
                    ],
                    pupils=len(set().union(*members.values())) if members else 0,
                )
            )
        in_year = [p for (y, _), m in cell_places.items() if y == year for p in m.values()]
        rows.append(GridRow(year=year, cells=cells, total=len(set().union(*in_year))))
    in_column = {
        key: [p for (_, k), m in cell_places.items() if k == key for p in m.values()]
        for key in keys
    }
    everyone = [p for m in cell_places.values() for p in m.values()]
    return ProvisionGrid(
        term=term,
        across=across,
        columns=[
            GridColumn(
                key=key,
                label=label,
                pupils=len(set().union(*in_column[key])),
                interventions=sum(1 for i in interventions if _column(i, across) == key),
            )
            for key, label in columns
        ],
        rows=rows,
        pupils=len(set().union(*everyone)),
        interventions=len(interventions),
    )


# Costs ---------------------------------------------------------------------------------


def _as_of(term: Term, today: date | None) -> date:
    """Costs "to date" of a term: up to today, or to its end once it is over."""
    return min(today or timezone.localdate(), term.end)


def _share(amount: Decimal | None, pupils: int) -> Decimal | None:
    return None if amount is None or not pupils else money(amount / pupils)


@dataclass(frozen=True)
class InterventionCost:
    id: int
    name: str
    area: str
    area_label: str
    wave: int
    deliverer: str
    cost_basis: str
    one_to_one: bool
    starts_on: date
    ends_on: date
    pupils: int
    sessions_to_date: int
    staff_hours_to_date: Decimal
    to_date: Decimal | None  # None: a rate the school has not set
    in_term: Decimal | None
    projected: Decimal | None  # to the end date

    @property
    def per_pupil(self) -> Decimal | None:
        """Projected cost per pupil in it."""
        return _share(self.projected, self.pupils)

    @property
    def wave_label(self) -> str:
        return Wave(self.wave).short

    @property
    def known(self) -> bool:
        return self.projected is not None


@dataclass(frozen=True)
class CostTotal:
    key: str
    label: str
    interventions: int
    pupils: int  # different pupils
    to_date: Decimal  # of the interventions whose cost is known
    in_term: Decimal
    projected: Decimal
    unknown: int  # interventions whose cost is not known yet

    @property
    def per_pupil(self) -> Decimal | None:
        return _share(self.projected, self.pupils) if self.interventions else None


@dataclass(frozen=True)
class ProvisionCosts:
    term: Term
    as_of: date
    rates: dict[str, Decimal]
    interventions: list[InterventionCost]
    by_area: list[CostTotal]
    by_wave: list[CostTotal]
    total: CostTotal

    @property
    def without_cost(self) -> list[InterventionCost]:
        return [row for row in self.interventions if not row.known]


def _cost_total(
    key: str, label: str, rows: list[InterventionCost], pupils_of: dict[int, set[int]]
) -> CostTotal:
    known = [row for row in rows if row.known]
    return CostTotal(
        key=key,
        label=label,
        interventions=len(rows),
        pupils=len(set().union(*(pupils_of.get(row.id, set()) for row in rows))),
        to_date=sum((row.to_date or Decimal(0) for row in known), Decimal("0.00")),
        in_term=sum((row.in_term or Decimal(0) for row in known), Decimal("0.00")),
        projected=sum((row.projected or Decimal(0) for row in known), Decimal("0.00")),
        unknown=len(rows) - len(known),
    )


def _intervention_cost(
    intervention: Intervention, *, pupils: int, costing: Costing, term: Term, as_of: date
) -> InterventionCost:
    to_date = intervention.cost_by(as_of, pupils=pupils, costing=costing)
    # Before the term: nothing of a term still to come has been spent in it.
    before_day = min(term.start - timedelta(days=1), as_of)
    before = intervention.cost_by(before_day, pupils=pupils, costing=costing)
    return InterventionCost(
        id=intervention.pk,
        name=intervention.name,
        area=intervention.area,
        area_label=intervention.get_area_display(),
        wave=intervention.wave,
        deliverer=intervention.deliverer,
        cost_basis=intervention.cost_basis,
        one_to_one=intervention.one_to_one,
        starts_on=intervention.starts_on,
        ends_on=intervention.ends_on,
        pupils=pupils,
        sessions_to_date=intervention.sessions_by(as_of, pupils=pupils, costing=costing),
        staff_hours_to_date=intervention.staff_hours_by(as_of, pupils=pupils, costing=costing),
        to_date=to_date,
        in_term=None if to_date is None or before is None else to_date - before,
        projected=intervention.cost_by(intervention.ends_on, pupils=pupils, costing=costing),
    )


def provision_costs(
    who: Who, term: Term, *, today: date | None = None, costing: Costing | None = None
) -> ProvisionCosts:
    """What the interventions running in the term cost: to date, in the term and
    projected to their end, each and by area, wave and in all. Three queries
    (two with ``costing``, the school's from ``costing_for``, already made)."""
    as_of = _as_of(term, today)
    costing = costing if costing is not None else costing_for(who)
    interventions = list(
        running_in(_interventions_of(who), term).select_related("lead").order_by("name", "pk")
    )
    pupils_of = _pupils_by_intervention(who, [i.pk for i in interventions])
    rows = [
        _intervention_cost(
            i, pupils=len(pupils_of.get(i.pk, ())), costing=costing, term=term, as_of=as_of
        )
        for i in interventions
    ]
    return ProvisionCosts(
        term=term,
        as_of=as_of,
        rates=dict(costing.rates),
        interventions=rows,
        by_area=[
            _cost_total(area.value, area.label, [r for r in rows if r.area == area], pupils_of)
            for area in BroadArea
        ],
        by_wave=[
            _cost_total(str(wave.value), wave.label, [r for r in rows if r.wave == wave], pupils_of)
            for wave in Wave
        ],
        total=_cost_total("all", "All provision", rows, pupils_of),
    )


def intervention_cost(
    who: Who, intervention: Intervention, *, today: date | None = None
) -> InterventionCost:
    """One intervention's cost to date (in the current term's sense) and projected."""
    today = today or timezone.localdate()
    pupils = _places_of(who).filter(intervention=intervention).count()
    term = latest_term(_school_id(who), today)
    return _intervention_cost(
        intervention, pupils=pupils, costing=costing_for(who), term=term, as_of=today
    )


@dataclass(frozen=True)
class PupilCost:
    pupil_id: int
    interventions: int
    to_date: Decimal  # the pupil's share of the known costs
    projected: Decimal
    unknown: int  # interventions of theirs whose cost is not known yet


def pupil_provision_costs(who: Who, term: Term, *, today: date | None = None) -> list[PupilCost]:
    """Each pupil's share of the cost of the interventions running in the term (an
    intervention's cost split evenly among its pupils), costliest first."""
    costs = provision_costs(who, term, today=today)
    pupils_of = _pupils_by_intervention(who, [row.id for row in costs.interventions])
    to_date: dict[int, Decimal] = defaultdict(Decimal)
    projected: dict[int, Decimal] = defaultdict(Decimal)
    count: Counter[int] = Counter()
    unknown: Counter[int] = Counter()
    for row in costs.interventions:
        for pupil_id in pupils_of.get(row.id, ()):
            count[pupil_id] += 1
            if not row.known:
                unknown[pupil_id] += 1
                continue
            to_date[pupil_id] += (row.to_date or Decimal(0)) / row.pupils
            projected[pupil_id] += (row.projected or Decimal(0)) / row.pupils
    found = [
        PupilCost(
            pupil_id=pupil_id,
            interventions=n,
            to_date=money(to_date[pupil_id]),
            projected=money(projected[pupil_id]),
            unknown=unknown[pupil_id],
        )
        for pupil_id, n in count.items()
    ]
    return sorted(found, key=lambda cost: (-cost.projected, -cost.to_date, cost.pupil_id))


# Impact --------------------------------------------------------------------------------


def _average(gains: list[Decimal]) -> Decimal | None:
    if not gains:
        return None
    return (sum(gains, Decimal(0)) / len(gains)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class PupilGain:
    place_id: int
    pupil_id: int
    name: str
    year_group: int
    form: str
    entry: Decimal | None
    exit: Decimal | None
    gain: Decimal | None
    met: bool | None  # None: no rule, or not both measures
    outcome: str


@dataclass(frozen=True)
class InterventionImpact:
    id: int
    name: str
    measure: str
    unit: str
    rule: str  # the rule in words; "" when none is set
    expected_gain: Decimal | None
    ended: bool
    pupils: list[PupilGain]

    @property
    def measured(self) -> int:
        return sum(1 for p in self.pupils if p.gain is not None)

    @property
    def met(self) -> int | None:
        if self.expected_gain is None:
            return None
        return sum(1 for p in self.pupils if p.met)

    @property
    def average_gain(self) -> Decimal | None:
        return _average([p.gain for p in self.pupils if p.gain is not None])

    @property
    def missing_exit(self) -> int:
        return sum(1 for p in self.pupils if p.exit is None)


def interventions_impact(
    who: Who, ids: Iterable[int], *, today: date | None = None
) -> list[InterventionImpact]:
    """Each pupil's change from entry to exit in these interventions (in the order of
    ``ids``). Reads the pupils' records: two queries, whatever the number."""
    today = today or timezone.localdate()
    ids = list(ids)
    interventions = _interventions_of(who).in_bulk(ids)
    places: dict[int, list[PupilGain]] = defaultdict(list)
    for place in (
        _places_of(who)
        .filter(intervention_id__in=interventions)
        .select_related("pupil")
        .order_by("pupil__legal_last_name", "pupil__legal_first_name", "pk")
    ):
        intervention = interventions[place.intervention_id]
        gain = place.gain
        places[place.intervention_id].append(
            PupilGain(
                place_id=place.pk,
                pupil_id=place.pupil_id,
                name=place.pupil.full_name,
                year_group=place.pupil.year_group,
                form=place.pupil.form,
                entry=place.entry_measure,
                exit=place.exit_measure,
                gain=gain,
                met=intervention.made_expected_progress(gain),
                outcome=place.outcome,
            )
        )
    return [
        InterventionImpact(
            id=i.pk,
            name=i.name,
            measure=i.measure,
            unit=i.measure_unit,
            rule=i.rule_text,
            expected_gain=i.expected_gain,
            ended=i.ends_on < today,
            pupils=places.get(i.pk, []),
        )
        for i in (interventions[pk] for pk in ids if pk in interventions)
    ]


def intervention_impact(
    who: Who, intervention: Intervention | int, *, today: date | None = None
) -> InterventionImpact | None:
    """One intervention's impact (None when it is out of reach)."""
    pk = intervention.pk if isinstance(intervention, Intervention) else intervention
    found = interventions_impact(who, [pk], today=today)
    return found[0] if found else None


@dataclass(frozen=True)
class EndedIntervention:
    id: int
    name: str
    area_label: str
    wave: int
    ends_on: date
    unit: str
    rule: str
    pupils: int
    measured: int  # pupils with both measures
    met: int | None  # None: no rule set
    missing_exit: int
    average_gain: Decimal | None
    cost: Decimal | None  # the whole cost, to the end date

    @property
    def cost_per_pupil_met(self) -> Decimal | None:
        return _share(self.cost, self.met or 0)


@dataclass(frozen=True)
class ImpactSummary:
    """The interventions that ended in a term. Totals count places: a pupil in two
    interventions counts in each. The cost per pupil who met the rule is over the
    interventions with a rule and a known cost."""

    term: Term
    interventions: list[EndedIntervention]

    @property
    def pupils(self) -> int:
        return sum(row.pupils for row in self.interventions)

    @property
    def measured(self) -> int:
        return sum(row.measured for row in self.interventions)

    @property
    def with_rule(self) -> list[EndedIntervention]:
        return [row for row in self.interventions if row.met is not None]

    @property
    def without_rule(self) -> list[EndedIntervention]:
        return [row for row in self.interventions if row.met is None]

    @property
    def met(self) -> int:
        return sum(row.met or 0 for row in self.with_rule)

    @property
    def cost(self) -> Decimal:
        return sum((row.cost for row in self.interventions if row.cost), Decimal("0.00"))

    @property
    def cost_per_pupil_met(self) -> Decimal | None:
        costed = [row for row in self.with_rule if row.cost is not None]
        met = sum(row.met or 0 for row in costed)
        return _share(sum((row.cost or Decimal(0) for row in costed), Decimal(0)), met)

    @property
    def without_exit(self) -> list[EndedIntervention]:
        return [row for row in self.interventions if row.missing_exit]


def impact_summary(
    who: Who, term: Term, *, today: date | None = None, costing: Costing | None = None
) -> ImpactSummary:
    """The interventions that ended in the term: pupils, measured, met the rule, cost
    and cost per pupil who met it, missing exit measures. Aggregates only (no
    pupil's record is read); three queries (two with ``costing`` already made)."""
    today = today or timezone.localdate()
    costing = costing if costing is not None else costing_for(who)
    interventions = list(ended_in(who, term, today=today).order_by("ends_on", "name", "pk"))
    measures: dict[int, list[tuple[Decimal | None, Decimal | None]]] = defaultdict(list)
    for intervention_id, entry, exit_measure in (
        _places_of(who)
        .filter(intervention_id__in=[i.pk for i in interventions])
        .values_list("intervention_id", "entry_measure", "exit_measure")
    ):
        measures[intervention_id].append((entry, exit_measure))
    rows = []
    for i in interventions:
        pairs = measures.get(i.pk, [])
        gains = [b - a for a, b in pairs if a is not None and b is not None]
        met = [i.made_expected_progress(gain) for gain in gains]
        rows.append(
            EndedIntervention(
                id=i.pk,
                name=i.name,
                area_label=i.get_area_display(),
                wave=i.wave,
                ends_on=i.ends_on,
                unit=i.measure_unit,
                rule=i.rule_text,
                pupils=len(pairs),
                measured=len(gains),
                met=None if i.expected_gain is None else sum(1 for m in met if m),
                missing_exit=sum(1 for _a, b in pairs if b is None),
                average_gain=_average(gains),
                cost=i.cost_by(i.ends_on, pupils=len(pairs), costing=costing),
            )
        )
    return ImpactSummary(term=term, interventions=rows)
