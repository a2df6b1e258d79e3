"""The SEND calendar: events (typed in or generated from their source), feed tokens,
and the school's calendar settings."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone

from pupils.models import Pupil
from schools.models import School
from walks.models import LearningWalk

LONDON = ZoneInfo("Europe/London")


class Kind(models.TextChoices):
    ANNUAL_REVIEW = "annual_review", "EHC annual review"
    REVIEW_INVITATIONS = "review_invitations", "Annual review invitations out"
    REVIEW_PAPERS = "review_papers", "Annual review papers out"
    REVIEW_REPORT = "review_report", "Annual review report to the local authority"
    REVIEW_DECISION = "review_decision", "Local authority's decision after the review"
    PHASE_TRANSFER = "phase_transfer", "EHC plan amended for the move to the next phase"
    PROFILE_REVIEW = "profile_review", "Profile review"
    PARENTS_MEETING = "parents_meeting", "Parents' meeting"
    SUPPORT_MEETING = "support_meeting", "Student support meeting"
    DEPARTMENT_REVIEW = "department_review", "Department review"
    INFORMATION_EVENT = "information_event", "Information event"
    PARENT_WORKSHOP = "parent_workshop", "Parent workshop"
    INTERVENTION_REVIEW = "intervention_review", "Intervention review point"
    PRESENTATION = "presentation", "Presentation to governors or SLT"
    TRANSITION_REVIEW = "transition_review", "Year 6 transition review"
    ACCESS_ASSESSMENT = "access_assessment", "Access arrangement assessment"
    LEARNING_WALK = "learning_walk", "Learning walk"
    WALK_ANNOUNCEMENT = "walk_announcement", "Walk announcement due"
    LINE_MANAGEMENT = "line_management", "Line-management meeting"
    TRAINING = "training", "Training"
    OTHER = "other", "Other"


# The steps of an EHC annual review, in the order they happen.
REVIEW_CHAIN = (
    Kind.REVIEW_INVITATIONS,
    Kind.REVIEW_PAPERS,
    Kind.ANNUAL_REVIEW,
    Kind.REVIEW_REPORT,
    Kind.REVIEW_DECISION,
    Kind.PHASE_TRANSFER,
)


class Audience(models.TextChoices):
    """Who an event is for, besides the SEND team (who see every event)."""

    SEND_TEAM = "send_team", "SEND team"
    STAFF = "staff", "All staff"
    GOVERNORS = "governors", "Governors"
    PARENTS = "parents", "Parents"


class Source(models.TextChoices):
    MANUAL = "manual", "Added in the calendar"
    EHC_PLAN = "ehc_plan", "EHC plan"
    PROFILE = "profile", "Pupil profile"
    WALK = "walk", "Walk programme"
    HALF_TERM = "half_term", "Term dates"
    TRANSITION = "transition", "Year 6 transition"
    ACCESS = "access", "Access arrangements"


class EventQuerySet(models.QuerySet["Event"]):
    def between(self, first: date, last: date) -> EventQuerySet:
        """Events on any day from ``first`` to ``last`` (inclusive)."""
        return self.filter(start_date__lte=last, end_date__gte=first)

    def live(self) -> EventQuerySet:
        return self.filter(cancelled_at__isnull=True)

    def in_order(self) -> EventQuerySet:
        return self.order_by("start_date", models.F("start_time").asc(nulls_first=True), "pk")


class Event(models.Model):
    """One date in the calendar: typed in by the SEND team, or generated from its
    source (an EHC plan, the register, the walk programme, the term dates).

    A generated event carries ``source_key``, unique in its school, so that
    generating again finds it rather than making another. Once a person edits,
    moves or cancels it, ``edited_at`` is set and generating never touches it.
    An event about a pupil is for the SEND team and the pupil's teachers only:
    it has no wider audience (a check constraint holds this).
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="calendar_events")
    title = models.CharField(max_length=150)
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.OTHER)
    start_date = models.DateField()
    end_date = models.DateField(help_text="The last day: the same day for a one-day event")
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=150, blank=True)
    notes = models.TextField(blank=True)
    for_staff = models.BooleanField("all staff", default=False)
    for_governors = models.BooleanField("governors", default=False)
    for_parents = models.BooleanField("parents", default=False)
    pupil = models.ForeignKey(
        Pupil,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calendar_events",
    )
    walk = models.ForeignKey(
        LearningWalk,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calendar_events",
    )
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.MANUAL)
    source_key = models.CharField(max_length=120, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "start_time", "pk"]
        indexes = [models.Index(fields=["school", "start_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "source_key"],
                condition=~models.Q(source_key=""),
                name="one_generated_event_per_source",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="event_ends_on_or_after_its_start",
            ),
            models.CheckConstraint(
                condition=models.Q(pupil__isnull=True)
                | models.Q(for_staff=False, for_governors=False, for_parents=False),
                name="pupil_event_only_for_the_send_team",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    @property
    def is_generated(self) -> bool:
        return self.source != Source.MANUAL

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def starts_at(self) -> datetime | None:
        """The start in school time (Europe/London), for timed events."""
        if self.start_time is None:
            return None
        return datetime.combine(self.start_date, self.start_time, tzinfo=LONDON)

    @property
    def ends_at(self) -> datetime | None:
        if self.start_time is None:
            return None
        end = self.end_time or (
            (datetime.combine(date.min, self.start_time) + timedelta(hours=1)).time()
        )
        return datetime.combine(self.end_date, end, tzinfo=LONDON)

    @property
    def audiences(self) -> list[str]:
        chosen = [Audience.SEND_TEAM.value]
        for flag, audience in (
            (self.for_staff, Audience.STAFF),
            (self.for_governors, Audience.GOVERNORS),
            (self.for_parents, Audience.PARENTS),
        ):
            if flag:
                chosen.append(audience.value)
        return chosen

    @property
    def audience_labels(self) -> list[str]:
        return [Audience(a).label for a in self.audiences]

    def anonymous_title(self) -> str:
        """What a feed or an email says of an event about a pupil: the kind and the
        year group, never a name (feeds and emails leave the school)."""
        label = Kind(self.kind).label
        if self.pupil_id is not None and self.pupil is not None:
            return f"{label} (Year {self.pupil.year_group})"
        return label

    def when_text(self) -> str:
        day = f"{self.start_date:%A} {self.start_date.day} {self.start_date:%B %Y}"
        if self.days > 1:
            day += f" to {self.end_date:%A} {self.end_date.day} {self.end_date:%B %Y}"
        if self.start_time is not None:
            day += f", {self.start_time:%H:%M}"
            if self.end_time is not None:
                day += f" to {self.end_time:%H:%M}"
        return day


class CalendarSettings(models.Model):
    """The school's choices for the dates the calendar works out."""

    school = models.OneToOneField(
        School, on_delete=models.CASCADE, related_name="calendar_settings"
    )
    invitation_weeks = models.PositiveSmallIntegerField(
        "weeks' notice for annual review invitations",
        default=8,
        help_text="Invitations to an EHC annual review go out this many weeks before it.",
    )

    def __str__(self) -> str:
        return f"Calendar settings of {self.school}"


def new_token() -> str:
    """43 characters from the URL-safe alphabet: 256 bits of chance."""
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret in one person's private feed address, for one school.

    Resetting replaces the token, so the old address stops answering at once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school"], name="one_feed_per_person_and_school"
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id} at {self.school_id}"


class ParentsFeed(models.Model):
    """The school's public address for parents' key dates (events marked for parents)."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="parents_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Parents' dates of {self.school_id}"


__all__ = [
    "LONDON",
    "REVIEW_CHAIN",
    "Audience",
    "CalendarSettings",
    "Event",
    "FeedToken",
    "Kind",
    "ParentsFeed",
    "Source",
]
