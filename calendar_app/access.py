"""Who may see which calendar events (issue #12, "Access").

- The SEND team (the SENDCo, and deputies holding the SENDCo role) reads
  and writes every event of the school. Senior leaders read every event
  too: they already read every pupil's record, and hold the line-management
  meeting.
- Other staff (teachers, teaching assistants, the school admin) see events
  for all staff, and teachers and teaching assistants also the events about
  pupils in their own groups.
- Governors see events for governors.
- Parents see events for parents, without signing in, through the school's
  own token; nobody else's feed is reached without a person's own token.

An event about a pupil never has a wider audience (a check constraint), so
"for all staff" never shows one pupil's dates to the whole staff.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.http import Http404

from calendar_app.models import Event, EventQuerySet, FeedToken, ParentsFeed
from pupils.access import pupils_for
from schools.models import Role, School, User
from schools.roles import ALL_STAFF, CLASSROOM_STAFF, SEND_LEADERS
from sendit.lib.access import ensure_role, in_school, school_id_of

# Those who keep the calendar: add, edit, move, cancel, generate, and get the digest.
SEND_TEAM: tuple[str, ...] = (Role.SENDCO,)
# Those who read every event of the school.
READ_ALL: tuple[str, ...] = SEND_LEADERS
# Those who see the overdue list (it names pupils).
OVERDUE_READERS: tuple[str, ...] = SEND_LEADERS
# Everyone who has a calendar of their own in sendit.
CALENDAR_READERS: tuple[str, ...] = tuple(Role)

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def keeps_calendar(user: User) -> bool:
    return user.has_role(*SEND_TEAM)


def reads_all_events(user: User) -> bool:
    return user.has_role(*READ_ALL)


def _visible(user: User) -> Q:
    """The events a member of the school sees, by their roles there."""
    if reads_all_events(user):
        return Q()
    seen = Q(pk__in=[])
    if user.has_role(*ALL_STAFF):
        seen |= Q(pupil__isnull=True, for_staff=True)
    if user.has_role(*CLASSROOM_STAFF):
        seen |= Q(pupil__in=pupils_for(user).values("pk"))
    if user.has_role(Role.GOVERNOR):
        seen |= Q(pupil__isnull=True, for_governors=True)
    return seen


def events_for(user: User) -> EventQuerySet:
    """Every event of the user's school that they may see (cancelled ones too)."""
    return Event.objects.filter(school_id=school_id_of(user)).filter(_visible(user))


def editable_events_for(user: User) -> EventQuerySet:
    """Events the user may edit, move or cancel: the SEND team's, all of the school."""
    ensure_role(user, *SEND_TEAM)
    return Event.objects.filter(school_id=school_id_of(user))


def own_feed_tokens_for(user: User) -> QuerySet[FeedToken]:
    """The user's own feed token in their active school (at most one)."""
    return FeedToken.objects.filter(user=user, school_id=school_id_of(user))


def parents_feeds_for(user: User) -> QuerySet[ParentsFeed]:
    """The school's parents' address: the SEND team shares and resets it."""
    ensure_role(user, *SEND_TEAM)
    return in_school(ParentsFeed.objects.all(), user)


def _token(raw: str) -> str:
    """A token of the shape sendit makes; anything else is unknown (404)."""
    if not TOKEN_SHAPE.fullmatch(raw):
        raise Http404("That calendar address is not one sendit knows.")
    return raw


def feed_owner(raw_token: str) -> User:
    """The person whose private feed this token opens, working in the feed's school.

    Unknown or reset tokens, and people who have left the school (or whose
    account is off), answer 404: the feed shows only what they may see now.
    """
    token = (
        FeedToken.objects.filter(token=_token(raw_token), user__is_active=True)
        .select_related("user")
        .first()
    )
    if token is None:
        raise Http404("That calendar address is not one sendit knows.")
    user = token.user
    if user.work_in(token.school_id) is None:
        raise Http404("That calendar address is not one sendit knows.")
    return user


def parents_school(raw_token: str) -> School:
    """The school whose parents' dates this token opens; unknown or reset: 404."""
    feed = ParentsFeed.objects.filter(token=_token(raw_token)).select_related("school").first()
    if feed is None:
        raise Http404("That calendar address is not one sendit knows.")
    return feed.school


def parents_events(school: School) -> EventQuerySet:
    """Events marked for parents: never one about a pupil."""
    return Event.objects.filter(school=school, for_parents=True, pupil__isnull=True)
