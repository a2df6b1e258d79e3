"""Capture: what an observer is asked about on a visit, and the record they keep of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from feedback.coach import FlaggedWord, wording_flags
from feedback.models import BeforeVisitDay, FocusEvidence, Observation, StrategyCheck
from feedback.services.words import school_words
from pupils.access import pupils_for
from pupils.models import SenStatus, Strategy
from schools.models import Role, User
from schools.roles import SEND_LEADERS
from sendit.lib.privacy import anonymous_label
from sendit.lib.versions import update_if_current
from walks.models import FocusArea, Visit

TEXT_FIELDS = ("strengths", "even_better_if", "notes", "wording_reason")


class WordingNeedsReason(Exception):
    """Completing a record whose wording the coach flags, with no reason written."""

    def __init__(self, flags: dict[str, list[FlaggedWord]]) -> None:
        super().__init__("The record's wording is flagged and no reason was given.")
        self.flags = flags


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
    if observer.has_role(Role.GOVERNOR) and not observer.has_role(*SEND_LEADERS):
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
