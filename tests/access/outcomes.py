"""Outcomes (#11): attendance, EHC needs assessments and meetings with parents are
for SENDCo and SLT (the SENDCo edits); attendance is imported by the SENDCo
and the school admin. Teachers, TAs and governors get 404 on all of it."""

from __future__ import annotations

from schools.models import Role
from tests.access import Entry, roles

READERS = roles(Role.SENDCO, Role.SLT)
SENDCO = roles(Role.SENDCO)
IMPORTERS = roles(Role.SENDCO, Role.SCHOOL_ADMIN)


def make_needs_assessment(pupil, **extra):
    from datetime import timedelta

    from django.utils import timezone

    from outcomes.models import NeedsAssessment

    values = {
        "requested_on": timezone.localdate() - timedelta(days=10),
        "requested_by": NeedsAssessment.RequestedBy.SCHOOL,
        **extra,
    }
    return NeedsAssessment.objects.create(school=pupil.school, pupil=pupil, **values)


def make_parent_meeting(pupil, **extra):
    from django.utils import timezone

    from outcomes.models import ParentMeeting

    return ParentMeeting.objects.create(
        pupil=pupil, held_on=extra.pop("held_on", timezone.localdate()), **extra
    )


def _assessment(cast) -> dict:
    return {"pk": make_needs_assessment(cast.pupil).pk}


def _register_pupil(cast) -> dict:
    # cast.pupil is at SEN support.
    return {"pupil_pk": cast.pupil.pk}


def _meeting(cast) -> dict:
    return {"pk": make_parent_meeting(cast.pupil).pk}


ENTRIES: dict[str, Entry] = {
    "outcomes:attendance": Entry(roles=READERS),
    "outcomes:attendance_import": Entry(roles=IMPORTERS),
    # With no file checked yet, the preview sends the user back to the upload.
    "outcomes:attendance_import_preview": Entry(roles=IMPORTERS, ok=frozenset({302})),
    "outcomes:assessments": Entry(roles=READERS),
    "outcomes:assessment_create": Entry(roles=SENDCO),
    "outcomes:assessment_edit": Entry(roles=SENDCO, kwargs=_assessment),
    "outcomes:meetings": Entry(roles=READERS),
    "outcomes:pupil_meetings": Entry(roles=READERS, kwargs=_register_pupil),
    "outcomes:meeting_add": Entry(roles=SENDCO, kwargs=_register_pupil),
    "outcomes:meeting_edit": Entry(roles=SENDCO, kwargs=_meeting),
}
