"""Work on pupils' records that spans models (see STYLE.md: ``<thing>_<action>``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from pupils.models import (
    Intervention,
    InterventionNeed,
    InterventionPlace,
    ProfileReview,
    ProfileTarget,
    Pupil,
    PupilNeed,
    PupilProfile,
    SenStatus,
    SenStatusChange,
    StaffRate,
    Strategy,
    TargetOutcome,
)
from schools.models import School, User
from sendit.lib.versions import VersionConflict, update_if_current, version_check

# A school term is about thirteen weeks; reviews fall three times a year.
TERM_LENGTH = timedelta(weeks=13)


@transaction.atomic
def pupil_sen_update(
    *,
    pupil: Pupil,
    user: User | None,
    sen_status: str,
    needs: Sequence[str],
    changed_on: date,
    note: str = "",
) -> SenStatusChange | None:
    """Set a pupil's SEN status and ranked needs; a change of status goes into the history.

    A pupil who leaves the register keeps no need type (the census records
    none for status N); the history still says what they had been. The SENDCo's
    form and the MIS import both write through here; ``user`` is None when
    sendit itself imports (a management command).
    """
    needs = [] if sen_status == SenStatus.NONE else list(dict.fromkeys(n for n in needs if n))
    change = None
    if sen_status != pupil.sen_status:
        change = SenStatusChange.objects.create(
            pupil=pupil,
            from_status=pupil.sen_status,
            to_status=sen_status,
            changed_on=changed_on,
            # Leaving the register, the need they had been on it for.
            primary_need=needs[0] if needs else pupil.primary_need,
            note=note,
            recorded_by=user,
        )
    current = list(pupil.needs.order_by("rank").values_list("need", flat=True))
    if current != needs:
        pupil.needs.all().delete()
        PupilNeed.objects.bulk_create(
            [
                PupilNeed(pupil=pupil, need=need, rank=rank)
                for rank, need in enumerate(needs, start=1)
            ]
        )
    pupil.sen_status = sen_status
    pupil.primary_need = needs[0] if needs else ""
    pupil.save(update_fields=["sen_status", "primary_need", "updated_at"])
    return change


# One-page profiles -----------------------------------------------------------------


@dataclass(frozen=True)
class ProfileLine:
    """A strategy or target as the edit form sends it: its id when it exists already."""

    id: int | None
    text: str


def _sync_lines(model: type[Strategy] | type[ProfileTarget], profile, lines) -> None:
    """Make the profile's active lines exactly ``lines``, in that order.

    Lines taken off the profile are retired rather than deleted: walk
    observations point at strategies and reviews at targets, and those
    records must keep what they were about.
    """
    existing = {line.pk: line for line in model.objects.filter(profile=profile)}
    kept: set[int] = set()
    for position, line in enumerate(lines):
        current = existing.get(line.id) if line.id else None
        if current is None:
            model.objects.create(profile=profile, text=line.text, position=position)
            continue
        kept.add(current.pk)
        if (current.text, current.position, current.is_active) != (line.text, position, True):
            current.text, current.position, current.is_active = line.text, position, True
            current.save(update_fields=["text", "position", "is_active"])
    retired = [pk for pk, line in existing.items() if line.is_active and pk not in kept]
    model.objects.filter(pk__in=retired).update(is_active=False)


def profile_save(
    *,
    pupil: Pupil,
    user: User,
    version: int,
    about_me: str,
    strengths: str,
    strategies: Sequence[ProfileLine],
    targets: Sequence[ProfileLine],
) -> PupilProfile:
    """Save the one-page profile if nobody saved it since ``version`` was read.

    ``version`` is 0 for a pupil who had no profile when the form opened.
    Raises VersionConflict, writing nothing, when the saved profile is newer.
    """
    try:
        with transaction.atomic():
            profile = PupilProfile.objects.select_for_update().filter(pupil=pupil).first()
            if profile is None:
                profile = PupilProfile.objects.create(pupil=pupil, version=0)
            else:
                version_check(profile, base_version=version)
            profile.about_me = about_me
            profile.strengths = strengths
            profile.updated_by = user
            profile.version += 1
            profile.save()
            _sync_lines(Strategy, profile, strategies)
            _sync_lines(ProfileTarget, profile, targets)
    except IntegrityError:
        # Two first saves at once: the other one created the profile.
        current = PupilProfile.objects.get(pupil=pupil)
        raise VersionConflict(current, base_version=version) from None
    return profile


# Profile reviews -------------------------------------------------------------------


def next_review_default(held_on: date) -> date:
    """About a term after a review, so that reviews fall three times a year."""
    return held_on + TERM_LENGTH


@transaction.atomic
def profile_review_record(
    *,
    pupil: Pupil,
    user: User,
    held_on: date,
    assess: str,
    plan: str,
    do: str,
    review: str,
    next_review_on: date | None,
    outcomes: dict[int, str],
) -> ProfileReview:
    """Keep a review as its own record, with how each active target went."""
    record = ProfileReview.objects.create(
        pupil=pupil,
        held_on=held_on,
        assess=assess,
        plan=plan,
        do=do,
        review=review,
        next_review_on=next_review_on or next_review_default(held_on),
        recorded_by=user,
    )
    targets = ProfileTarget.objects.filter(profile__pupil=pupil, pk__in=outcomes.keys())
    TargetOutcome.objects.bulk_create(
        [
            TargetOutcome(review=record, target=target, result=outcomes[target.pk])
            for target in targets
        ]
    )
    return record


def intervention_pupils_add(*, intervention: Intervention, pupils: Iterable[Pupil]) -> None:
    """Give these pupils a place in the intervention; a place already held stays as it is."""
    InterventionPlace.objects.bulk_create(
        [InterventionPlace(intervention=intervention, pupil=pupil) for pupil in pupils],
        ignore_conflicts=True,
    )


def intervention_needs_set(*, intervention: Intervention, needs: Iterable[str]) -> None:
    """The types of need the intervention serves become exactly ``needs``."""
    wanted = set(needs)
    intervention.needs.exclude(need__in=wanted).delete()
    InterventionNeed.objects.bulk_create(
        [InterventionNeed(intervention=intervention, need=need) for need in sorted(wanted)],
        ignore_conflicts=True,
    )


def intervention_update(
    *,
    interventions: QuerySet[Intervention],
    intervention: Intervention,
    values: Mapping[str, Any],
    needs: Iterable[str],
    version: int,
) -> None:
    """Save an intervention's details if nobody saved them since ``version`` was read.

    Raises VersionConflict, writing nothing, when the saved details are newer.
    """
    with transaction.atomic():
        update_if_current(interventions, pk=intervention.pk, base_version=version, values=values)
        intervention_needs_set(intervention=intervention, needs=needs)


def staff_rates_save(
    *, school: School, user: User, rates: Mapping[str, Decimal | None]
) -> list[str]:
    """Set the school's hourly rate of each role (None takes a rate away); the roles
    whose rate changed."""
    current = dict(StaffRate.objects.filter(school=school).values_list("role", "hourly_rate"))
    changed = []
    with transaction.atomic():
        for role, rate in rates.items():
            if rate == current.get(role):
                continue
            changed.append(role)
            if rate is None:
                StaffRate.objects.filter(school=school, role=role).delete()
            else:
                StaffRate.objects.update_or_create(
                    school=school, role=role, defaults={"hourly_rate": rate, "updated_by": user}
                )
    return changed
