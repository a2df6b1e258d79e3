"""The demo school's retention schedule and one past run of it, for `seed_demo`.

The periods are the defaults but for learning-walk notes (kept four years
here); the run is last night's, as the schedule would have left it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from demo.schools import DemoStaff
from schools.models import RetentionPolicy, RetentionRun


def seed_retention(staff: DemoStaff, today: date) -> None:
    school = staff.school
    RetentionPolicy.objects.get_or_create(
        school=school,
        defaults={"observation_years": 4, "updated_by": staff.named["admin@demo.test"]},
    )
    if RetentionRun.objects.filter(school=school).exists():
        return
    night = today - timedelta(days=1)
    started = timezone.make_aware(datetime.combine(night, time(2, 30)))
    RetentionRun.objects.create(
        school=school,
        trigger=RetentionRun.Trigger.SCHEDULE,
        applied_on=night,
        started_at=started,
        finished_at=started + timedelta(seconds=3),
        removed={"leavers": 3, "observations": 11, "change_records": 0, "record_reads": 0},
    )
