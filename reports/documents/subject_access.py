"""The subject access export: everything sendit holds about one pupil, made by
the worker as a zip the SENDCo downloads (from the pupil's page).

The zip holds ``subject-access.json`` (every section, every field of every
row), ``subject-access.html`` (the same, readable in a browser, no script
and nothing fetched) and one CSV per section under ``csv/``. The sections:

- the pupil's record, and every row of any model of ours that points at the
  pupil (needs, SEN status history, profile, reviews, concerns, places on
  interventions, assessments, access arrangements, the EHC plan, calendar
  dates, attendance, meetings ...), found from the models themselves so that
  a new kind of record is never left out; then every row that points at one
  of those (profile strategies and targets, review outcomes, measures of a
  place ...);
- the interventions the pupil had a place on, and their teaching groups;
- the observations that mention them (a strategy of their profile checked in
  a visit), and those checks;
- the audit of reading of their records and of those observations, and the
  record of changes to every row exported.

Only the rows of this pupil (and of their school) are read; another pupil's
rows never appear, though an observation's own text may name others.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from reports.registry import BuildContext, DocumentKind, Step, register
from reports.services import CannotMake
from schools.models import Role

# The apps whose models can hold a pupil's record.
RECORD_APPS = frozenset(
    {"pupils", "walks", "feedback", "calendar_app", "notifications", "outcomes", "reports"}
)
# Links that are not the pupil's record (a group lists many pupils; these are
# exported as the pupil's own groups instead).
SKIP = frozenset({"pupils.TeachingGroup_pupils", "reports.ReportDocument"})


def _value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | dict | list):
        return value  # (a JSON field's value is JSON already)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _rows(queryset: models.QuerySet[Any]) -> list[dict[str, Any]]:
    fields = queryset.model._meta.concrete_fields
    return [
        {field.attname: _value(getattr(row, field.attname)) for field in fields}
        for row in queryset.order_by("pk")
    ]


# Titles where the model's own name reads badly to a family.
TITLES = {
    "pupils.pupilneed": "Needs",
    "pupils.senstatuschange": "SEN status history",
    "pupils.pupilprofile": "One-page profile",
    "pupils.ehcplan": "EHC plan",
    "pupils.interventionplace": "Places on interventions",
    "calendar_app.event": "Calendar dates about the pupil",
}


def _section(model: type[models.Model], rows: list[dict[str, Any]], title: str = "") -> dict:
    title = title or TITLES.get(model._meta.label_lower, "")
    name = str(model._meta.verbose_name_plural)
    return {
        "key": model._meta.label_lower,
        "title": title or name[:1].upper() + name[1:],
        "rows": rows,
    }


def _ours(model: type[models.Model]) -> bool:
    return model._meta.app_label in RECORD_APPS and model._meta.label not in SKIP


def _pointing_at(target: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """(model, field name) of every link of ours to ``target``."""
    found = []
    for model in apps.get_models():
        if not _ours(model) or model is target:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is target:
                found.append((model, field.name))
    return found


def _pupil_id(ctx: BuildContext) -> int:
    from pupils.models import Pupil

    if ctx.pupil_id is None or not ctx.reader.has_role(Role.SENDCO):
        raise CannotMake("Only the SENDCo may have a subject access export made.")
    if not Pupil._base_manager.filter(pk=ctx.pupil_id, school=ctx.school).exists():
        raise CannotMake("That pupil's record is no longer held at this school.")
    return ctx.pupil_id


def records(ctx: BuildContext) -> dict[str, Any]:
    """The pupil and every row of ours that points at them, then at those rows."""
    from pupils.models import Intervention, Pupil, TeachingGroup

    pupil_id = _pupil_id(ctx)
    sections = [_section(Pupil, _rows(Pupil._base_manager.filter(pk=pupil_id)), "Pupil")]
    first: list[tuple[type[models.Model], list[int]]] = []
    for model, field in _pointing_at(Pupil):
        rows = _rows(model._base_manager.filter(**{field: pupil_id}))
        sections.append(_section(model, rows))
        first.append((model, [row["id"] for row in rows]))
    # Rows that point at those (one section per model, whichever parent led there).
    second: dict[type[models.Model], Q] = {}
    for parent, ids in first:
        for model, field in _pointing_at(parent):
            if ids and model is not Pupil and all(model is not seen for seen, _ in first):
                second[model] = second.get(model, Q(pk__in=[])) | Q(**{f"{field}__in": ids})
    for model, where in second.items():
        sections.append(_section(model, _rows(model._base_manager.filter(where))))
    interventions = Intervention._base_manager.filter(places__pupil_id=pupil_id, school=ctx.school)
    sections.append(_section(Intervention, _rows(interventions.distinct())))
    groups = TeachingGroup._base_manager.filter(pupils__id=pupil_id, school=ctx.school)
    sections.append(_section(TeachingGroup, _rows(groups.distinct()), "Teaching groups"))
    return {"sections": sections}


def observations(ctx: BuildContext) -> dict[str, Any]:
    """The observations that mention the pupil: a strategy of theirs checked in a visit."""
    from feedback.models import Observation, StrategyCheck

    pupil_id = _pupil_id(ctx)
    ids = StrategyCheck._base_manager.filter(pupil_id=pupil_id).values("observation_id")
    rows = _rows(Observation._base_manager.filter(pk__in=ids, visit__walk__school=ctx.school))
    return {
        "sections": [
            *ctx.data["sections"],
            _section(Observation, rows, "Observations that mention the pupil"),
        ]
    }


def audit(ctx: BuildContext) -> dict[str, Any]:
    """Who read the pupil's records and those observations, and every recorded
    change to a row exported."""
    from audit.models import ChangeRecord, ReadKind, RecordRead

    pupil_id = _pupil_id(ctx)
    sections = list(ctx.data["sections"])
    observation_ids = [
        row["id"]
        for section in sections
        if section["key"] == "feedback.observation"
        for row in section["rows"]
    ]
    reads = RecordRead._base_manager.filter(school=ctx.school).filter(
        Q(kind=ReadKind.PUPIL, record_id=pupil_id)
        | Q(kind=ReadKind.OBSERVATION, record_id__in=observation_ids)
    )
    about = Q(pk__in=[])
    for section in sections:
        ids = [row["id"] for row in section["rows"] if "id" in row]
        if ids:
            about |= Q(details__model=section["key"], details__id__in=ids)
    changes = ChangeRecord._base_manager.filter(school=ctx.school).filter(about)
    sections.append(_section(RecordRead, _rows(reads), "Who read the records"))
    sections.append(_section(ChangeRecord, _rows(changes), "Changes to the records"))
    return {"sections": sections}


def _csv_cell(value: Any) -> str:
    text = (
        "" if value is None else json.dumps(value) if isinstance(value, dict | list) else str(value)
    )
    # A spreadsheet would run a cell starting with these as a formula.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_zip(ctx: BuildContext, path: Path) -> int:
    sections = ctx.data["sections"]
    made = timezone.localtime()
    export = {
        "school": ctx.school.name,
        "pupil_id": ctx.pupil_id,
        "made_at": made.isoformat(),
        "made_for": ctx.reader.get_full_name(),
        "sections": sections,
    }
    html = render_to_string(
        "reports/subject_access_export.html",
        {"export": export, "sections": sections, "made": made, "school": ctx.school},
    )
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("subject-access.json", json.dumps(export, indent=2, ensure_ascii=False))
        archive.writestr("subject-access.html", html)
        for index, section in enumerate(sections, start=1):
            out = io.StringIO()
            writer = csv.writer(out)
            columns = list(section["rows"][0]) if section["rows"] else ["(none held)"]
            writer.writerow(columns)
            for row in section["rows"]:
                writer.writerow([_csv_cell(row.get(column)) for column in columns])
            name = section["key"].replace(".", "-")
            archive.writestr(f"csv/{index:02d}-{name}.csv", out.getvalue())
    return 0


SUBJECT_ACCESS = register(
    DocumentKind(
        key="subject_access",
        title="Subject access export",
        summary="Everything sendit holds about one pupil, for a subject access request.",
        request_roles=(Role.SENDCO,),
        read_roles=(Role.SENDCO,),
        template="reports/subject_access_export.html",
        steps=(
            Step("The pupil's records", records),
            Step("Observations that mention the pupil", observations),
            Step("Who read and changed the records", audit),
        ),
        about_pupil=True,
        write=write_zip,
        extension="zip",
        content_type="application/zip",
        order=900,
    )
)
