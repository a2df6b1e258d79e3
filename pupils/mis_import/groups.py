"""Teaching groups from the MIS, matched on MIS id or code."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from pupils.mis_import.plan import (
    Bad,
    Change,
    Operation,
    Plan,
    check_unique,
    differences,
    text_value,
    year_group_value,
)
from pupils.mis_import.reading import Row
from pupils.models import TeachingGroup
from schools.models import School


def _update_object(obj: models.Model, values: dict) -> Operation:
    def write() -> None:
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()

    return write


def _create_group(school: School, values: dict[str, object]) -> Operation:
    def write() -> None:
        TeachingGroup.objects.create(school=school, **values)

    return write


def plan_groups(school: School, rows: Iterable[Row], plan: Plan) -> None:
    groups = list(TeachingGroup.objects.filter(school=school))
    by_mis = {g.mis_id: g for g in groups if g.mis_id}
    by_code = {g.code: g for g in groups}
    seen_mis: dict[str, int] = {}
    seen_code: dict[str, int] = {}
    for line, row in rows:
        try:
            mis_id = text_value(row, "mis_id", max_length=40)
            check_unique(seen_mis, mis_id, line, "mis_id")
            code = text_value(row, "code", max_length=30)
            check_unique(seen_code, code, line, "code")
            values: dict[str, object] = {
                "mis_id": mis_id,
                "code": code,
                "subject": text_value(row, "subject", max_length=80),
                "year_group": year_group_value(row),
            }
            group = by_mis.get(mis_id) or by_code.get(code)
            other = by_code.get(code)
            if group and other and other.pk != group.pk:
                raise Bad(f"code {code} belongs to another group (MIS id {other.mis_id}).")
            if group and group.mis_id and group.mis_id != mis_id:
                raise Bad(f"code {code} belongs to the group with MIS id {group.mis_id}.")
        except Bad as bad:
            plan.problem(line, str(bad))
            continue
        label = f"{code} {values['subject']}"
        if group is None:
            plan.changes.append(Change(line, "create", label))
            plan.operations.append(_create_group(school, values))
            continue
        details = differences(group, values)
        if not details:
            plan.changes.append(Change(line, "unchanged", label))
            continue
        plan.changes.append(Change(line, "update", label, tuple(details)))
        plan.operations.append(_update_object(group, values))
