"""The record of changes, read by the school's admins and its SENDCo, with
filters. Nothing here edits or deletes a record: the pages only read."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render

from audit.access import change_people_for, changes_for, refusals_for
from audit.changes import AUDITED
from audit.models import ChangeKind
from schools.models import Role
from sendit.lib.access import AuthedRequest, roles_required
from sendit.lib.params import choice_param, date_param, id_param, page_of

PER_PAGE = 50


@roles_required(Role.SCHOOL_ADMIN, Role.SENDCO)
def changes(request: AuthedRequest) -> HttpResponse:
    """Every recorded change of the school, newest first, filtered by kind,
    person, object and dates."""
    records = changes_for(request.user)
    objects = {label.lower(): name for label, (name, _path) in AUDITED.items()}
    kind = choice_param(
        request, "kind", ChangeKind.values, default="", label="kind of change", shown="all kinds"
    )
    model = choice_param(request, "object", objects, default="", label="record", shown="all")
    person = id_param(request, "person", label="person", shown="everyone")
    object_id = id_param(request, "id", label="record number", shown="all")
    since = date_param(request, "from", default=None, label="from date", shown="the start")
    until = date_param(request, "to", default=None, label="to date", shown="today")
    people = list(change_people_for(request.user))
    if kind:
        records = records.filter(kind=kind)
    if model:
        records = records.filter(details__model=model)
    if object_id:
        records = records.filter(details__id=object_id)
    if person:
        records = records.filter(actor_id=person)
    if since:
        records = records.filter(created_at__date__gte=since)
    if until:
        records = records.filter(created_at__date__lte=until)
    page = page_of(request, records, PER_PAGE)
    query = urlencode(
        {
            k: v
            for k, v in {
                "kind": kind,
                "object": model,
                "person": person or "",
                "id": object_id or "",
                "from": since.isoformat() if since else "",
                "to": until.isoformat() if until else "",
            }.items()
            if v
        }
    )
    return render(
        request,
        "audit/changes.html",
        {
            "page": page,
            "query": query,
            "kinds": ChangeKind.choices,
            "objects": sorted(objects.items(), key=lambda item: item[1]),
            "people": people,
            "chosen": {
                "kind": kind,
                "object": model,
                "person": person,
                "id": object_id or "",
                "from": since,
                "to": until,
            },
        },
    )


OUR_APPS = frozenset(
    {
        "schools",
        "pupils",
        "walks",
        "feedback",
        "calendar_app",
        "reports",
        "notifications",
        "outcomes",
    }
)


def _refused_kinds() -> dict[str, str]:
    """The kinds of record a refusal may name: every audited model, by its name."""
    from django.apps import apps

    kinds = {label.lower(): name for label, (name, _path) in AUDITED.items()}
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS:
            name = str(model._meta.verbose_name)
            kinds.setdefault(model._meta.label_lower, name[:1].upper() + name[1:])
    return kinds


@roles_required(Role.SCHOOL_ADMIN, Role.SENDCO)
def refused(request: AuthedRequest) -> HttpResponse:
    """Lookups of this school's records refused as out of reach, newest first:
    who asked, for which kind of record and its number, on which page, from where."""
    events = refusals_for(request.user)
    kinds = _refused_kinds()
    model = choice_param(request, "object", kinds, default="", label="record", shown="all")
    person = id_param(request, "person", label="person", shown="everyone")
    since = date_param(request, "from", default=None, label="from date", shown="the start")
    until = date_param(request, "to", default=None, label="to date", shown="today")
    if model:
        events = events.filter(details__model=model)
    if person:
        events = events.filter(user_id=person)
    if since:
        events = events.filter(created_at__date__gte=since)
    if until:
        events = events.filter(created_at__date__lte=until)
    page = page_of(request, events, PER_PAGE)
    rows = [(event, kinds.get(event.details.get("model", ""), "Record")) for event in page]
    query = urlencode(
        {
            k: v
            for k, v in {
                "object": model,
                "person": person or "",
                "from": since.isoformat() if since else "",
                "to": until.isoformat() if until else "",
            }.items()
            if v
        }
    )
    return render(
        request,
        "audit/refused.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "objects": sorted(kinds.items(), key=lambda item: item[1]),
            "people": list(change_people_for(request.user)),
            "chosen": {"object": model, "person": person, "from": since, "to": until},
        },
    )
