"""The retention job removes what is past its period and nothing else, on a
frozen clock: rows one day past go, rows on the last day and one day inside
stay, other schools' rows stay, and the audit tables stay append-only
outside the job's own transaction."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import ChangeKind, ChangeRecord, ReadKind, RecordRead
from feedback.models import Feedback, Observation
from pupils.models import Concern, EhcPlan, Pupil, PupilNeed
from schools.models import RetentionPolicy, RetentionRun
from schools.retention import retention_apply, retention_counts
from tests.factories import (
    make_concern,
    make_ehc_plan,
    make_observation,
    make_pupil,
    make_visit,
    make_walk,
)

TODAY = date(2030, 6, 15)
NOW = timezone.make_aware(datetime.combine(TODAY, time(2, 30)))


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _change(school, day: date) -> ChangeRecord:
    return ChangeRecord.objects.create(
        school=school, kind=ChangeKind.RECORD_CHANGED, target="x", created_at=_at(day)
    )


def _read(school, day: date) -> RecordRead:
    return RecordRead.objects.create(
        school=school, kind=ReadKind.PUPIL, record_id=1, read_at=_at(day)
    )


def _observation(cast, day: date, school=None) -> Observation:
    school = school or cast.school
    walk = make_walk(school, starts_on=day)
    group = cast.group if school == cast.school else None
    if group is None:
        from tests.factories import make_group

        group = make_group(school, teachers=[cast.other_sendco])
    visit = make_visit(walk, group, starts_at=_at(day))
    observer = cast.sendco if school == cast.school else cast.other_sendco
    return make_observation(visit, observer)


@pytest.fixture
def rows(cast):
    """Rows on each side of every default period (3, 25 and 1, 6, 6 years)."""
    made = {
        # Record of changes and of reading: six years.
        "change_past": _change(cast.school, date(2024, 6, 14)),
        "change_last_day": _change(cast.school, date(2024, 6, 15)),
        "change_inside": _change(cast.school, date(2024, 6, 16)),
        "change_other_school": _change(cast.other_school, date(2020, 1, 1)),
        "read_past": _read(cast.school, date(2024, 6, 14)),
        "read_inside": _read(cast.school, date(2024, 6, 16)),
        "read_other_school": _read(cast.other_school, date(2020, 1, 1)),
        # Learning-walk notes: three years after the visit.
        "obs_past": _observation(cast, date(2027, 6, 14)),
        "obs_inside": _observation(cast, date(2027, 6, 16)),
        "obs_other_school": _observation(cast, date(2020, 1, 1), school=cast.other_school),
    }
    Feedback.objects.create(observation=made["obs_past"], strengths="Clear start.")
    # Pupils who left: until their 25th birthday and at least a year after leaving.
    made["leaver_past"] = make_pupil(
        cast.school, date_of_birth=date(2005, 6, 15), left_on=date(2021, 7, 20)
    )
    made["leaver_birthday_tomorrow"] = make_pupil(
        cast.school, date_of_birth=date(2005, 6, 16), left_on=date(2021, 7, 20)
    )
    made["leaver_left_inside_a_year"] = make_pupil(
        cast.school, date_of_birth=date(1990, 1, 1), left_on=date(2029, 6, 16)
    )
    made["on_roll_and_old"] = make_pupil(cast.school, date_of_birth=date(1990, 1, 1))
    made["leaver_other_school"] = make_pupil(
        cast.other_school, date_of_birth=date(1990, 1, 1), left_on=date(2010, 7, 20)
    )
    make_concern(made["leaver_past"], raised_by=cast.teacher)
    make_ehc_plan(made["leaver_past"])
    return made


def _exists(row) -> bool:
    return type(row)._base_manager.filter(pk=row.pk).exists()


GONE = {"change_past", "read_past", "obs_past", "leaver_past"}


def test_the_job_removes_exactly_what_is_past_its_period(cast, rows) -> None:
    with time_machine.travel(NOW, tick=False):
        assert retention_counts(cast.school, today=TODAY) == {
            "leavers": 1,
            "observations": 1,
            "change_records": 1,
            "record_reads": 1,
        }
        run = retention_apply(cast.school)
    for name, row in rows.items():
        assert _exists(row) == (name not in GONE), name
    assert run.applied_on == TODAY
    assert run.removed == {"leavers": 1, "observations": 1, "change_records": 1, "record_reads": 1}
    assert run.trigger == RetentionRun.Trigger.SCHEDULE
    # The leaver's whole record went with them; nobody else's did.
    assert not Concern.objects.filter(pupil_id=rows["leaver_past"].pk).exists()
    assert not EhcPlan.objects.filter(pupil_id=rows["leaver_past"].pk).exists()
    assert PupilNeed.objects.filter(pupil=cast.pupil).exists()
    assert not Feedback.objects.filter(observation_id=rows["obs_past"].pk).exists()
    # A second run the same day finds nothing more.
    with time_machine.travel(NOW, tick=False):
        again = retention_apply(cast.school)
    assert again.total == 0


def test_the_next_day_the_last_day_rows_go(cast, rows) -> None:
    with time_machine.travel(NOW.replace(day=16), tick=False):
        retention_apply(cast.school)
    assert not _exists(rows["change_last_day"])
    assert _exists(rows["change_inside"])
    assert _exists(rows["leaver_birthday_tomorrow"]) is False
    assert _exists(rows["on_roll_and_old"])


def test_the_schools_own_periods_are_used(cast, rows) -> None:
    RetentionPolicy.objects.create(
        school=cast.school, observation_years=10, leaver_age=40, change_record_years=7
    )
    with time_machine.travel(NOW, tick=False):
        run = retention_apply(cast.school)
    assert run.removed["observations"] == 0
    assert run.removed["leavers"] == 0
    assert _exists(rows["obs_past"]) and _exists(rows["leaver_past"])
    assert run.removed["change_records"] == 0
    assert _exists(rows["change_past"])
    assert run.removed["record_reads"] == 1  # still the default six years


def test_the_audit_stays_append_only_outside_the_job(cast, rows) -> None:
    with time_machine.travel(NOW, tick=False):
        retention_apply(cast.school)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_changerecord WHERE id = %s", [rows["change_inside"].pk])
    assert _exists(rows["change_inside"])


def test_the_command_dry_run_removes_nothing(cast, rows, capsys) -> None:
    call_command("apply_retention", "--dry-run", "--today", TODAY.isoformat())
    out = capsys.readouterr().out
    assert "would remove" in out and "Record of changes: 1" in out
    assert all(_exists(row) for row in rows.values())
    assert not RetentionRun.objects.exists()
    call_command("apply_retention", "--school", cast.school.slug, "--today", TODAY.isoformat())
    run = RetentionRun.objects.get()
    assert run.trigger == RetentionRun.Trigger.COMMAND and run.total == 4
    assert not _exists(rows["leaver_past"])
    assert _exists(rows["leaver_other_school"])


def test_the_nightly_task_is_on_the_schedule() -> None:
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "schools.tasks.apply_retention" in tasks


# The page -------------------------------------------------------------------------------


def _periods(**changes: int) -> dict[str, int]:
    """The form's data: the default periods at version 1, with ``changes``."""
    return {
        "observation_years": 3,
        "leaver_age": 25,
        "leaver_years": 1,
        "read_audit_years": 6,
        "change_record_years": 6,
        "version": 1,
    } | changes


def test_admin_sets_the_periods_and_the_change_is_recorded(client, cast) -> None:
    client.force_login(cast.school_admin)
    page = client.get(reverse("schools:retention"))
    assert page.status_code == 200 and b"Save periods" in page.content
    data = _periods(observation_years=4, leaver_years=2, read_audit_years=7)
    response = client.post(reverse("schools:retention"), data)
    assert response.status_code == 302
    policy = RetentionPolicy.objects.get(school=cast.school)
    assert (policy.observation_years, policy.leaver_years, policy.version) == (4, 2, 2)
    record = ChangeRecord.objects.get(
        details__model="schools.retentionpolicy", kind=ChangeKind.RECORD_CHANGED
    )
    assert record.actor == cast.school_admin
    assert record.details["values"]["observation_years"] == [3, 4]


def test_too_short_an_audit_period_is_refused_next_to_the_field(client, cast) -> None:
    client.force_login(cast.school_admin)
    data = _periods(read_audit_years=2)
    response = client.post(reverse("schools:retention"), data)
    assert response.status_code == 400
    assert "Choose between 6 and 30." in response.content.decode()
    assert not RetentionPolicy.objects.filter(school=cast.school).exists()


def test_a_stale_version_overwrites_nothing(client, cast) -> None:
    RetentionPolicy.objects.create(school=cast.school, observation_years=5, version=3)
    client.force_login(cast.school_admin)
    data = _periods(observation_years=2, version=2)
    response = client.post(reverse("schools:retention"), data)
    assert response.status_code == 400
    assert "saved somewhere else" in response.content.decode()
    assert RetentionPolicy.objects.get(school=cast.school).observation_years == 5


def test_the_sendco_reads_the_periods_and_runs_but_cannot_set_them(client, cast) -> None:
    RetentionRun.objects.create(
        school=cast.school,
        trigger=RetentionRun.Trigger.SCHEDULE,
        applied_on=TODAY,
        removed={"observations": 7, "leavers": 2},
    )
    client.force_login(cast.sendco)
    page = client.get(reverse("schools:retention")).content.decode()
    assert "Save periods" not in page
    assert "Learning-walk notes (observations and their feedback): 7" in page
    assert "The nightly schedule" in page
    response = client.post(reverse("schools:retention"), {"observation_years": 1, "version": 1})
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["slt", "teacher", "ta", "governor"])
def test_other_roles_get_404(client, cast, role) -> None:
    client.force_login(cast.by_role(role))
    assert client.get(reverse("schools:retention")).status_code == 404


def test_runs_page_queries_stay_constant(client, cast, django_assert_max_num_queries) -> None:
    client.force_login(cast.sendco)
    for n in range(3):
        RetentionRun.objects.create(
            school=cast.school, trigger="schedule", applied_on=TODAY, removed={"leavers": n}
        )
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("schools:retention"))
    for n in range(30):
        RetentionRun.objects.create(
            school=cast.school, trigger="command", applied_on=TODAY, removed={"leavers": n}
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("schools:retention"))


def test_school_settings_are_in_the_record_of_changes(client, cast) -> None:
    client.force_login(cast.school_admin)
    response = client.post(
        reverse("schools:settings"),
        {"name": cast.school.name, "urn": "", "max_observers": 3, "yearly_observation_limit": 3},
    )
    assert response.status_code == 302
    record = ChangeRecord.objects.get(details__model="schools.school")
    assert record.actor == cast.school_admin
    assert record.details["values"]["max_observers"] == [2, 3]
    assert record.details["id"] == cast.school.pk


def test_staff_rates_are_in_the_record_of_changes(cast) -> None:
    from decimal import Decimal

    from django.test import RequestFactory

    from audit.changes import changes_by
    from pupils.models import StaffRate

    with changes_by(cast.sendco, RequestFactory().post("/")):
        rate = StaffRate.objects.create(
            school=cast.school, role="ta", hourly_rate=Decimal("15.00"), updated_by=cast.sendco
        )
        rate.hourly_rate = Decimal("16.50")
        rate.save()
    kinds = list(
        ChangeRecord.objects.filter(details__model="pupils.staffrate").values_list(
            "kind", flat=True
        )
    )
    assert sorted(kinds) == [ChangeKind.RECORD_CHANGED, ChangeKind.RECORD_CREATED]
    changed = ChangeRecord.objects.get(
        details__model="pupils.staffrate", kind=ChangeKind.RECORD_CHANGED
    )
    assert changed.details["values"]["hourly_rate"] == ["15.00", "16.50"]


def test_pupils_unaffected_by_an_empty_run(cast) -> None:
    before = Pupil.objects.count()
    retention_apply(cast.school, today=TODAY)
    assert Pupil.objects.count() == before
