"""The governor summary: one content for its page and its PDF.

Ordered around the questions governors are advised to ask. No pupil's or
teacher's name, no class code, no breakdown by teacher or department, and
no free text (walk reports and notes stay with staff): counts and the
sentences sendit writes itself. Every figure of the whole document is
recorded in one ``Figures`` and suppressed once, so no count under 5 shows
and none can be worked out from the others.

Governors may not read pupil records, so the figures are taken as one of the
school's SEND leaders sees them (``school_reader``); only the suppressed
aggregates leave.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from feedback.queries import Picture
from pupils.models import BroadArea, SenStatus
from pupils.queries import (
    ReviewsDone,
    ehc_reviews_due_for,
    interventions_without_exit,
    reviews_due_for,
    school_register_counts,
    statutory_work_for,
    without_profile_for,
)
from reports.periods import Period, current_term
from reports.registry import BuildContext
from reports.sections.dates import OVERDUE, dates_figures
from reports.sections.governor_parts import (
    attendance_part,
    attendance_rows,
    movement_part,
    outcomes_duties_part,
    outcomes_duties_rows,
    provision_part,
    provision_rows,
    register_then_part,
    who_rows,
)
from reports.sections.register import register_figures
from reports.sections.walks import picture_for
from schools.models import School, User
from schools.roles import SEND_LEADERS
from schools.terms import terms_around, terms_kept
from sendit.lib.privacy import Figures, Suppressed

# In the order the page takes them (the template reads them by position).
QUESTIONS = (
    ("who", "Who are the pupils with SEND?"),
    ("provision", "What provision do they get, and does it work?"),
    ("attend", "How do they attend?"),
    ("walks", "What does teaching look like for them? (learning walks)"),
    ("duties", "Are statutory duties being met?"),
)


def school_reader(school: School) -> User | None:
    for person in (
        User.objects.in_school(school, *SEND_LEADERS).filter(is_active=True).order_by("pk")
    ):
        if person.work_in(school):
            return person
    return None


def merged(*parts: Figures) -> Figures:
    """One page's figures from several sections (keys must not clash)."""
    out = Figures()
    for part in parts:
        for key, n in part.counts.items():
            out.count(key, n, shown=key not in part.unpublished)
        out.relations += part.relations
    return out


DUTIES = (
    ("reviews_overdue", "Profile reviews overdue"),
    ("annual_overdue", "EHC annual reviews overdue"),
    ("without_profile", "Pupils on the register without a one-page profile"),
    ("arrangements_missing", "Access arrangements with evidence missing"),
    ("arrangements_expiring", "Access arrangements whose evidence runs out soon"),
    ("missing_exit", "Interventions ended without exit measures"),
)
# The calendar's overdue counts, less the EHC annual reviews (in DUTIES already:
# the same plans by the same rule, so they are shown once).
GOVERNOR_OVERDUE = tuple((key, label) for key, label in OVERDUE if key != "annual_reviews")
REVIEWS_DONE = (("profile", "Profile reviews"), ("annual", "EHC annual reviews"))


def _duties(reader: User | None, period: Period, today: date) -> Figures:
    duties = Figures()
    if reader is None:
        counts = dict.fromkeys((key for key, _ in DUTIES), 0)
        done = {key: ReviewsDone(0, 0) for key, _ in REVIEWS_DONE}
    else:
        work = statutory_work_for(reader, first=period.start, last=period.end, today=today)
        counts = {
            "reviews_overdue": reviews_due_for(reader, today=today, listed=0).overdue,
            "annual_overdue": ehc_reviews_due_for(reader, today=today, listed=0).overdue,
            "without_profile": without_profile_for(reader, listed=0).total,
            "arrangements_missing": work.arrangements_missing,
            "arrangements_expiring": work.arrangements_expiring,
            "missing_exit": interventions_without_exit(reader, today=today).count(),
        }
        done = {"profile": work.profile_reviews, "annual": work.annual_reviews}
    for key, n in counts.items():
        duties.count(f"duty:{key}", n)
    for key, reviews in done.items():
        duties.count(f"due:{key}", reviews.due)
        duties.count(f"done:{key}", reviews.done)
        duties.count(f"owed:{key}", reviews.not_done)
        duties.total(f"due:{key}", [f"done:{key}", f"owed:{key}"])
    return duties


def governor_content(
    *, school: School, period: Period, reader: User | None, today: date
) -> dict[str, Any]:
    register = register_figures(school_register_counts(school))
    picture: Picture | None = None
    parts = [register]
    if reader is not None:
        ctx = BuildContext(school=school, period=period, reader=reader, today=today)
        picture = picture_for(ctx, anonymise=True)
        parts.append(picture.figures())
    parts.append(_duties(reader, period, today))
    ahead, dates, overdue = dates_figures(school, period, today)
    calendar = Figures()
    calendar.count("dates:total", dates.total)
    for key, _ in GOVERNOR_OVERDUE:
        calendar.count(f"overdue:{key}", getattr(overdue, key))
    parts.append(calendar)
    then, movement = register_then_part(school, today), movement_part(school, period, today)
    provision = provision_part(school, period, today)
    attendance = attendance_part(school, period, register)
    duties_more = outcomes_duties_part(school, period, today, register.counts["register"])
    parts += [p.figures for p in (then, movement, provision, attendance, duties_more)]
    shown: Suppressed = merged(*parts).suppress()
    if picture is not None:
        picture.shown = shown
        for share in picture.focus:
            share.shown = shown
    return {
        "questions": QUESTIONS,
        "period": period,
        "total": shown["all"],
        "register": shown["register"],
        "status_rows": [
            (status.label, shown[status.value])
            for status in (SenStatus.SUPPORT, SenStatus.EHC_PLAN)
        ],
        "area_rows": [(area.label, shown[f"area:{area.value}"]) for area in BroadArea],
        "picture": picture,
        "duty_rows": [(label, shown[f"duty:{key}"]) for key, label in DUTIES],
        "done_rows": [
            (label, shown[f"due:{key}"], shown[f"done:{key}"], shown[f"owed:{key}"])
            for key, label in REVIEWS_DONE
        ],
        "as_of": today,
        "dates_period": ahead,
        "dates_total": shown["dates:total"],
        "overdue_rows": [(label, shown[f"overdue:{key}"]) for key, label in GOVERNOR_OVERDUE],
        "who": who_rows(shown, then.extra | movement.extra),
        "provision": provision_rows(shown, provision.extra),
        "attendance": attendance_rows(shown, attendance.extra),
        "duties_more": outcomes_duties_rows(shown, duties_more.extra),
    }


@terms_kept()  # the sections ask for the school's terms: read them once
def governor_page(*, school: School, today: date) -> dict[str, Any]:
    terms_around(school, today)
    return governor_content(
        school=school, period=current_term(school, today), reader=school_reader(school), today=today
    )


@terms_kept()
def governor_section(ctx: BuildContext) -> dict[str, Any]:
    terms_around(ctx.school, ctx.period.start)
    return governor_content(
        school=ctx.school, period=ctx.period, reader=ctx.reader, today=ctx.today
    )
