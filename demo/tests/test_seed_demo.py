from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from pupils.models import Pupil, PupilNeed, SenStatus, SenStatusChange, TeachingGroup
from schools.models import Membership, School, User
from tests.mfa import client_sign_in


def _fingerprint() -> dict[str, object]:
    return {
        "schools": list(School.objects.values_list("slug", "name")),
        "users": list(User.objects.order_by("email").values_list("email", "first_name")),
        "staff": list(
            Membership.objects.order_by("user__email", "school__slug").values_list(
                "user__email", "school__slug", "is_sendco", "is_teacher", "is_active"
            )
        ),
        "pupils": list(Pupil.objects.order_by("mis_id").values_list("mis_id", "upn", "sen_status")),
        "needs": PupilNeed.objects.count(),
        "history": SenStatusChange.objects.count(),
        "groups": list(TeachingGroup.objects.order_by("code").values_list("code", flat=True)),
        "memberships": TeachingGroup.pupils.through.objects.count(),
        "teachers": TeachingGroup.teachers.through.objects.count(),
    }


@pytest.fixture
def seeded(db) -> None:
    call_command("seed_demo", verbosity=0)


def test_demo_school_has_the_shape_of_a_secondary(seeded) -> None:
    school = School.objects.get(slug="demo")
    pupils = Pupil.objects.filter(school=school)
    total = pupils.count()
    assert 950 <= total <= 1050
    assert set(pupils.values_list("year_group", flat=True)) == {7, 8, 9, 10, 11}
    by_status = dict(pupils.values_list("sen_status").annotate(n=Count("pk")).order_by())
    assert 0.12 <= by_status[SenStatus.SUPPORT] / total <= 0.18
    assert 0.02 <= by_status[SenStatus.EHC_PLAN] / total <= 0.04
    assert 60 <= User.objects.in_school(school, active=False).count() <= 80
    assert TeachingGroup.objects.filter(school=school).count() > 100
    # every pupil on the register has a primary need and history
    register = pupils.exclude(sen_status=SenStatus.NONE)
    assert not register.filter(primary_need="").exists()
    assert SenStatusChange.objects.filter(pupil__in=register).count() >= register.count()


def test_named_accounts_exist_with_their_roles(seeded) -> None:
    assert User.objects.get(email="sendco@demo.test").is_sendco
    assert User.objects.get(email="sendco@other.test").school.slug == "other"
    teacher = User.objects.get(email="teacher@demo.test")
    teacher2 = User.objects.get(email="teacher2@demo.test")
    mine = set(teacher.taught_groups.values_list("pk", flat=True))
    theirs = set(teacher2.taught_groups.values_list("pk", flat=True))
    assert mine and theirs and not mine & theirs
    assert User.objects.get(email="ta@demo.test").supported_groups.exists()


def test_running_twice_changes_nothing(seeded) -> None:
    before = _fingerprint()
    call_command("seed_demo", verbosity=0)
    assert _fingerprint() == before


@pytest.mark.parametrize(
    "email,home",
    [
        ("sendco@demo.test", "shell:dashboard"),
        ("slt@demo.test", "reports:home"),
        ("teacher@demo.test", "pupils:my_classes"),
        ("teacher2@demo.test", "pupils:my_classes"),
        ("ta@demo.test", "pupils:my_classes"),
        ("governor@demo.test", "reports:summaries"),
        ("admin@demo.test", "schools:settings"),
        ("sendco@other.test", "shell:dashboard"),
    ],
)
def test_demo_accounts_sign_in_with_the_demo_password(seeded, client, email, home) -> None:
    response = client_sign_in(client, email, "sendit-demo")
    assert response.redirect_chain[-1][0] == reverse(home)


def test_demo_has_role_changes_and_one_grant_waiting(seeded, client) -> None:
    from audit.models import ChangeRecord
    from schools.models import RoleGrant

    pending = RoleGrant.objects.get(status=RoleGrant.Status.PENDING)
    assert pending.role == "slt" and pending.user.email == "english1@demo.test"
    records = ChangeRecord.objects.count()
    assert records >= 4
    call_command("seed_demo", verbosity=0)
    assert ChangeRecord.objects.count() == records and RoleGrant.objects.count() == 2
    client.force_login(User.objects.get(email="sendco@demo.test"))
    page = client.get(reverse("schools:role_grants")).content.decode()
    assert "Confirm Senior leader for" in page
    client.force_login(User.objects.get(email="admin@demo.test"))
    staff_page = client.get(reverse("schools:staff")).content.decode()
    assert "Role confirmed: SENDCo" in staff_page


def test_demo_school_has_a_retention_schedule_and_a_past_run(seeded) -> None:
    from schools.models import RetentionPolicy, RetentionRun

    school = School.objects.get(slug="demo")
    assert RetentionPolicy.objects.get(school=school).observation_years == 4
    run = RetentionRun.objects.get(school=school)
    assert run.total > 0 and set(run.removed) == {
        "leavers",
        "observations",
        "change_records",
        "record_reads",
    }
