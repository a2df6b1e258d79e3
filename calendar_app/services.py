"""Changes to the calendar: events added, edited, moved, cancelled or marked done,
feed addresses reset, and the school's calendar settings.

Generating the dates that follow from other records is ``calendar_app.generate``.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.db import transaction
from django.utils import timezone

from calendar_app.models import CalendarSettings, Event, FeedToken, ParentsFeed, new_token
from schools.models import School, User
from sendit.lib.versions import version_check


def event_create(*, form: forms.ModelForm, by: User) -> Event:
    event: Event = form.save(commit=False)
    event.created_by = by
    event.save()
    return event


def event_save(*, form: forms.ModelForm, base_version: int) -> Event:
    """Save an edit or a move, unless the event was saved since the form was opened.

    Raises VersionConflict, writing nothing, when it was. A generated event
    that a person edits is theirs from now on: generating never changes it.
    """
    with transaction.atomic():
        saved = Event.objects.select_for_update().get(pk=form.instance.pk)
        version_check(saved, base_version=base_version)
        event: Event = form.save(commit=False)
        event.version = saved.version + 1
        event.updated_at = timezone.now()
        if event.is_generated:
            event.edited_at = event.updated_at
        event.save()
    return event


def event_cancel(*, event: Event, base_version: int) -> Event:
    """Cancel an event: it stays, marked cancelled (feeds say so), and is never regenerated."""
    with transaction.atomic():
        saved = Event.objects.select_for_update().get(pk=event.pk)
        version_check(saved, base_version=base_version)
        now = timezone.now()
        saved.cancelled_at = saved.cancelled_at or now
        saved.edited_at = now if saved.is_generated else saved.edited_at
        saved.updated_at = now
        saved.version += 1
        saved.save()
    return saved


def event_restore(*, event: Event, base_version: int) -> Event:
    """Undo a cancellation (the event stays a person's: generating leaves it alone)."""
    with transaction.atomic():
        saved = Event.objects.select_for_update().get(pk=event.pk)
        version_check(saved, base_version=base_version)
        saved.cancelled_at = None
        saved.updated_at = timezone.now()
        saved.version += 1
        saved.save()
    return saved


def event_mark_done(*, event: Event, done: bool, today: date) -> Event:
    """Papers sent, invitations out, a review held: marked on the event by the SEND team.

    Not an edit of the event's date or text, so a generated event stays generated.
    """
    with transaction.atomic():
        saved = Event.objects.select_for_update().get(pk=event.pk)
        saved.done_on = (saved.done_on or today) if done else None
        saved.updated_at = timezone.now()
        saved.version += 1
        saved.save(update_fields=["done_on", "updated_at", "version"])
    return saved


def feed_token_get(*, user: User, school: School | int) -> FeedToken:
    """The person's feed token in that school, made on first use."""
    school_id = school.pk if isinstance(school, School) else school
    token, _ = FeedToken.objects.get_or_create(user=user, school_id=school_id)
    return token


def feed_token_reset(*, user: User, school: School | int) -> FeedToken:
    """A new secret: the old address answers 404 from this moment."""
    token = feed_token_get(user=user, school=school)
    token.token = new_token()
    token.created_at = timezone.now()
    token.save(update_fields=["token", "created_at"])
    return token


def parents_feed_get(*, school: School) -> ParentsFeed:
    feed, _ = ParentsFeed.objects.get_or_create(school=school)
    return feed


def parents_feed_reset(*, school: School) -> ParentsFeed:
    feed = parents_feed_get(school=school)
    feed.token = new_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed


def calendar_settings_of(school: School | int) -> CalendarSettings:
    school_id = school.pk if isinstance(school, School) else school
    found, _ = CalendarSettings.objects.get_or_create(school_id=school_id)
    return found
