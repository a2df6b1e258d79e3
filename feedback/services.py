"""Work on observations, feedback and walk reports that spans several models."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from feedback.coach import (
    DEFAULT_JUDGEMENTAL_WORDS,
    CoachResult,
    FlaggedWord,
    coach_draft,
    lines,
    wording_flags,
)
from feedback.models import (
    BeforeVisitDay,
    Feedback,
    FocusEvidence,
    JudgementalWord,
    Observation,
    StrategyCheck,
    WalkReport,
)
from feedback.queries import picture_build
from pupils.access import pupils_for
from pupils.models import Pupil, SenStatus, Strategy
from schools.models import Role, School, User
from sendit.lib.privacy import (
    PersonName,
    anonymous_label,
    name_variants,
    names_in_text,
)
from sendit.lib.versions import VersionConflict, update_if_current
from walks.models import FocusArea, LearningWalk, Visit

TEXT_FIELDS = ("strengths", "even_better_if", "notes", "wording_reason")


class WordingNeedsReason(Exception):
    """Completing a record whose wording the coach flags, with no reason written."""

    def __init__(self, flags: dict[str, list[FlaggedWord]]) -> None:
        super().__init__("The record's wording is flagged and no reason was given.")
        self.flags = flags


class ReleaseBlocked(Exception):
    """The coach's checks fail and no reason to override them was written."""

    def __init__(self, result: CoachResult) -> None:
        super().__init__("The coach's checks do not pass yet.")
        self.result = result


# Capture ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StrategyRow:
    strategy: Strategy
    pupil_id: int
    label: str  # the pupil's name, or "Learner A" for an observer who may not see it


@dataclass
class CaptureLayout:
    """What the capture form asks about for one visit and one observer."""

    focus_areas: list[FocusArea]
    learners: list[tuple[str, list[StrategyRow]]] = field(default_factory=list)

    @property
    def strategy_rows(self) -> dict[int, StrategyRow]:
        return {row.strategy.pk: row for _, rows in self.learners for row in rows}


def capture_layout(*, visit: Visit, observer: User) -> CaptureLayout:
    """Focus areas of the walk and the active profile strategies of the class's learners with SEND.

    Names are shown only for pupils the observer may see anyway; a governor,
    or a teacher visiting another teacher's class, reads "Learner A", "B"…
    """
    focus_areas = list(visit.walk.focus_areas.order_by("position", "title"))
    pupils = list(
        visit.group.pupils.exclude(sen_status=SenStatus.NONE).order_by(
            "legal_last_name", "legal_first_name", "pk"
        )
    )
    visible = set(
        pupils_for(observer).filter(pk__in=[p.pk for p in pupils]).values_list("pk", flat=True)
    )
    if observer.has_role(Role.GOVERNOR) and not observer.has_role(Role.SENDCO, Role.SLT):
        visible = set()
    strategies: dict[int, list[Strategy]] = {}
    for strategy in Strategy.objects.filter(
        profile__pupil__in=pupils, is_active=True
    ).select_related("profile"):
        strategies.setdefault(strategy.profile.pupil_id, []).append(strategy)
    learners = []
    hidden_count = 0
    for pupil in pupils:
        if pupil.pk not in strategies:
            continue
        if pupil.pk in visible:
            label = pupil.full_name
        else:
            label = anonymous_label(hidden_count)
            hidden_count += 1
        rows = [StrategyRow(s, pupil.pk, label) for s in strategies[pupil.pk]]
        learners.append((label, rows))
    return CaptureLayout(focus_areas=focus_areas, learners=learners)


def _observation_start(*, visit: Visit, user: User) -> Observation:
    """The observer's own record of the visit, made when they first save or enter the room.

    Opening the capture page makes nothing. A record made here starts at
    version 0, the version the capture form of a visit with no record
    carries, so the first save is checked like any other.
    """
    if not visit.observers.filter(pk=user.pk).exists():
        raise PermissionError("Only an observer of the visit keeps a record of it.")
    if not visit.day_has_come():
        raise BeforeVisitDay(visit)
    observation, _ = Observation.objects.get_or_create(
        visit=visit, observer=user, defaults={"version": 0}
    )
    return observation


def observation_enter_room(*, visit: Visit, user: User) -> Observation:
    """Start the observer's clock in the room (their record is made if it is not yet)."""
    observation = _observation_start(visit=visit, user=user)
    observation.enter_room()
    return observation


def observation_values(observation: Observation) -> dict[str, str]:
    """The saved record as the capture form's field names and values."""
    values = {name: getattr(observation, name) for name in TEXT_FIELDS}
    for evidence in observation.focus_evidence.all():
        values[f"focus-{evidence.focus_area_id}-rating"] = evidence.rating
        values[f"focus-{evidence.focus_area_id}-note"] = evidence.note
    for check in observation.strategy_checks.all():
        values[f"strategy-{check.strategy_id}"] = check.result
    return values


@transaction.atomic
def observation_save(*, visit: Visit, user: User, data: dict, base_version: int) -> Observation:
    """Save the observer's whole form, or raise VersionConflict if it is stale.

    The first save makes the record (base version 0). ``data`` holds the text
    fields, ``focus`` {focus_area_id: (rating, note)} and ``strategies``
    {strategy_id: (pupil_id, result)}. The version check and the bump are one
    conditional UPDATE, so two saves racing each other (two tabs both making
    the first save, too) cannot both win. Nothing is recorded before the
    visit's day (BeforeVisitDay).
    """
    observation = _observation_start(visit=visit, user=user)
    values = {name: data.get(name, "") for name in TEXT_FIELDS}
    update_if_current(
        Observation.objects.all(),
        pk=observation.pk,
        base_version=base_version,
        values={**values, "updated_at": timezone.now()},
    )
    observation.refresh_from_db()
    existing = {e.focus_area_id: e for e in observation.focus_evidence.all()}
    for focus_id, (rating, note) in data.get("focus", {}).items():
        evidence = existing.get(focus_id)
        if evidence is None:
            if rating or note:
                FocusEvidence.objects.create(
                    observation=observation, focus_area_id=focus_id, rating=rating, note=note
                )
        elif (evidence.rating, evidence.note) != (rating, note):
            evidence.rating, evidence.note = rating, note
            evidence.save(update_fields=["rating", "note"])
    checks = {c.strategy_id: c for c in observation.strategy_checks.all()}
    for strategy_id, (pupil_id, result) in data.get("strategies", {}).items():
        check = checks.get(strategy_id)
        if check is None:
            if result:
                StrategyCheck.objects.create(
                    observation=observation,
                    strategy_id=strategy_id,
                    pupil_id=pupil_id,
                    result=result,
                )
        elif check.result != result:
            check.result = result
            check.save(update_fields=["result"])
    observation.refresh_from_db()
    return observation


def observation_flags(*, observation: Observation) -> dict[str, list[FlaggedWord]]:
    """The saved record's judgemental wording, field by field (the school's own list)."""
    words = school_words(school=observation.visit.walk.school)
    return wording_flags(observation_values(observation), words)


def observation_complete(*, observation: Observation) -> Observation:
    """Complete the saved record: flagged wording stays only with a written reason.

    The teacher reads the record as it was written, so completing it is
    checked like releasing feedback is; the reason is kept for the SENDCo.
    """
    flags = observation_flags(observation=observation)
    if flags and not observation.wording_reason.strip():
        raise WordingNeedsReason(flags)
    observation.complete(wording_reason=observation.wording_reason.strip() if flags else "")
    return observation


# Feedback --------------------------------------------------------------------------


def judgemental_words_ensure_defaults(*, school: School) -> None:
    """Give a school the default list once; after that the list is the SENDCo's."""
    if not JudgementalWord.objects.filter(school=school).exists():
        JudgementalWord.objects.bulk_create(
            [
                JudgementalWord(school=school, word=word, suggestion=suggestion)
                for word, suggestion in DEFAULT_JUDGEMENTAL_WORDS
            ],
            ignore_conflicts=True,
        )


def school_words(*, school: School) -> list[tuple[str, str]]:
    judgemental_words_ensure_defaults(school=school)
    return list(
        JudgementalWord.objects.filter(school=school, is_active=True).values_list(
            "word", "suggestion"
        )
    )


def feedback_for(*, observation: Observation, user: User) -> Feedback:
    """The observation's feedback, or a new unsaved draft built from it.

    Strengths first and all of them; only the first two "even better if"
    points, since a note with more than two is hard to act on.
    """
    try:
        return observation.feedback
    except Feedback.DoesNotExist:
        return Feedback(
            observation=observation,
            strengths="\n".join(lines(observation.strengths)),
            points_to_develop="\n".join(lines(observation.even_better_if)[:2]),
            drafted_by=user,
            version=0,
        )


FEEDBACK_FIELDS = ("strengths", "points_to_develop", "next_step", "provision", "provide_by")


def feedback_save(*, feedback: Feedback, data: dict, base_version: int) -> Feedback:
    """Save a draft, refusing a save based on an older version (VersionConflict)."""
    values = {name: data.get(name) for name in FEEDBACK_FIELDS}
    values["provision"] = values["provision"] or ""
    values["strengths"] = values["strengths"] or ""
    values["points_to_develop"] = values["points_to_develop"] or ""
    values["next_step"] = values["next_step"] or ""
    if feedback.pk is None:
        # Two tabs may both start the first draft; the one-to-one constraint
        # lets only one of them create it.
        try:
            with transaction.atomic():
                for name, value in values.items():
                    setattr(feedback, name, value)
                feedback.version = 1
                feedback.save()
        except IntegrityError:
            current = Feedback.objects.get(observation=feedback.observation)
            raise VersionConflict(current, base_version=base_version) from None
        return feedback
    update_if_current(
        Feedback.objects.filter(status=Feedback.Status.DRAFT),
        pk=feedback.pk,
        base_version=base_version,
        values=values,
    )
    feedback.refresh_from_db()
    return feedback


def feedback_coach(*, feedback: Feedback, today: date | None = None) -> CoachResult:
    school = feedback.observation.visit.walk.school
    return coach_draft(
        strengths=feedback.strengths,
        points=feedback.points_to_develop,
        next_step=feedback.next_step,
        provision=feedback.provision,
        provide_by=feedback.provide_by,
        words=school_words(school=school),
        today=today or timezone.localdate(),
    )


def feedback_release(*, feedback: Feedback, user: User, override_reason: str = "") -> Feedback:
    """Release the note if the coach's checks pass, or with a written reason to override.

    Not before the visit's day, and only by staff (the model refuses both).
    """
    visit = feedback.observation.visit
    if not visit.day_has_come():
        raise BeforeVisitDay(visit, "release feedback")
    result = feedback_coach(feedback=feedback)
    reason = override_reason.strip()
    if not result.passed and not reason:
        raise ReleaseBlocked(result)
    feedback.release(by=user, override_reason="" if result.passed else reason)
    return feedback


# Names in shared text --------------------------------------------------------------


def school_names(*, school: School) -> set[str]:
    """Every way the school's pupils and staff may be written, for the name check
    on text that leaves a pupil's own teachers (sendit.lib.privacy)."""
    people = [
        PersonName(first, last, preferred)
        for first, last, preferred in Pupil.objects.filter(school=school).values_list(
            "legal_first_name", "legal_last_name", "preferred_name"
        )
    ]
    people += [
        PersonName(first, last)
        for first, last in User.objects.filter(school=school).values_list("first_name", "last_name")
    ]
    return name_variants(people)


def shared_text_names(*, school: School, fields: dict[str, str]) -> dict[str, list[str]]:
    """The names found in each field of text about to be shared; empty when clean."""
    names = school_names(school=school)
    found = {name: names_in_text(text, names) for name, text in fields.items()}
    return {name: hits for name, hits in found.items() if hits}


def good_practice_list(*, shared: QuerySet[Feedback], school: School) -> list[Feedback]:
    """Agreed strengths that name nobody: a pupil who joined after the teacher
    agreed may share a name with the text, and the page promises no names."""
    names = school_names(school=school)
    return [
        item
        for item in shared
        if item.shared_strength.strip() and not names_in_text(item.shared_strength, names)
    ]


# Walk report -----------------------------------------------------------------------


def walk_report_draft(*, walk: LearningWalk) -> WalkReport:
    """The walk's report, drafted from its observations the first time it is asked for.

    Built from aggregates and from strengths teachers agreed to share, so
    that it names no teacher; the SENDCo edits it before publishing.
    """
    try:
        return walk.report
    except WalkReport.DoesNotExist:
        pass
    picture = picture_build(walks=LearningWalk.objects.filter(pk=walk.pk), anonymise=False)
    strengths = []
    for share in picture.focus:
        if share.rated and share.seen * 2 >= share.rated:
            strengths.append(
                f"{share.title}: seen in {share.seen} of {share.rated} visits where it applied."
            )
    for theme, n in picture.strength_themes[:3]:
        strengths.append(f"{theme} was noted as a strength {n} times.")
    # Only strengths the teacher agreed to share, and none that names anyone:
    # the report is read by all staff.
    names = school_names(school=walk.school)
    good_practice = [
        f"\u201c{text}\u201d"
        for text in Feedback.objects.filter(
            observation__visit__walk=walk,
            status=Feedback.Status.RELEASED,
            share_agreed_at__isnull=False,
        ).values_list("shared_strength", flat=True)
        if text.strip() and not names_in_text(text, names)
    ]
    if not good_practice and picture.strength_themes:
        theme = picture.strength_themes[0][0]
        good_practice.append(
            f"{theme}: ask colleagues whose lessons showed this to share an example at a briefing."
        )
    policy = []
    closer = []
    for share in picture.focus:
        if share.rated and share.not_seen * 10 >= share.rated * 4:
            policy.append(
                f"{share.title} was not seen in {share.not_seen} of {share.rated} visits: "
                "does the routine or policy make it easy to do in every lesson?"
            )
        elif share.rated and share.partly * 10 >= share.rated * 4:
            closer.append(
                f"{share.title} was only partly seen in {share.partly} of {share.rated} visits."
            )
    for theme, n in picture.point_themes[:2]:
        closer.append(f"{theme} came up {n} times as something to work on.")
    if picture.strategies_checked:
        not_seen = picture.strategies_checked - picture.strategies_seen
        if not_seen:
            closer.append(
                f"Profile strategies were not seen in use in {not_seen} of "
                f"{picture.strategies_checked} checks: "
                "are the profiles easy to find before a lesson?"
            )
    report = WalkReport.objects.create(
        walk=walk,
        strengths="\n".join(strengths),
        good_practice="\n".join(good_practice),
        policy_changes="\n".join(policy),
        closer_look="\n".join(closer),
    )
    return report


REPORT_FIELDS = ("strengths", "good_practice", "policy_changes", "closer_look")


def walk_report_save(*, report: WalkReport, data: dict, base_version: int) -> WalkReport:
    update_if_current(
        WalkReport.objects.all(),
        pk=report.pk,
        base_version=base_version,
        values={name: data.get(name, "") for name in REPORT_FIELDS},
    )
    report.refresh_from_db()
    return report
