"""Who is in each teaching group (pupils, teachers, TAs), from the MIS."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pupils.mis_import.plan import (
    Bad,
    Change,
    Operation,
    Plan,
    check_unique,
    text_value,
)
from pupils.mis_import.reading import Row, normalise_header
from pupils.models import Pupil, TeachingGroup
from schools.models import School, User

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import ManyRelatedManager

MEMBER_TYPES = {
    "pupil": "pupil",
    "teacher": "teacher",
    "ta": "ta",
    "teaching_assistant": "ta",
}
_MEMBER_RELATIONS = {
    "pupil": "pupils",
    "teacher": "teachers",
    "ta": "teaching_assistants",
}


def plan_memberships(school: School, rows: Iterable[Row], plan: Plan) -> None:
    """Each group named in the file ends up with exactly the members the file
    lists, for each kind of member the file gives for that group."""
    groups = {g.mis_id: g for g in TeachingGroup.objects.filter(school=school).exclude(mis_id="")}
    pupils = {
        p.mis_id: p
        for p in Pupil.objects.filter(school=school).only(
            "pk", "mis_id", "legal_first_name", "legal_last_name", "preferred_name"
        )
    }
    staff = {u.mis_id: u for u in User.objects.with_membership_in(school) if u.mis_id}
    wanted: dict[tuple[int, str], dict[int, tuple[int, str]]] = {}
    seen: dict[str, int] = {}
    for line, row in rows:
        try:
            group_mis_id = text_value(row, "group_mis_id", max_length=40)
            group = groups.get(group_mis_id)
            if group is None:
                raise Bad(f"group_mis_id {group_mis_id} is not a teaching group of this school.")
            kind = MEMBER_TYPES.get(normalise_header(row.get("member_type", "")))
            if kind is None:
                raise Bad(
                    f"member_type “{row.get('member_type', '')}” should be pupil, teacher or ta."
                )
            member_mis_id = text_value(row, "member_mis_id", max_length=40)
            member_pk, name = _member(kind, member_mis_id, pupils, staff)
            check_unique(seen, f"{group_mis_id}/{kind}/{member_mis_id}", line, "membership")
        except Bad as bad:
            plan.problem(line, str(bad))
            continue
        wanted.setdefault((group.pk, kind), {})[member_pk] = (line, f"{name} ({member_mis_id})")
    if plan.problems:
        return
    by_pk = {g.pk: g for g in groups.values()}
    pupil_names = {p.pk: f"{p.full_name} ({p.mis_id})" for p in pupils.values()}
    staff_names = {u.pk: f"{u.display_name} ({u.mis_id or u.email})" for u in staff.values()}
    group_pks = {group_pk for group_pk, _ in wanted}
    current: dict[tuple[int, str], set[int]] = {}
    for kind, relation in _MEMBER_RELATIONS.items():
        through = getattr(TeachingGroup, relation).through
        member_field = "pupil_id" if kind == "pupil" else "user_id"
        for group_pk, member_pk in through.objects.filter(
            teachinggroup_id__in=group_pks
        ).values_list("teachinggroup_id", member_field):
            current.setdefault((group_pk, kind), set()).add(member_pk)
    for (group_pk, kind), members in wanted.items():
        group = by_pk[group_pk]
        now = current.get((group_pk, kind), set())
        kind_label = {"pupil": "pupil", "teacher": "teacher", "ta": "TA"}[kind]
        for member_pk, (line, label) in members.items():
            action = "unchanged" if member_pk in now else "create"
            plan.changes.append(Change(line, action, f"{kind_label} {label} in {group.code}"))
        added = [pk for pk in members if pk not in now]
        removed = sorted(now - members.keys())
        names = pupil_names if kind == "pupil" else staff_names
        for member_pk in removed:
            name = names.get(member_pk) or _other_member_name(kind, member_pk)
            plan.changes.append(Change(0, "remove", f"{kind_label} {name} from {group.code}"))
        if added or removed:
            relation = getattr(group, _MEMBER_RELATIONS[kind])
            plan.operations.append(_sync_members(relation, added, removed))


def _member(
    kind: str, mis_id: str, pupils: dict[str, Pupil], staff: dict[str, User]
) -> tuple[int, str]:
    """The pk and name of the pupil or member of staff ``mis_id`` names."""
    if kind == "pupil":
        pupil = pupils.get(mis_id)
        if pupil is None:
            raise Bad(f"member_mis_id {mis_id} is not a pupil of this school.")
        return pupil.pk, pupil.full_name
    user = staff.get(mis_id)
    if user is None:
        raise Bad(f"member_mis_id {mis_id} is not a member of staff of this school.")
    return user.pk, user.display_name


def _other_member_name(kind: str, pk: int) -> str:
    """A member with no MIS id (added by hand in sendit) who is not in the file."""
    if kind == "pupil":
        return str(Pupil.objects.get(pk=pk))
    return User.objects.get(pk=pk).display_name


def _sync_members(
    relation: ManyRelatedManager[Any, Any], added: list[int], removed: list[int]
) -> Operation:
    def write() -> None:
        if removed:
            relation.remove(*removed)
        if added:
            relation.add(*added)

    return write
