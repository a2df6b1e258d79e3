"""Pupils from the MIS, with their SEN status and needs (SENDCo only).

SEN status and needs are written by ``pupil_sen_update``, the service the
SENDCo's own form uses, so a change of status goes into the history by the
same rule whichever way it comes in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from pupils.mis_import.plan import (
    Bad,
    Change,
    Operation,
    Plan,
    check_unique,
    date_value,
    describe,
    differences,
    flag_value,
    split_list,
    text_value,
    year_group_value,
)
from pupils.mis_import.reading import Row
from pupils.models import NeedType, Pupil, SenStatus
from pupils.services import pupil_sen_update
from pupils.upn import upn_problem
from schools.models import School, User

# Written through pupil_sen_update, never set directly.
SEN_FIELDS = ("sen_status", "primary_need")


def _needs(row: dict[str, str], status: str) -> list[str]:
    codes = [code.upper() for code in split_list(row.get("needs", ""))]
    unknown = [code for code in codes if code not in NeedType.values]
    if unknown:
        raise Bad(
            f"need type {', '.join(unknown)} is not a census code ({', '.join(NeedType.values)})."
        )
    if len(set(codes)) != len(codes):
        raise Bad("a need type is listed twice.")
    if status == SenStatus.NONE and codes:
        raise Bad("a pupil with sen_status N (no SEN) has no need types.")
    if status != SenStatus.NONE and not codes:
        raise Bad(
            f"a pupil with sen_status {status} needs at least one need type "
            "(NSA if there is no specialist assessment yet)."
        )
    return codes


def plan_pupils(school: School, rows: Iterable[Row], plan: Plan) -> None:
    pupils = list(Pupil.objects.filter(school=school).prefetch_related("needs"))
    by_mis = {p.mis_id: p for p in pupils}
    by_upn = {p.upn: p for p in pupils}
    seen_mis: dict[str, int] = {}
    seen_upn: dict[str, int] = {}
    today = timezone.localdate()
    for line, row in rows:
        try:
            mis_id = text_value(row, "mis_id", max_length=40)
            check_unique(seen_mis, mis_id, line, "mis_id")
            upn = row.get("upn", "").upper()
            problem = upn_problem(upn)
            if problem:
                raise Bad(f"UPN “{row.get('upn', '')}”: {problem}")
            check_unique(seen_upn, upn, line, "UPN")
            values: dict[str, object] = {
                "upn": upn,
                "mis_id": mis_id,
                "legal_first_name": text_value(row, "legal_first_name", max_length=100),
                "legal_last_name": text_value(row, "legal_last_name", max_length=100),
                "date_of_birth": date_value(row, "date_of_birth"),
                "year_group": year_group_value(row),
            }
            needs: list[str] | None = None  # None: SEN data left as it is
            if plan.sen:
                status = row.get("sen_status", "").upper()
                if status not in SenStatus.values:
                    raise Bad(
                        f"sen_status “{row.get('sen_status', '')}” is not N, K or E "
                        "(no SEN, SEN support, EHC plan)."
                    )
                values["sen_status"] = status
                needs = _needs(row, status)
                values["primary_need"] = needs[0] if needs else ""
            if "preferred_name" in row:
                values["preferred_name"] = text_value(
                    row, "preferred_name", max_length=100, required=False
                )
            if "form" in row:
                values["form"] = text_value(row, "form", max_length=20, required=False)
            for name in ("pupil_premium", "eal", "looked_after"):
                if name in row:
                    values[name] = flag_value(row, name)
            if "left_on" in row:
                # The day the pupil left (the retention schedule counts from it).
                values["left_on"] = date_value(row, "left_on") if row["left_on"] else None
            pupil = by_mis.get(mis_id) or by_upn.get(upn)
            clash = by_upn.get(upn)
            if pupil and clash and clash.pk != pupil.pk:
                raise Bad(f"UPN {upn} belongs to another pupil (MIS id {clash.mis_id}).")
            if pupil and pupil.mis_id != mis_id and mis_id in by_mis:
                raise Bad(f"mis_id {mis_id} belongs to another pupil.")
        except Bad as bad:
            plan.problem(line, str(bad))
            continue
        label = f"{values['legal_first_name']} {values['legal_last_name']} ({mis_id})"
        if pupil is None:
            details: list[str] = []
            if needs is not None:
                details.append(f"SEN status: {SenStatus(str(values['sen_status'])).label}")
                if needs:
                    details.append(f"needs: {';'.join(needs)}")
            plan.changes.append(Change(line, "create", label, tuple(details)))
            plan.operations.append(_create_pupil(school, values, needs, today, plan.actor))
            continue
        details = differences(pupil, values)
        old_needs = [n.need for n in sorted(pupil.needs.all(), key=lambda n: n.rank)]
        if needs is not None and old_needs != needs:
            details.append(f"needs: {describe(old_needs, needs)}")
        if not details:
            plan.changes.append(Change(line, "unchanged", label))
            continue
        plan.changes.append(Change(line, "update", label, tuple(details)))
        plan.operations.append(_update_pupil(pupil, values, needs, old_needs, today, plan.actor))


def _details(values: dict) -> dict:
    return {name: value for name, value in values.items() if name not in SEN_FIELDS}


def _sen_write(
    pupil: Pupil, values: dict, needs: list[str], today: date, actor: User | None, note: str
) -> None:
    pupil_sen_update(
        pupil=pupil,
        user=actor,
        sen_status=str(values["sen_status"]),
        needs=needs,
        changed_on=today,
        note=note,
    )


def _create_pupil(
    school: School, values: dict, needs: list[str] | None, today: date, actor: User | None
) -> Operation:
    def write() -> None:
        pupil = Pupil.objects.create(school=school, **_details(values))
        if needs is not None:
            _sen_write(pupil, values, needs, today, actor, "Added by the MIS import.")

    return write


def _update_pupil(
    pupil: Pupil,
    values: dict,
    needs: list[str] | None,
    old_needs: list[str],
    today: date,
    actor: User | None,
) -> Operation:
    def write() -> None:
        for name, value in _details(values).items():
            setattr(pupil, name, value)
        pupil.save()
        if needs is not None and (values["sen_status"] != pupil.sen_status or needs != old_needs):
            _sen_write(pupil, values, needs, today, actor, "Changed by the MIS import.")

    return write
