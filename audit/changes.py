"""The record of every change, written by one mechanism for every audited
model: a create, a change or a delete of a row of a model in ``AUDITED``
appends a ChangeRecord saying who (the signed-in person of the request, or
the actor of ``changes_by``), when, from where (the request's IP, as
``client_ip``), which fields changed, and for fields that are not text their
old and new values. Text (notes, observations, feedback, names) is never
copied: only the field's name.

Rows saved outside a request and outside ``changes_by`` (migrations, the
demo seed's bulk set-up) are not recorded. The explicit ``record_change``
calls in services stay: they say what a step meant (a role confirmed, an
import run), this says what rows it touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.db.models.signals import post_delete, post_init, post_save

from audit.models import ChangeKind, ChangeRecord
from audit.services import client_ip
from sendit.lib.versions import versioned_update

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

# Model label -> (what the record calls it, the attribute path to its
# school's id). Every listed model is recorded; its text fields by name only.
AUDITED: dict[str, tuple[str, str]] = {
    "pupils.Pupil": ("Pupil's record", "school_id"),
    "pupils.PupilNeed": ("Need", "pupil.school_id"),
    "pupils.SenStatusChange": ("SEN status change", "pupil.school_id"),
    "pupils.PupilProfile": ("Pupil profile", "pupil.school_id"),
    "pupils.Strategy": ("Profile strategy", "profile.pupil.school_id"),
    "pupils.ProfileTarget": ("Profile target", "profile.pupil.school_id"),
    "pupils.ProfileReview": ("Profile review", "pupil.school_id"),
    "pupils.Concern": ("Concern", "school_id"),
    "pupils.Intervention": ("Intervention", "school_id"),
    "pupils.InterventionPlace": ("Place on an intervention", "intervention.school_id"),
    "pupils.Assessment": ("Assessment", "pupil.school_id"),
    "pupils.AccessArrangement": ("Access arrangement", "pupil.school_id"),
    "pupils.EhcPlan": ("EHC plan", "pupil.school_id"),
    "pupils.StaffRate": ("Staff rate", "school_id"),
    "outcomes.AttendanceRecord": ("Attendance figures", "school_id"),
    "outcomes.NeedsAssessment": ("EHC needs assessment", "school_id"),
    "outcomes.ParentMeeting": ("Meeting with parents", "pupil.school_id"),
    "walks.LearningWalk": ("Learning walk", "school_id"),
    "walks.Visit": ("Visit", "walk.school_id"),
    "walks.FocusArea": ("Focus area", "school_id"),
    "feedback.Observation": ("Observation", "visit.walk.school_id"),
    "feedback.Feedback": ("Feedback", "observation.visit.walk.school_id"),
    "feedback.FeedbackReply": ("Reply to feedback", "feedback.observation.visit.walk.school_id"),
    "feedback.WalkReport": ("Walk report", "walk.school_id"),
    "schools.Membership": ("Roles", "school_id"),
    "schools.RoleGrant": ("Role grant", "school_id"),
    "schools.SchoolYear": ("Term dates", "school_id"),
    "schools.HalfTermDates": ("Half-term dates", "year.school_id"),
    "schools.NonTeachingDay": ("Non-teaching day", "year.school_id"),
    "schools.BackgroundJob": ("Import or job", "school_id"),
    "schools.School": ("School settings", "pk"),
    "schools.RetentionPolicy": ("Retention periods", "school_id"),
    # The school's other settings.
    "calendar_app.CalendarSettings": ("Calendar settings", "school_id"),
    "calendar_app.ParentsFeed": ("Parents' dates address", "school_id"),
    "feedback.JudgementalWord": ("Coach's word list", "school_id"),
    "reports.ChecklistQuestion": ("Checklist question", "school_id"),
    # Asking for a document (a subject access export names its pupil's id).
    "reports.ReportDocument": ("Document", "school_id"),
}
# Fields never worth a line: bookkeeping that changes on every save.
IGNORED = frozenset({"id", "version", "updated_at", "modified_at", "created_at"})
# Values never copied even though they are not text: a pupil's SEN values
# and date of birth (school admins read the record and may not see them).
NAME_ONLY = frozenset({"sen_status", "primary_need", "need", "date_of_birth"})
# Where settings of the school are saved by other helpers, they register here.
EXTRA: dict[str, tuple[str, str]] = {}


@dataclass(frozen=True)
class Changer:
    actor: Any = None
    request: HttpRequest | None = None


_changer: ContextVar[Changer | None] = ContextVar("audit_changer", default=None)


@contextmanager
def changes_by(actor: Any, request: HttpRequest | None = None) -> Iterator[None]:
    """Record changes made inside as ``actor``'s (a task, a command)."""
    token = _changer.set(Changer(actor=actor, request=request))
    try:
        yield
    finally:
        _changer.reset(token)


class ChangeAuditMiddleware:
    """Holds the signed-in person and the request while a page works."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        token = _changer.set(Changer(actor=actor, request=request))
        try:
            return self.get_response(request)
        finally:
            _changer.reset(token)


def _value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _is_text(field: models.Field[Any, Any]) -> bool:
    return isinstance(field, models.CharField | models.TextField) and not field.choices


def _fields(instance: models.Model) -> list[models.Field[Any, Any]]:
    return [f for f in instance._meta.concrete_fields if f.name not in IGNORED]


def _snapshot(instance: models.Model) -> dict[str, Any]:
    # Only what was loaded: reading a deferred field would load it (and init again).
    loaded = instance.__dict__
    return {f.attname: loaded[f.attname] for f in _fields(instance) if f.attname in loaded}


def _school_id(instance: models.Model, path: str) -> int | None:
    value: Any = instance
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return int(value)


def _record(instance: models.Model, kind: str, before: dict[str, Any] | None) -> None:
    changer = _changer.get()
    if changer is None:
        return
    label, path = {**AUDITED, **EXTRA}[instance._meta.label]
    try:
        school_id = _school_id(instance, path)
    except models.ObjectDoesNotExist:
        school_id = None
    if school_id is None:
        return
    names: list[str] = []
    values: dict[str, list[Any]] = {}
    for field in _fields(instance):
        if field.attname not in instance.__dict__:
            continue
        new = instance.__dict__[field.attname]
        old = before.get(field.attname) if before is not None else None
        if kind == ChangeKind.RECORD_CHANGED and (
            before is None or field.attname not in before or old == new
        ):
            continue
        if kind == ChangeKind.RECORD_CREATED and new in (None, "", False):
            continue
        names.append(field.name)
        if not _is_text(field) and field.name not in NAME_ONLY:
            values[field.name] = [_value(old), _value(new)]
    if kind == ChangeKind.RECORD_CHANGED and not names:
        return
    details: dict[str, Any] = {
        "model": instance._meta.label_lower,
        "id": instance.pk,
        "fields": names,
    }
    if kind != ChangeKind.RECORD_DELETED:
        details["values"] = values
    actor = changer.actor if getattr(changer.actor, "pk", None) else None
    ChangeRecord.objects.create(
        school_id=school_id,
        actor=actor,
        kind=kind,
        target=f"{label} {instance.pk}"[:200],
        details=details,
        ip=client_ip(changer.request),
    )


def _on_init(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if instance.pk is not None:
        instance._audit_before = _snapshot(instance)  # type: ignore[attr-defined]


def _on_save(
    sender: type[models.Model], instance: models.Model, created: bool = False, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    before = None if created else getattr(instance, "_audit_before", {})
    _record(instance, ChangeKind.RECORD_CREATED if created else ChangeKind.RECORD_CHANGED, before)
    instance._audit_before = _snapshot(instance)  # type: ignore[attr-defined]


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    _record(instance, ChangeKind.RECORD_DELETED, getattr(instance, "_audit_before", None))


def _on_versioned_update(
    sender: type[models.Model], before: models.Model, after: models.Model, **kwargs: Any
) -> None:
    """A save through the version check (sendit.lib.versions.update_if_current),
    which is one UPDATE statement and so sends no post_save."""
    _record(after, ChangeKind.RECORD_CHANGED, _snapshot(before))


def connect() -> None:
    for label in {**AUDITED, **EXTRA}:
        model = apps.get_model(label)
        uid = f"audit_changes_{label}"
        post_init.connect(_on_init, sender=model, dispatch_uid=uid, weak=False)
        post_save.connect(_on_save, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_on_delete, sender=model, dispatch_uid=uid, weak=False)
        versioned_update.connect(_on_versioned_update, sender=model, dispatch_uid=uid, weak=False)
