"""Demo schools and their staff, for `manage.py seed_demo`.

Deterministic (a fixed random seed) and idempotent: records are found by
their natural keys and only missing ones are created.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.contrib.auth.hashers import make_password

from demo.names import person_name
from demo.spec import DEMO, SchoolSpec
from schools.mfa import MFA_ROLES
from schools.models import Membership, Role, School, User

# The published secret of the demo accounts' authenticator app (README,
# "Demo accounts"): every demo account whose role needs two-step sign-in has
# it set up with this key, so `make run` shows the code step and a script
# can compute the code. Never a real account's: it is public.
DEMO_TOTP_SECRET = "SENDITDEMOSECRETFORTOTPCODES2345"  # noqa: S105  # nosec B105 (published demo key)

DEMO_SLUG = DEMO.slug
OTHER_SLUG = "other"

# Departments of the demo secondary school and how many teachers each has,
# besides the named demo teachers.
DEPARTMENTS: dict[str, int] = {
    "English": 8,
    "Maths": 8,
    "Science": 9,
    "History": 4,
    "Geography": 4,
    "French": 4,
    "Computing": 3,
    "Art": 3,
    "PE": 4,
}


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    title: str
    roles: tuple[str, ...]
    department: str = ""


NAMED_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("sendco@demo.test", "Rachel", "Okonjo", "Ms", (Role.SENDCO,), "Learning support"),
    DemoAccount("slt@demo.test", "David", "Hartley", "Mr", (Role.SLT,), "Leadership"),
    DemoAccount("teacher@demo.test", "Priya", "Lamb", "Ms", (Role.TEACHER,), "English"),
    DemoAccount("teacher2@demo.test", "Tom", "Whitfield", "Mr", (Role.TEACHER,), "Maths"),
    DemoAccount("ta@demo.test", "Jo", "Fenwick", "Mrs", (Role.TA,), "Learning support"),
    DemoAccount("governor@demo.test", "Alan", "Price", "Mr", (Role.GOVERNOR,)),
    DemoAccount("admin@demo.test", "Sam", "Brennan", "Mx", (Role.SCHOOL_ADMIN,), "Office"),
]

OTHER_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("sendco@other.test", "Helen", "Marsh", "Mrs", (Role.SENDCO,), "Learning support"),
    DemoAccount("teacher@other.test", "Owen", "Quinn", "Mr", (Role.TEACHER,), "Class teacher"),
]


@dataclass
class DemoStaff:
    """The staff of the demo school, grouped as the other seeders need them."""

    school: School
    teachers_by_department: dict[str, list[User]] = field(default_factory=dict)
    teaching_assistants: list[User] = field(default_factory=list)
    # The named accounts, by the demo school's address (which names the part
    # each plays, at any school: spec.email gives the real address).
    named: dict[str, User] = field(default_factory=dict)
    spec: SchoolSpec = DEMO


def _ensure_school(slug: str, **defaults: object) -> School:
    school, _ = School.objects.get_or_create(slug=slug, defaults=defaults)
    return school


def _ensure_user(school: School, account: DemoAccount, password_hash: str, **extra: str) -> User:
    user, _ = User.objects.get_or_create(
        email=account.email,
        defaults={
            "first_name": account.first_name,
            "last_name": account.last_name,
            "title": account.title,
            "department": account.department,
            "password": password_hash,
            **extra,
        },
    )
    _ensure_membership(user, school, account.roles)
    return user


def _ensure_membership(user: User, school: School, roles: tuple[str, ...]) -> None:
    Membership.objects.get_or_create(
        user=user, school=school, defaults={f"is_{role}": True for role in roles}
    )
    if set(roles) & set(MFA_ROLES):
        ensure_demo_totp(user)


def ensure_demo_totp(user: User) -> None:
    """The demo authenticator app (DEMO_TOTP_SECRET) for ``user``, unless one is set up."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


# A SENDCo shared by both demo schools (a trust's inclusion lead, say): they
# choose the school to work in after signing in, and switch from the header.
SHARED_SENDCO = DemoAccount(
    "shared.sendco@demo.test", "Grace", "Adeyemi", "Dr", (Role.SENDCO,), "Inclusion"
)


def seed_staff(rng: random.Random, spec: SchoolSpec = DEMO) -> DemoStaff:
    # One hash for every demo account: hashing ~70 times would take most of
    # a minute, and they share a password anyway.
    password_hash = make_password(settings.DEMO_PASSWORD)
    school = _ensure_school(spec.slug, name=spec.name, urn=spec.urn, phase="secondary")
    staff = DemoStaff(school=school, spec=spec)
    for account in NAMED_ACCOUNTS:
        here = replace(account, email=spec.email(account.email))
        staff.named[account.email] = _ensure_user(school, here, password_hash)
    if spec.is_demo:
        other = _ensure_school(
            OTHER_SLUG, name="Brookside Primary School", urn="149002", phase="primary"
        )
        for account in OTHER_ACCOUNTS:
            _ensure_user(other, account, password_hash)
        shared = _ensure_user(school, SHARED_SENDCO, password_hash)
        _ensure_membership(shared, other, SHARED_SENDCO.roles)

    def generated(address: str, roles: tuple[str, ...], department: str) -> User:
        first, last = person_name(rng)
        title = rng.choice(["Mr", "Ms", "Mrs", "Dr", "Miss"])
        account = DemoAccount(spec.email(address), first, last, title, roles, department)
        return _ensure_user(school, account, password_hash)

    for department, count in DEPARTMENTS.items():
        teachers = []
        for n in range(1, round(count * spec.staff_scale) + 1):
            teachers.append(generated(f"{department.lower()}{n}@", (Role.TEACHER,), department))
        staff.teachers_by_department[department] = teachers
    staff.teachers_by_department["English"].insert(0, staff.named["teacher@demo.test"])
    staff.teachers_by_department["Maths"].insert(0, staff.named["teacher2@demo.test"])
    staff.teaching_assistants = [staff.named["ta@demo.test"]] + [
        generated(f"ta{n}@", (Role.TA,), "Learning support")
        for n in range(1, round(9 * spec.staff_scale) + 1)
    ]
    for n in range(1, round(3 * spec.staff_scale) + 1):
        generated(f"slt{n}@", (Role.SLT, Role.TEACHER), "Leadership")
    for n in range(1, 3):
        generated(f"governor{n}@", (Role.GOVERNOR,), "")
    generated("assistant.sendco@", (Role.SENDCO, Role.TEACHER), "Learning support")
    return staff


def seed_role_changes(staff: DemoStaff) -> None:
    """A short history on the staff page: the assistant SENDCo's role asked
    for by the school admin and confirmed by a senior leader, a role taken
    away from a leaver, and one senior-leader grant still waiting."""
    from datetime import timedelta

    from django.utils import timezone

    from audit.models import ChangeKind, ChangeRecord
    from schools.models import RoleGrant

    school = staff.school
    admin = staff.named["admin@demo.test"]
    slt = staff.named["slt@demo.test"]
    sendco = User.objects.get(email=staff.spec.email("assistant.sendco@"))
    waiting = User.objects.get(email=staff.spec.email("english1@"))
    leaver = User.objects.get(email=staff.spec.email("ta9@"))
    now = timezone.now().replace(microsecond=0)

    def record(kind: str, actor: User, target: User, days_ago: int, **details: object) -> None:
        if not ChangeRecord.objects.filter(kind=kind, target_user=target, actor=actor).exists():
            ChangeRecord.objects.create(
                school=school,
                actor=actor,
                kind=kind,
                target_user=target,
                target=target.display_name,
                details=details,
                created_at=now - timedelta(days=days_ago),
            )

    confirmed, _ = RoleGrant.objects.get_or_create(
        school=school,
        user=sendco,
        role=Role.SENDCO,
        requested_by=admin,
        defaults={
            "status": RoleGrant.Status.CONFIRMED,
            "requested_at": now - timedelta(days=40),
            "decided_by": slt,
            "decided_at": now - timedelta(days=39),
        },
    )
    record(ChangeKind.ROLE_REQUESTED, admin, sendco, 40, role=Role.SENDCO, grant=confirmed.pk)
    record(
        ChangeKind.ROLE_CONFIRMED,
        slt,
        sendco,
        39,
        role=Role.SENDCO,
        grant=confirmed.pk,
        requested_by=admin.pk,
    )
    record(ChangeKind.ROLE_REMOVED, admin, leaver, 12, role=Role.GOVERNOR)
    pending, _ = RoleGrant.objects.get_or_create(
        school=school,
        user=waiting,
        role=Role.SLT,
        status=RoleGrant.Status.PENDING,
        defaults={"requested_by": admin, "requested_at": now - timedelta(days=2)},
    )
    record(ChangeKind.ROLE_REQUESTED, admin, waiting, 2, role=Role.SLT, grant=pending.pk)
