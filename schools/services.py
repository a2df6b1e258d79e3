from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from kombu import Connection

from audit.models import ChangeKind
from audit.services import record_change
from schools.models import (
    PUPIL_DATA_ROLES,
    ROLE_FIELDS,
    BackgroundJob,
    Membership,
    Role,
    RoleGrant,
    School,
    User,
    UserSession,
)

if TYPE_CHECKING:
    from django.http import HttpRequest


def job_queue_worker_check(*, requested_by: User) -> BackgroundJob:
    """Queue a job that a worker completes by writing to the database.

    Used by the school admin's "check the worker" button and by the test that
    proves a real worker runs our tasks on the configured broker.
    """
    from schools.tasks import check_worker

    job = BackgroundJob.objects.create(
        school=working_school(requested_by), kind="worker_check", requested_by=requested_by
    )
    transaction.on_commit(lambda: check_worker.delay(job.pk))
    return job


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not ok"; the message says why
        return f"error: {type(exc).__name__}"
    return "ok"


def broker_status() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "not configured (tasks run in-process)"
    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


# Staff and roles ---------------------------------------------------------------------------------
#
# The rules that guard pupil data live here (DESIGN.md, "Staff and roles"):
# SENDCo and SLT are given only when a second person who already holds one
# of them confirms; nobody confirms a grant to themselves or one they asked
# for; removing a role takes effect at once; every change is recorded.
#
# Roles are per school: each service works on the member's Membership in the
# actor's active school and never touches their memberships elsewhere. The
# person (User) keeps only what is theirs wherever they work: name, sign-in
# email, password, and whether the account can sign in at all.

STAFF_DETAIL_FIELDS = ("title", "first_name", "last_name", "department", "staff_code")


class RoleRuleError(Exception):
    """A change to staff or roles that the rules do not allow; the message says why."""


def working_school(actor: User) -> School:
    """The school ``actor`` is working in: staff services act there and nowhere else."""
    school = actor.school
    if school is None:
        raise RoleRuleError("Choose a school first.")
    return school


def _school_has_pupil_data_holder(school_id: int) -> bool:
    return User.objects.in_school(school_id, *PUPIL_DATA_ROLES).filter(is_active=True).exists()


def _other_school_admins(member: User, school_id: int) -> bool:
    return (
        User.objects.in_school(school_id, Role.SCHOOL_ADMIN)
        .filter(is_active=True)
        .exclude(pk=member.pk)
        .exists()
    )


def membership_here(*, member: User, school_id: int) -> Membership:
    """``member``'s membership in ``school_id`` (active or ended), made their
    ``membership`` so that ``member.has_role`` answers for that school."""
    found = member.membership
    if found is None or found.school_id != school_id:
        found = Membership.objects.filter(user=member, school_id=school_id).first()
        if found is None:
            raise RoleRuleError("That person is not on this school's staff.")
        member.membership = found
    return found


def staff_add(
    *,
    actor: User,
    values: dict[str, str],
    roles: Iterable[str],
    request: HttpRequest | None = None,
) -> User:
    """Add a member of staff to the actor's school, with no password yet.

    Someone who already has an account in another school of the deployment
    (same email) gets a membership here and nothing else: their name, sign-in
    email and password are theirs and are not changed from this school."""
    school = working_school(actor)
    email = values["email"].strip().lower()
    member = User.objects.filter(email__iexact=email).first()
    joined = member is not None
    if member is None:
        fields = {name: values.get(name, "") for name in STAFF_DETAIL_FIELDS}
        member = User(email=email, **fields)
        member.set_unusable_password()
        member.save()
    elif Membership.objects.filter(user=member, school=school).exists():
        raise RoleRuleError("Someone with this email address is already on this school's staff.")
    member.membership = Membership.objects.create(user=member, school=school)
    if joined and not member.is_active:
        member.reactivate()
    record_change(
        school=school,
        actor=actor,
        kind=ChangeKind.STAFF_ADDED,
        target_user=member,
        details={"email": member.email, **({"existing_account": True} if joined else {})},
        request=request,
    )
    staff_roles_set(actor=actor, member=member, roles=roles, request=request)
    return member


def staff_update(
    *, actor: User, member: User, values: dict[str, str], request: HttpRequest | None = None
) -> list[str]:
    """Edit a member's name, department and staff code; returns what changed."""
    school = working_school(actor)
    changed = [
        name
        for name in STAFF_DETAIL_FIELDS
        if name in values and getattr(member, name) != values[name]
    ]
    if changed:
        for name in changed:
            setattr(member, name, values[name])
        member.save(update_fields=changed)
        record_change(
            school=school,
            actor=actor,
            kind=ChangeKind.STAFF_EDITED,
            target_user=member,
            details={"fields": changed},
            request=request,
        )
    return changed


def staff_roles_set(
    *, actor: User, member: User, roles: Iterable[str], request: HttpRequest | None = None
) -> list[RoleGrant]:
    """Make ``member`` hold exactly ``roles``, within the rules.

    Roles taken away go at once. Teacher, TA, governor and school admin are
    given at once. SENDCo and SLT become requests for a second person to
    confirm (see ``staff_role_request``). Returns the grants now waiting.
    """
    school = working_school(actor)
    wanted = {role for role in roles if role in ROLE_FIELDS}
    membership = membership_here(member=member, school_id=school.pk)
    pending = []
    for role in ROLE_FIELDS:
        holds = member.has_role(role)
        if holds and role not in wanted:
            staff_role_remove(actor=actor, member=member, role=role, request=request)
        elif not holds and role in wanted:
            if role in PUPIL_DATA_ROLES:
                grant = staff_role_request(actor=actor, member=member, role=role, request=request)
                if grant is not None and grant.is_pending:
                    pending.append(grant)
            else:
                membership.set_role(role, True)
                record_change(
                    school=school,
                    actor=actor,
                    kind=ChangeKind.ROLE_GRANTED,
                    target_user=member,
                    details={"role": role},
                    request=request,
                )
    return pending


def staff_role_request(
    *, actor: User, member: User, role: str, request: HttpRequest | None = None
) -> RoleGrant | None:
    """Ask for ``member`` to be given a pupil-data role.

    The grant waits for a second person who holds SENDCo or SLT. Only in a
    school where nobody holds either yet is the first grant given at once
    (recorded as such), and never to the person asking.
    """
    if role not in PUPIL_DATA_ROLES:
        raise RoleRuleError("Only SENDCo and senior leader need a second person to confirm.")
    school = working_school(actor)
    membership = membership_here(member=member, school_id=school.pk)
    if membership.has_role(role):
        return None
    existing = RoleGrant.objects.filter(
        school=school, user=member, role=role, status=RoleGrant.Status.PENDING
    ).first()
    if existing is not None:
        return existing
    grant = RoleGrant.objects.create(school=school, user=member, role=role, requested_by=actor)
    record_change(
        school=school,
        actor=actor,
        kind=ChangeKind.ROLE_REQUESTED,
        target_user=member,
        details={"role": role, "grant": grant.pk},
        request=request,
    )
    if member.pk != actor.pk and not _school_has_pupil_data_holder(school.pk):
        # A new school's first SENDCo or senior leader: there is nobody yet
        # who could confirm, so the grant is given and recorded as the first.
        _grant_decided(
            actor=actor,
            school=school,
            grant=grant,
            membership=membership,
            request=request,
            first_in_school=True,
        )
    return grant


def _check_decider(actor: User, grant: RoleGrant) -> None:
    if not grant.is_pending:
        raise RoleRuleError("This request has already been decided.")
    if grant.school_id != actor.school_id or not actor.is_active:
        raise RoleRuleError("This request is not yours to decide.")
    if not actor.has_role(*PUPIL_DATA_ROLES):
        raise RoleRuleError("Only a SENDCo or a senior leader can decide this request.")
    if actor.pk == grant.user_id:
        raise RoleRuleError("Nobody can confirm a role for themselves.")
    if actor.pk == grant.requested_by_id:
        raise RoleRuleError("The person who asked for a role cannot also confirm it.")


@transaction.atomic
def role_grant_decide(
    *, actor: User, grant: RoleGrant, confirm: bool, request: HttpRequest | None = None
) -> None:
    """A second person confirms (the role is given at once) or declines a
    waiting grant."""
    _check_decider(actor, grant)
    membership = None
    if confirm:
        membership = Membership.objects.filter(
            user_id=grant.user_id, school_id=grant.school_id, is_active=True
        ).first()
        if membership is None:
            raise RoleRuleError("That person no longer works in this school.")
    _grant_decided(
        actor=actor,
        school=working_school(actor),
        grant=grant,
        membership=membership,
        request=request,
        requested_by=grant.requested_by_id,
    )


def _grant_decided(
    *,
    actor: User,
    school: School,
    grant: RoleGrant,
    membership: Membership | None,
    request: HttpRequest | None,
    **details: object,
) -> None:
    """Decide ``grant``: confirmed when the member's ``membership`` is given
    (it gets the role), declined when it is None; the change is recorded."""
    confirmed = membership is not None
    grant.decide(confirmed=confirmed, by=actor)
    if membership is not None:
        membership.set_role(grant.role, True)
    record_change(
        school=school,
        actor=actor,
        kind=ChangeKind.ROLE_CONFIRMED if confirmed else ChangeKind.ROLE_DECLINED,
        target_user=grant.user,
        details={"role": grant.role, "grant": grant.pk, **details},
        request=request,
    )


def staff_role_remove(
    *, actor: User, member: User, role: str, request: HttpRequest | None = None
) -> None:
    """Take a role away at once (in the actor's school only)."""
    school = working_school(actor)
    membership = membership_here(member=member, school_id=school.pk)
    if not membership.has_role(role):
        return
    if role == Role.SCHOOL_ADMIN and not _other_school_admins(member, membership.school_id):
        raise RoleRuleError(
            "The school needs at least one school admin: give the role to someone else first."
        )
    membership.set_role(role, False)
    record_change(
        school=school,
        actor=actor,
        kind=ChangeKind.ROLE_REMOVED,
        target_user=member,
        details={"role": role},
        request=request,
    )


def user_sessions_end(*, user: User, keep: str | None = None) -> int:
    """Delete every server-side session of the user but ``keep`` (a session
    key: the device asking, when it stays signed in); returns how many.

    Every session in the store is read, not only those "Your signed-in
    devices" lists, so a session made before that list existed ends too. The
    sign-in backend also refuses an inactive account on its next request, so
    a session the store cannot list still ends.
    """
    UserSession.objects.filter(user=user).exclude(session_key=keep or "").delete()
    engine = import_module(settings.SESSION_ENGINE)
    store_class = engine.SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0  # a store that cannot be listed (cache or signed cookies)
    model = store_class.get_model_class()
    ended = 0
    for session in model.objects.filter(expire_date__gt=timezone.now()).iterator():
        if keep and session.session_key == keep:
            continue
        data = store_class().decode(session.session_data)
        if str(data.get("_auth_user_id")) == str(user.pk):
            store_class(session.session_key).delete()
            ended += 1
    return ended


def staff_deactivate(*, actor: User, member: User, request: HttpRequest | None = None) -> int:
    """A leaver of the actor's school: their membership here ends at once (a
    session working here is refused on its next request). When it was their
    last active membership the account is deactivated too and every session
    ends now. Their records (observations, notes, history) stay. Returns
    how many sessions were ended."""
    if member.pk == actor.pk:
        raise RoleRuleError("You cannot deactivate your own account.")
    school = working_school(actor)
    membership = membership_here(member=member, school_id=school.pk)
    if not membership.is_active:
        return 0
    if membership.is_school_admin and not _other_school_admins(member, membership.school_id):
        raise RoleRuleError("This is the school's only school admin.")
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    ended = 0
    elsewhere = Membership.objects.filter(user=member, is_active=True).exists()
    if not elsewhere and member.is_active:
        member.deactivate()
        ended = user_sessions_end(user=member)
    record_change(
        school=school,
        actor=actor,
        kind=ChangeKind.ACCOUNT_DEACTIVATED,
        target_user=member,
        details={"sessions_ended": ended, **({"other_schools": True} if elsewhere else {})},
        request=request,
    )
    return ended


def staff_reactivate(*, actor: User, member: User, request: HttpRequest | None = None) -> None:
    """Back on the actor's school's staff; the account signs in again."""
    school = working_school(actor)
    membership = membership_here(member=member, school_id=school.pk)
    if membership.is_active and member.is_active:
        return
    membership.is_active = True
    membership.save(update_fields=["is_active"])
    if not member.is_active:
        member.reactivate()
    record_change(
        school=school,
        actor=actor,
        kind=ChangeKind.ACCOUNT_REACTIVATED,
        target_user=member,
        request=request,
    )


def staff_password_email(*, actor: User, member: User, request: HttpRequest) -> None:
    """Send the member a link to set their password (allauth's reset flow),
    from the worker once the transaction commits."""
    from schools.tasks import send_password_set_email

    if not member.is_active:
        raise RoleRuleError("Reactivate the account before sending a password email.")
    school = working_school(actor)
    base_url = request.build_absolute_uri("/")
    user_id, school_id = member.pk, school.pk
    transaction.on_commit(lambda: send_password_set_email.delay(user_id, base_url, school_id))
    record_change(
        school=school,
        actor=actor,
        kind=ChangeKind.PASSWORD_EMAIL_SENT,
        target_user=member,
        request=request,
    )


# Staff from the MIS import -----------------------------------------------------------------------

IMPORTABLE_ROLES = frozenset(ROLE_FIELDS) - {*PUPIL_DATA_ROLES, Role.SCHOOL_ADMIN}


def _check_importable(roles: Iterable[str]) -> list[str]:
    roles = list(roles)
    refused = [role for role in roles if role not in IMPORTABLE_ROLES]
    if refused:
        raise RoleRuleError(f"The MIS import never gives these roles: {', '.join(refused)}.")
    return roles


def staff_import_create(
    *, school: School, values: dict[str, object], roles: Iterable[str], actor: User | None
) -> User:
    """A member of staff from the MIS file, with no password yet and only the
    roles an import may give (teacher, TA, governor). Someone whose email
    already has an account in another school gets a membership here; their
    details, email and password are left as they are."""
    roles = _check_importable(roles)
    values = dict(values)
    mis_id = str(values.pop("mis_id", ""))
    member = User.objects.filter(email__iexact=str(values["email"])).first()
    joined = member is not None
    if member is None:
        member = User(**values)
        member.set_unusable_password()
        member.save()
    member.membership = Membership.objects.create(
        user=member, school=school, mis_id=mis_id, **{ROLE_FIELDS[role]: True for role in roles}
    )
    record_change(
        school=school,
        actor=actor,
        kind=ChangeKind.STAFF_ADDED,
        target_user=member,
        details={
            "email": member.email,
            "source": "import",
            **({"existing_account": True} if joined else {}),
        },
    )
    for role in roles:
        record_change(
            school=school,
            actor=actor,
            kind=ChangeKind.ROLE_GRANTED,
            target_user=member,
            details={"role": role, "source": "import"},
        )
    return member


def staff_import_update(
    *,
    member: User,
    values: dict[str, object],
    roles_added: Iterable[str],
    actor: User | None,
) -> None:
    """Details from the MIS file, and roles it adds (never takes away) in the
    school the member's ``membership`` is in (the import's school)."""
    roles = _check_importable(roles_added)
    membership = member.membership
    if membership is None:
        raise RoleRuleError("That person is not on this school's staff.")
    values = dict(values)
    changed = []
    if "mis_id" in values and membership.mis_id != values["mis_id"]:
        membership.mis_id = str(values["mis_id"])
        changed.append("mis_id")
    values.pop("mis_id", None)
    person = [name for name, value in values.items() if getattr(member, name) != value]
    for name in person:
        setattr(member, name, values[name])
    changed += person
    for role in roles:
        setattr(membership, ROLE_FIELDS[role], True)
    membership.save()
    if person:
        member.save(update_fields=person)
    if changed:
        record_change(
            school=membership.school,
            actor=actor,
            kind=ChangeKind.STAFF_EDITED,
            target_user=member,
            details={"fields": changed, "source": "import"},
        )
    for role in roles:
        record_change(
            school=membership.school,
            actor=actor,
            kind=ChangeKind.ROLE_GRANTED,
            target_user=member,
            details={"role": role, "source": "import"},
        )
