"""Staff from the MIS. Accounts are written by the schools services
(``staff_import_create``, ``staff_import_update``); the import never gives
or takes away the roles that open pupils' SEN data or the staff pages."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from pupils.mis_import.plan import (
    Bad,
    Change,
    Operation,
    Plan,
    WithheldRoles,
    check_unique,
    differences,
    split_list,
    text_value,
)
from pupils.mis_import.reading import Row, normalise_header
from schools.models import PUPIL_DATA_ROLES, Role, School, User
from schools.services import staff_import_create, staff_import_update

# The import never gives or takes away these: they open pupils' SEN data or
# the staff pages, and are given on the staff page only (DESIGN.md, "Staff
# and roles").
ROLES_NOT_IMPORTED: tuple[str, ...] = (*PUPIL_DATA_ROLES, Role.SCHOOL_ADMIN)

ROLE_ALIASES: dict[str, str] = {
    **{role.value: role.value for role in Role},
    "senco": Role.SENDCO,
    "senior_leader": Role.SLT,
    "teaching_assistant": Role.TA,
    "admin": Role.SCHOOL_ADMIN,
}


def _roles(row: dict[str, str]) -> list[str]:
    names = [normalise_header(name) for name in split_list(row.get("roles", ""))]
    if not names:
        raise Bad("roles is empty: give at least one (for example teacher).")
    unknown = [name for name in names if name not in ROLE_ALIASES]
    if unknown:
        raise Bad(
            f"role {', '.join(unknown)} is not known (use {', '.join(r.value for r in Role)})."
        )
    return sorted({ROLE_ALIASES[name] for name in names})


def plan_staff(school: School, rows: Iterable[Row], plan: Plan) -> None:
    # Each one's ``membership`` (so mis_id and roles) is the one in this school.
    staff = list(User.objects.with_membership_in(school))
    by_mis = {u.mis_id: u for u in staff if u.mis_id}
    by_email = {u.email: u for u in staff}
    seen_mis: dict[str, int] = {}
    seen_email: dict[str, int] = {}
    row_list = list(rows)
    emails = {row.get("email", "").lower() for _, row in row_list}
    # Email addresses are unique across the whole deployment. A file never
    # brings in someone who works in another school: the school admin adds
    # them on the staff page (a new membership), where it is seen and recorded.
    elsewhere = set(
        User.objects.filter(email__in=emails)
        .exclude(pk__in=User.objects.in_school(school, active=False).values("pk"))
        .values_list("email", flat=True)
    )
    for line, row in row_list:
        try:
            mis_id = text_value(row, "mis_id", max_length=40)
            check_unique(seen_mis, mis_id, line, "mis_id")
            email = text_value(row, "email", max_length=254).lower()
            try:
                validate_email(email)
            except ValidationError:
                raise Bad(f"email “{row['email']}” is not an email address.") from None
            check_unique(seen_email, email, line, "email")
            if email in elsewhere:
                raise Bad(f"email {email} is already used by an account outside this school.")
            values: dict[str, object] = {
                "mis_id": mis_id,
                "email": email,
                "first_name": text_value(row, "first_name", max_length=150),
                "last_name": text_value(row, "last_name", max_length=150),
            }
            for name, length in (("title", 20), ("staff_code", 12), ("department", 80)):
                if name in row:
                    values[name] = text_value(row, name, max_length=length, required=False)
            roles = _roles(row)
            user = by_mis.get(mis_id) or by_email.get(email)
            other = by_email.get(email)
            if user and other and other.pk != user.pk:
                raise Bad(f"email {email} belongs to another member of staff.")
            if user and user.mis_id and user.mis_id != mis_id:
                raise Bad(f"email {email} belongs to staff member with MIS id {user.mis_id}.")
            # The email is the account's sign-in name and where password resets
            # go: an import must never move an existing account to another
            # address, or whoever controls the file could take the account.
            if user and user.email != email:
                raise Bad(
                    f"the account with MIS id {mis_id} signs in as {user.email}; an import "
                    "cannot change the address someone signs in with."
                )
        except Bad as bad:
            plan.problem(line, str(bad))
            continue
        label = f"{values['first_name']} {values['last_name']} ({email})"
        withheld = tuple(role for role in roles if role in ROLES_NOT_IMPORTED)
        if withheld:
            plan.withheld_roles.append(WithheldRoles(line, label, withheld))
        roles = [role for role in roles if role not in ROLES_NOT_IMPORTED]
        if user is None:
            plan.changes.append(Change(line, "create", label, tuple(f"role: {r}" for r in roles)))
            plan.operations.append(_create_user(school, values, roles, plan.actor))
            continue
        # Roles from the MIS are added, never taken away: roles given in
        # sendit (the SENDCo's own, for one) must survive the next import.
        new_roles = [role for role in roles if not user.has_role(role)]
        details = differences(user, values) + [f"role added: {role}" for role in new_roles]
        if not details:
            plan.changes.append(Change(line, "unchanged", label))
            continue
        plan.changes.append(Change(line, "update", label, tuple(details)))
        plan.operations.append(_update_user(user, values, new_roles, plan.actor))


def _create_user(school: School, values: dict, roles: list[str], actor: User | None) -> Operation:
    def write() -> None:
        # Imported staff set their own password through "Forgotten your password?".
        staff_import_create(school=school, values=values, roles=roles, actor=actor)

    return write


def _update_user(user: User, values: dict, roles: list[str], actor: User | None) -> Operation:
    def write() -> None:
        staff_import_update(member=user, values=values, roles_added=roles, actor=actor)

    return write
