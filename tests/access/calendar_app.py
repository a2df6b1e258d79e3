from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from calendar_app.models import Event, Kind
from calendar_app.services import feed_token_get, parents_feed_get
from schools.models import Role
from tests.access import ANY_ROLE, Entry, roles

KEEPERS = roles(Role.SENDCO)
STAFF = roles(Role.SENDCO, Role.SLT, Role.TEACHER, Role.TA, Role.SCHOOL_ADMIN)


def _event(cast) -> dict:
    # For all staff: everyone but the governor opens it.
    day = timezone.localdate() + timedelta(days=3)
    event = Event.objects.create(
        school=cast.school,
        title="Autism awareness training",
        kind=Kind.TRAINING,
        start_date=day,
        end_date=day,
        for_staff=True,
    )
    return {"pk": event.pk}


def _feed(cast) -> dict:
    return {"token": feed_token_get(user=cast.teacher, school=cast.school).token}


def _parents(cast) -> dict:
    return {"token": parents_feed_get(school=cast.school).token}


def _post(roles: frozenset[str], **extra: object) -> Entry:
    return Entry(roles=roles, method="post", ok=frozenset({302}), **extra)  # type: ignore[arg-type]


ENTRIES: dict[str, Entry] = {
    "calendar:month": Entry(roles=ANY_ROLE),
    "calendar:week": Entry(roles=ANY_ROLE),
    "calendar:agenda": Entry(roles=ANY_ROLE),
    "calendar:overdue": Entry(roles=roles(Role.SENDCO, Role.SLT)),
    "calendar:event_add": Entry(roles=KEEPERS),
    "calendar:event": Entry(roles=STAFF, kwargs=_event),
    "calendar:event_edit": Entry(roles=KEEPERS, kwargs=_event),
    "calendar:event_cancel": _post(KEEPERS, kwargs=_event),
    "calendar:event_restore": _post(KEEPERS, kwargs=_event),
    "calendar:event_done": _post(KEEPERS, kwargs=_event),
    "calendar:subscribe": Entry(roles=ANY_ROLE),
    "calendar:feed_reset": _post(ANY_ROLE),
    "calendar:parents_reset": _post(KEEPERS),
    "calendar:settings": Entry(roles=KEEPERS),
    "calendar:generate": _post(KEEPERS),
    # Without signing in: the token is the key (tests in calendar_app/tests/test_feeds.py).
    "calendar:feed": Entry(roles=None, kwargs=_feed),
    "calendar:parents": Entry(roles=None, kwargs=_parents),
    "calendar:parents_feed": Entry(roles=None, kwargs=_parents),
}
