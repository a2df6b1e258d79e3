"""Small builders for the walks tests (pupil records made directly, so that these
tests depend only on the models)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from pupils.models import Assessment, BroadArea, Concern, Intervention, InterventionPlace


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def next_monday(weeks_ahead: int = 2) -> date:
    today = timezone.localdate()
    return today + timedelta(days=(7 - today.weekday()) % 7 + 7 * (weeks_ahead - 1) or 7)


def concern(pupil, *, raised_by, noticed_on: date, group=None) -> Concern:
    return Concern.objects.create(
        school=pupil.school,
        pupil=pupil,
        raised_by=raised_by,
        group=group,
        noticed="Struggles to start written work without a model.",
        noticed_on=noticed_on,
    )


def assessment(pupil, *, taken_on: date, score=None, reading_age=None) -> Assessment:
    return Assessment.objects.create(
        pupil=pupil,
        name="Reading test",
        taken_on=taken_on,
        standardised_score=score,
        reading_age_months=reading_age,
    )


def intervention_place(pupil, *, ends_on: date, entry, exit) -> InterventionPlace:
    intervention = Intervention.objects.create(
        school=pupil.school,
        name=f"Reading catch-up {pupil.pk}",
        area=BroadArea.COGNITION,
        starts_on=ends_on - timedelta(days=60),
        ends_on=ends_on,
    )
    return InterventionPlace.objects.create(
        intervention=intervention, pupil=pupil, entry_measure=entry, exit_measure=exit
    )
