"""The dates that follow from other records, generated into the calendar.

Each generated event has a source (an EHC plan, a pupil on the register, a
walk, the term dates) and a ``source_key`` naming it, unique in the school.
Generating again is safe:

- an event whose key is planned again is updated to match its source (its
  id, and so its UID in feeds, stays the same);
- an event a person edited, moved or cancelled (``edited_at``) is never
  changed or removed, even when its source has gone;
- an event whose source has gone (a pupil off the register, a walk removed,
  a plan reviewed so that the next cycle begins) is removed;
- nothing is made twice: the key is unique, and a second run at the same
  time finds the rows the first one made.

Dates are worked out in the school's own term dates (``schools.terms``),
for the school year holding ``today``; nothing here depends on the hour.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from calendar_app.models import Event, Kind, Source
from calendar_app.services import calendar_settings_of
from pupils.models import AccessArrangement, EhcPlan, ProfileReview, Pupil, SenStatus
from schools.models import School
from schools.terms import (
    HalfTerm,
    SchoolTerms,
    half_terms_of_year,
    next_term_day,
    previous_term_day,
    school_terms,
    term_days,
    terms_of_year,
    year_holding,
)
from walks.access import TOLD
from walks.models import LearningWalk

# EHC annual reviews (DESIGN.md, "Calendar"; SEND Code of Practice 9.176 on).
PAPERS_BEFORE = timedelta(weeks=2)
REPORT_AFTER = timedelta(weeks=2)
DECISION_AFTER = timedelta(weeks=4)
# Phase transfers: the plan is amended by 15 February of the year of the move
# (here Year 6 to secondary), and by 31 March for a move to post-16 (Year 11).
TRANSFER_DEADLINES: dict[int, tuple[int, int, str]] = {
    6: (2, 15, "secondary school"),
    11: (3, 31, "post-16"),
}
EXAM_YEARS = (10, 11, 12, 13)
TRANSITION_YEAR = 6
LINE_MANAGEMENT_AT = (time(15, 30), time(16, 30))
WALK_NOTICE = timedelta(days=7)


@dataclass(frozen=True)
class Planned:
    """One generated event as its source says it should be."""

    source_key: str
    source: str
    kind: str
    title: str
    start_date: date
    end_date: date
    start_time: time | None = None
    end_time: time | None = None
    place: str = ""
    for_staff: bool = False
    for_governors: bool = False
    for_parents: bool = False
    pupil_id: int | None = None
    walk_id: int | None = None
    # Set when the source shows the thing happened (a review recorded, a walk
    # announced); generating never clears a done mark a person set.
    done_on: date | None = None


SYNCED = [f.name for f in fields(Planned) if f.name not in ("source_key", "done_on")]


@dataclass(frozen=True)
class GenerateResult:
    created: int
    updated: int
    removed: int
    kept: int  # edited by a person: left as they are

    def summary(self) -> str:
        return (
            f"Dates generated: {self.created} added, {self.updated} updated, "
            f"{self.removed} removed; {self.kept} changed by hand left as they are."
        )


def _all_day(key: str, source: str, kind: str, title: str, day: date, **extra: object) -> Planned:
    return Planned(key, source, kind, title, day, day, **extra)  # type: ignore[arg-type]


def _in_term_before(terms: SchoolTerms, day: date) -> date:
    return previous_term_day(terms, day)


# EHC plans: the annual review and its chain -------------------------------------------------


def transfer_deadline(year_group: int, school_year: int) -> tuple[date, str] | None:
    """When the plan of a pupil in a transfer year must be amended, and the move."""
    rule = TRANSFER_DEADLINES.get(year_group)
    if rule is None:
        return None
    month, day, move = rule
    return date(school_year + 1, month, day), move


def review_proposed(terms: SchoolTerms, plan: EhcPlan, *, school_year: int) -> date:
    """A term day within 12 months of the last review (or of the plan's issue),
    as late as that allows; in a transfer year, early enough for the
    authority's decision to come before the deadline for amending the plan."""
    latest = plan.next_review_due
    deadline = transfer_deadline(plan.pupil.year_group, school_year)
    if deadline is not None:
        # A review held earlier this school year was the transfer review.
        cutoff = deadline[0] - DECISION_AFTER
        last = plan.last_annual_review or plan.issued_on
        if latest > cutoff and last < terms_of_year(terms, school_year)[0].start:
            latest = cutoff
    return _in_term_before(terms, latest)


def ehc_chain(
    terms: SchoolTerms,
    plan: EhcPlan,
    *,
    school_year: int,
    invitation_weeks: int,
    anchor: date | None = None,
) -> list[Planned]:
    """The review and its steps. ``anchor`` is the review's date when a person
    moved it: the steps then follow the date they chose."""
    pupil = plan.pupil
    year = f" (Year {pupil.year_group})"
    review = anchor or review_proposed(terms, plan, school_year=school_year)
    key = f"ehc:{plan.pk}:{plan.next_review_due.isoformat()}"
    common = {"pupil_id": pupil.pk}
    chain = [
        _all_day(
            f"{key}:invitations",
            Source.EHC_PLAN,
            Kind.REVIEW_INVITATIONS,
            "Annual review invitations out" + year,
            _in_term_before(terms, review - timedelta(weeks=invitation_weeks)),
            **common,
        ),
        _all_day(
            f"{key}:papers",
            Source.EHC_PLAN,
            Kind.REVIEW_PAPERS,
            "Annual review papers out" + year,
            _in_term_before(terms, review - PAPERS_BEFORE),
            **common,
        ),
        _all_day(
            f"{key}:review",
            Source.EHC_PLAN,
            Kind.ANNUAL_REVIEW,
            "EHC annual review" + year,
            review,
            **common,
        ),
        _all_day(
            f"{key}:report",
            Source.EHC_PLAN,
            Kind.REVIEW_REPORT,
            "Annual review report to the local authority" + year,
            max(review, _in_term_before(terms, review + REPORT_AFTER)),
            **common,
        ),
        # The authority's own deadline: a calendar date, term or not.
        _all_day(
            f"{key}:decision",
            Source.EHC_PLAN,
            Kind.REVIEW_DECISION,
            "Local authority's decision after the annual review" + year,
            review + DECISION_AFTER,
            **common,
        ),
    ]
    deadline = transfer_deadline(pupil.year_group, school_year)
    if deadline is not None:
        chain.append(
            _all_day(
                f"ehc:{plan.pk}:transfer:{school_year}",
                Source.EHC_PLAN,
                Kind.PHASE_TRANSFER,
                f"EHC plan amended for the move to {deadline[1]}" + year,
                deadline[0],
                **common,
            )
        )
    return chain


def _ehc_dates(
    school: School, terms: SchoolTerms, school_year: int, edited: dict[str, Event]
) -> list[Planned]:
    weeks = calendar_settings_of(school).invitation_weeks
    plans = EhcPlan.objects.filter(
        pupil__school=school, pupil__sen_status=SenStatus.EHC_PLAN
    ).select_related("pupil")
    planned: list[Planned] = []
    for plan in plans.order_by("pk"):
        moved = edited.get(f"ehc:{plan.pk}:{plan.next_review_due.isoformat()}:review")
        anchor = moved.start_date if moved is not None and not moved.is_cancelled else None
        planned += ehc_chain(
            terms, plan, school_year=school_year, invitation_weeks=weeks, anchor=anchor
        )
    return planned


# Profile reviews and parents' meetings -------------------------------------------------------


def _review_windows(terms: SchoolTerms, school_year: int) -> list[tuple[str, HalfTerm]]:
    """Where each term's profile reviews go: the second half of autumn and spring,
    the first half of summer (the second is for transition and reports)."""
    halves = half_terms_of_year(terms, school_year)
    return [("autumn", halves[1]), ("spring", halves[3]), ("summer", halves[4])]


def _spread(days: list[date], n: int) -> date:
    """A day for the n-th of many, spread evenly and always the same for the same n."""
    return days[(n * 7) % len(days)]


def _days_of(terms: SchoolTerms, half: HalfTerm) -> list[date]:
    return term_days(terms, half.start, half.end) or [half.start]


def _profile_dates(school: School, terms: SchoolTerms, school_year: int) -> list[Planned]:
    pupils = list(
        Pupil.objects.filter(school=school)
        .exclude(sen_status=SenStatus.NONE)
        .order_by("pk")
        .values_list("pk", "year_group", "sen_status")
    )
    year_terms = terms_of_year(terms, school_year)
    first, last = year_terms[0].start, year_terms[-1].end
    held: dict[tuple[int, int], date] = {}
    asked: dict[int, date] = {}
    reviews = ProfileReview.objects.filter(pupil__school=school, held_on__range=(first, last))
    for pupil_id, held_on, next_on in reviews.order_by("held_on", "pk").values_list(
        "pupil_id", "held_on", "next_review_on"
    ):
        term_index = next(i for i, t in enumerate(year_terms) if held_on <= t.end)
        held[(pupil_id, term_index)] = held_on
        if next_on is not None:
            asked[pupil_id] = next_on
    planned: list[Planned] = []
    for index, (name, half) in enumerate(_review_windows(terms, school_year)):
        window = _days_of(terms, half)
        term = year_terms[index]
        for n, (pupil_id, year_group, status) in enumerate(pupils):
            chosen = asked.get(pupil_id)
            if chosen is not None and term.start <= chosen <= term.end:
                day = next_term_day(terms, chosen)
                day = day if day <= term.end else previous_term_day(terms, chosen)
            else:
                day = _spread(window, n)
            year = f" (Year {year_group})"
            key = f"profile:{pupil_id}:{school_year}:{name}"
            planned.append(
                _all_day(
                    key,
                    Source.PROFILE,
                    Kind.PROFILE_REVIEW,
                    "Profile review" + year,
                    day,
                    pupil_id=pupil_id,
                    done_on=held.get((pupil_id, index)),
                )
            )
            # Parents of pupils at SEN support meet the school three times a
            # year; for a pupil with a plan the annual review is that meeting.
            if status == SenStatus.SUPPORT:
                planned.append(
                    _all_day(
                        f"parents:{pupil_id}:{school_year}:{name}",
                        Source.PROFILE,
                        Kind.PARENTS_MEETING,
                        "Parents' meeting about the profile" + year,
                        previous_term_day(terms, day - timedelta(days=7)),
                        pupil_id=pupil_id,
                    )
                )
    return planned


# Walks -----------------------------------------------------------------------------------------


def _walk_dates(school: School, terms: SchoolTerms, school_year: int) -> list[Planned]:
    since = terms_of_year(terms, school_year - 1)[0].start
    planned: list[Planned] = []
    for walk in LearningWalk.objects.filter(school=school, ends_on__gte=since).order_by("pk"):
        told = walk.state in TOLD
        planned.append(
            Planned(
                f"walk:{walk.pk}",
                Source.WALK,
                Kind.LEARNING_WALK,
                walk.title,
                walk.starts_on,
                walk.ends_on,
                # Staff learn of a walk when it is announced; governors see the programme.
                for_staff=told,
                for_governors=True,
                walk_id=walk.pk,
                done_on=timezone.localtime(walk.completed_at).date() if walk.completed_at else None,
            )
        )
        planned.append(
            _all_day(
                f"walk:{walk.pk}:announce",
                Source.WALK,
                Kind.WALK_ANNOUNCEMENT,
                f"Announce the walk: {walk.title}",
                previous_term_day(terms, walk.starts_on - WALK_NOTICE),
                walk_id=walk.pk,
                done_on=timezone.localtime(walk.announced_at).date() if walk.announced_at else None,
            )
        )
    return planned


# The term dates: line management, transition, access arrangements ----------------------------


def _middle_day(terms: SchoolTerms, half: HalfTerm) -> date:
    days = _days_of(terms, half)
    return days[len(days) // 2]


def _line_management_dates(terms: SchoolTerms, school_year: int) -> list[Planned]:
    start, end = LINE_MANAGEMENT_AT
    return [
        _all_day(
            f"line:{half.key}",
            Source.HALF_TERM,
            Kind.LINE_MANAGEMENT,
            f"Line-management meeting ({half.name})",
            _middle_day(terms, half),
            start_time=start,
            end_time=end,
        )
        for half in half_terms_of_year(terms, school_year)
    ]


def _transition_dates(school: School, terms: SchoolTerms, school_year: int) -> list[Planned]:
    """Year 6 transition reviews in the summer term: one per Year 6 pupil on the
    register of a primary; a secondary meets its feeder primaries in one week."""
    summer_1, summer_2 = half_terms_of_year(terms, school_year)[4:6]
    window = term_days(terms, summer_1.start, summer_2.end) or [summer_1.start]
    pupils = list(
        Pupil.objects.filter(school=school, year_group=TRANSITION_YEAR)
        .exclude(sen_status=SenStatus.NONE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if pupils:
        later = window[len(window) // 2 :] or window
        return [
            _all_day(
                f"transition:{pupil_id}:{school_year}",
                Source.TRANSITION,
                Kind.TRANSITION_REVIEW,
                f"Year 6 transition review (Year {TRANSITION_YEAR})",
                _spread(later, n),
                pupil_id=pupil_id,
            )
            for n, pupil_id in enumerate(pupils)
        ]
    if school.phase != "secondary":
        return []
    days = term_days(terms, summer_2.start, summer_2.end)[:5]
    if not days:
        return []
    return [
        Planned(
            f"transition:{school_year}",
            Source.TRANSITION,
            Kind.TRANSITION_REVIEW,
            "Year 6 transition reviews with feeder primary schools",
            days[0],
            days[-1],
        )
    ]


def _access_dates(school: School, terms: SchoolTerms, school_year: int) -> list[Planned]:
    """An assessment for each pupil on the register in an exam year whose access
    arrangements do not yet hold good to the end of the year."""
    year_end = terms_of_year(terms, school_year)[-1].end
    sound = AccessArrangement.objects.filter(
        assessed_on__isnull=False, form_completed=True, valid_until__gte=year_end
    )
    pupils = list(
        Pupil.objects.filter(school=school, year_group__in=EXAM_YEARS)
        .exclude(sen_status=SenStatus.NONE)
        .annotate(arrangements=Max("access_arrangements__pk"))
        .filter(arrangements__isnull=False)
        .exclude(pk__in=sound.values("pupil_id"))
        .order_by("pk")
        .values_list("pk", "year_group")
    )
    autumn_2 = half_terms_of_year(terms, school_year)[1]
    window = _days_of(terms, autumn_2)
    return [
        _all_day(
            f"access:{pupil_id}:{school_year}",
            Source.ACCESS,
            Kind.ACCESS_ASSESSMENT,
            f"Access arrangement assessment (Year {year_group})",
            _spread(window, n),
            pupil_id=pupil_id,
        )
        for n, (pupil_id, year_group) in enumerate(pupils)
    ]


# Putting it together ---------------------------------------------------------------------------


def planned_for(school: School, *, today: date, edited: dict[str, Event]) -> list[Planned]:
    terms = school_terms(school)
    school_year = year_holding(terms, today).school_year
    return [
        *_ehc_dates(school, terms, school_year, edited),
        *_profile_dates(school, terms, school_year),
        *_walk_dates(school, terms, school_year),
        *_line_management_dates(terms, school_year),
        *_transition_dates(school, terms, school_year),
        *_access_dates(school, terms, school_year),
    ]


def _differs(event: Event, plan: Planned) -> bool:
    if any(getattr(event, name) != getattr(plan, name) for name in SYNCED):
        return True
    return plan.done_on is not None and event.done_on is None


def calendar_generate(*, school: School, today: date) -> GenerateResult:
    """Bring the school's generated events in line with their sources."""
    with transaction.atomic():
        existing = {
            event.source_key: event
            for event in Event.objects.select_for_update()
            .filter(school=school)
            .exclude(source_key="")
        }
        edited = {key: e for key, e in existing.items() if e.edited_at is not None}
        planned = {
            plan.source_key: plan for plan in planned_for(school, today=today, edited=edited)
        }
        gone = [e.pk for key, e in existing.items() if key not in planned and e.edited_at is None]
        Event.objects.filter(pk__in=gone).delete()
        now = timezone.now()
        changed: list[Event] = []
        new: list[Event] = []
        for key, plan in planned.items():
            event = existing.get(key)
            if event is None:
                new.append(
                    Event(
                        school=school,
                        source_key=key,
                        done_on=plan.done_on,
                        created_at=now,
                        updated_at=now,
                        **{name: getattr(plan, name) for name in SYNCED},
                    )
                )
            elif event.edited_at is None and _differs(event, plan):
                for name in SYNCED:
                    setattr(event, name, getattr(plan, name))
                event.done_on = event.done_on or plan.done_on
                event.updated_at = now
                event.version += 1
                changed.append(event)
        Event.objects.bulk_update(changed, [*SYNCED, "done_on", "updated_at", "version"])
        # Another run at the same moment may have made some: the key keeps one each.
        made = Event.objects.bulk_create(new, ignore_conflicts=True)
    return GenerateResult(
        created=len(made), updated=len(changed), removed=len(gone), kept=len(edited)
    )


def calendar_generate_all(*, today: date) -> dict[str, GenerateResult]:
    return {
        school.slug: calendar_generate(school=school, today=today)
        for school in School.objects.order_by("pk")
    }
