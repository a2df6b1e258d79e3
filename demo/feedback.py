"""Demo observations and feedback for `manage.py seed_demo`.

Every visit of the demo school's completed walks gets a completed record
from each observer; most visits get a released note (one per visit, from
the first observer's record), a few a draft, a few nothing yet, so the
SENDCo's dashboard has something to act on. teacher@demo.test's visit
always has a released note with a reply; teacher2@demo.test is never
visited on a past walk (see demo/walks.py), so has none. The oldest
completed walk has a published report. Records are keyed on (visit,
observer): an existing one, and everything hanging off it, is left alone.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from demo.schools import DemoStaff
from feedback.models import (
    Evidence,
    Feedback,
    FeedbackReply,
    FocusEvidence,
    Observation,
    StrategyCheck,
)
from feedback.services import judgemental_words_ensure_defaults, walk_report_draft
from pupils.models import SenStatus, Strategy, TeachingGroup
from schools.models import Membership
from schools.roles import FEEDBACK_WRITERS
from walks.models import LearningWalk, Visit

STRENGTHS = [
    "Instructions came one step at a time and stayed on the board",
    "Key vocabulary was on display and pupils used it in their answers",
    "The teaching assistant knew which pupils to check in with first",
    "A calm, warm welcome at the door set a settled tone",
    "The first example was modelled live before pupils tried their own",
    "Sentence starters helped everyone begin writing quickly",
    "The seating plan put pupils with SEND where they could see and hear well",
    "Mini whiteboards gave a quick check of the whole class's understanding",
    "The task was chunked, with a checklist on each table",
    "Praise was specific and tied to effort",
]
EVEN_BETTER_IFS = [
    "Check understanding before pupils start the independent task",
    "Give pupils who process more slowly a printed copy of the instructions",
    "Plan the starter around the strategies on the pupils' profiles",
    "Agree with the teaching assistant before the lesson who they will work with",
    "Allow more thinking time before taking answers",
    "Keep the key vocabulary visible for the whole lesson",
]
NEXT_STEPS: list[tuple[str, str]] = [
    ("Watch mini whiteboards in use in a colleague's lesson next week", Feedback.Provision.TIME),
    (
        "Meet the SENDCo for twenty minutes to read this class's profiles",
        Feedback.Provision.INFORMATION,
    ),
    ("Try one hinge question before the independent task", Feedback.Provision.SKILL),
    ("Join the short session on adapting worksheets", Feedback.Provision.KNOWLEDGE),
    ("Plan next week's teaching assistant brief together", Feedback.Provision.CONFIDENCE),
]
RATING_WEIGHTS = [
    (Evidence.SEEN, 50),
    (Evidence.PARTLY, 30),
    (Evidence.NOT_SEEN, 15),
    (Evidence.NOT_APPLICABLE, 5),
]
EVIDENCE_NOTES = {
    Evidence.SEEN: "Clear in the main task and the plenary.",
    Evidence.PARTLY: "Seen at the start, less so once pupils worked alone.",
    Evidence.NOT_SEEN: "Not seen in the part of the lesson we watched.",
    Evidence.NOT_APPLICABLE: "The lesson was a test, so this did not apply.",
}
# One observer's record keeps a word the coach flags, with the reason the
# SENDCo reads next to it.
KEPT_WORDING = "Pupils with the reading arrangement must have printed instructions from the start"
KEPT_WORDING_REASON = (
    "The printed copy is an agreed access arrangement for two pupils, so “must” is "
    "the right word here."
)
TEACHER_REPLY = (
    "Thank you, that was a useful conversation. I'll try the next step with this "
    "class next week and let you know how it goes."
)


def _pick(rng: random.Random, bank: list[str], k: int) -> str:
    return "\n".join(rng.sample(bank, k))


def seed_feedback(staff: DemoStaff, rng: random.Random, today: date) -> None:
    """Observations and released feedback for the demo school's past walks."""
    school = staff.school
    judgemental_words_ensure_defaults(school=school)
    sendco = staff.named["sendco@demo.test"]
    teacher = staff.named["teacher@demo.test"]
    walks = list(
        LearningWalk.objects.filter(school=school, state=LearningWalk.State.COMPLETED)
        .prefetch_related("focus_areas")
        .order_by("starts_on", "pk")
    )
    if not walks:
        return
    visits = list(
        Visit.objects.filter(walk__in=walks)
        .select_related("walk")
        .prefetch_related("observers")
        .order_by("starts_at", "pk")
    )
    done = set(Observation.objects.filter(visit__in=visits).values_list("visit_id", "observer_id"))
    strategies = _strategies_by_group({v.group_id for v in visits})
    for visit in visits:
        observers = sorted(visit.observers.all(), key=lambda u: (u.pk != sendco.pk, u.pk))
        for n, observer in enumerate(observers):
            if (visit.pk, observer.pk) in done:
                continue
            observation = _observation(visit, observer, strategies.get(visit.group_id, []), rng)
            # Only staff write to the teacher: the first observer is the
            # SENDCo or a senior leader, never a governor.
            if n == 0 and not _is_non_staff(observer):
                _feedback(observation, sendco, teacher, rng)
    _keep_one_flagged_wording(school)
    report_walk = walks[0]
    if not hasattr(report_walk, "report"):
        report = walk_report_draft(walk=report_walk)
        report.publish()


def _is_non_staff(user) -> bool:
    return not user.has_role(*FEEDBACK_WRITERS)


def _keep_one_flagged_wording(school) -> None:
    records = Observation.objects.filter(
        visit__walk__school=school, status=Observation.Status.COMPLETED
    )
    if records.exclude(wording_reason="").exists():
        return
    # A governor's record if a past walk has one, else a senior leader's.
    here = Membership.objects.filter(school=school)
    sendcos = here.filter(is_sendco=True).values("user_id")
    governors = here.filter(is_governor=True).values("user_id")
    record = (
        records.exclude(observer__in=sendcos)
        .annotate(by_governor=Exists(governors.filter(user_id=OuterRef("observer_id"))))
        .order_by("-by_governor", "visit__starts_at", "pk")
        .first()
    )
    if record is not None:
        record.even_better_if = KEPT_WORDING
        record.wording_reason = KEPT_WORDING_REASON
        record.save(update_fields=["even_better_if", "wording_reason"])


def _not_after_now(moment: datetime) -> datetime:
    """Demo times after a recent visit stay in the past, whenever the seed runs."""
    return min(moment, timezone.now())


def _strategies_by_group(group_ids: set[int]) -> dict[int, list[Strategy]]:
    """Active profile strategies of each group's learners with SEND, in two queries."""
    membership = TeachingGroup.pupils.through.objects.filter(
        teachinggroup_id__in=group_ids
    ).exclude(pupil__sen_status=SenStatus.NONE)
    groups_of: dict[int, list[int]] = {}
    for group_id, pupil_id in membership.values_list("teachinggroup_id", "pupil_id"):
        groups_of.setdefault(pupil_id, []).append(group_id)
    out: dict[int, list[Strategy]] = {}
    for strategy in (
        Strategy.objects.filter(profile__pupil_id__in=groups_of, is_active=True)
        .select_related("profile")
        .order_by("profile__pupil_id", "position", "pk")
    ):
        for group_id in groups_of[strategy.profile.pupil_id]:
            out.setdefault(group_id, []).append(strategy)
    return out


def _observation(
    visit: Visit, observer, strategies: list[Strategy], rng: random.Random
) -> Observation:
    entered = visit.starts_at + timedelta(minutes=1)
    observation = Observation.objects.create(
        visit=visit,
        observer=observer,
        strengths=_pick(rng, STRENGTHS, rng.randint(2, 3)),
        even_better_if=_pick(rng, EVEN_BETTER_IFS, rng.randint(1, 2)),
        status=Observation.Status.COMPLETED,
        entered_room_at=entered,
        completed_at=entered + timedelta(minutes=visit.minutes),
        created_at=visit.starts_at,
        version=2,
    )
    ratings, weights = zip(*RATING_WEIGHTS, strict=True)
    FocusEvidence.objects.bulk_create(
        [
            FocusEvidence(
                observation=observation,
                focus_area=area,
                rating=(rating := rng.choices(ratings, weights=weights)[0]),
                note=EVIDENCE_NOTES[rating],
            )
            for area in sorted(visit.walk.focus_areas.all(), key=lambda a: a.pk)
        ]
    )
    StrategyCheck.objects.bulk_create(
        [
            StrategyCheck(
                observation=observation,
                pupil_id=strategy.profile.pupil_id,
                strategy=strategy,
                result=rng.choices(["seen", "not_seen", "na"], weights=[6, 3, 1])[0],
            )
            for strategy in strategies[:4]
        ]
    )
    return observation


def _feedback(observation: Observation, sendco, teacher, rng: random.Random) -> None:
    visit = observation.visit
    is_teacher = visit.teacher_id == teacher.pk
    roll = rng.random()
    if not is_teacher and roll < 0.15:
        return  # completed, waiting for the SENDCo to draft
    step, provision = rng.choice(NEXT_STEPS)
    strengths = observation.strengths.splitlines()
    feedback = Feedback.objects.create(
        observation=observation,
        strengths="\n".join(strengths),
        points_to_develop=observation.even_better_if.splitlines()[0],
        next_step=step,
        provision=provision,
        provide_by=visit.starts_at.date() + timedelta(days=14),
        drafted_by=sendco,
        created_at=_not_after_now(visit.starts_at + timedelta(days=1)),
    )
    if not is_teacher and roll < 0.25:
        return  # a draft awaiting release
    released_at = _not_after_now(visit.starts_at + timedelta(days=2))
    Feedback.objects.filter(pk=feedback.pk).update(
        status=Feedback.Status.RELEASED,
        released_at=released_at,
        released_by=sendco,
        version=2,
        acknowledged_at=(
            _not_after_now(released_at + timedelta(hours=5)) if is_teacher or roll < 0.7 else None
        ),
        # Some teachers agreed to share a strength as good practice.
        shared_strength=strengths[0] if is_teacher or roll > 0.8 else "",
        share_agreed_at=(
            _not_after_now(released_at + timedelta(hours=6)) if is_teacher or roll > 0.8 else None
        ),
    )
    if is_teacher:
        FeedbackReply.objects.create(
            feedback=feedback,
            author=teacher,
            text=TEACHER_REPLY,
            created_at=_not_after_now(released_at + timedelta(hours=5)),
        )
