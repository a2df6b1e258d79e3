from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from pupils.models import TeachingGroup
from schools.models import School

MAX_VISIT_MINUTES = 20
DEFAULT_VISIT_MINUTES = 15
MAX_FOCUS_AREAS = 3


class WalkStateError(ValueError):
    """A state change the walk's life cycle does not allow."""


class FocusArea(models.Model):
    """One entry of the school's focus library: what observers look for."""

    class Category(models.TextChoices):
        WHOLE_SCHOOL = "whole_school", "Whole-school practice"
        INDIVIDUAL = "individual", "Individual needs"
        ENVIRONMENT = "environment", "Classroom environment"
        PROFESSIONAL = "professional", "Professional development"
        OUTCOMES = "outcomes", "Outcomes and targets"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="focus_areas")
    title = models.CharField(max_length=120)
    prompt = models.CharField(max_length=300, help_text="The short question observers hold in mind")
    category = models.CharField(max_length=20, choices=Category.choices)
    is_priority = models.BooleanField(
        "current SEND priority", default=False, help_text="One of the school's current priorities"
    )
    is_retired = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "title"], name="unique_focus_title_per_school"
            )
        ]

    def __str__(self) -> str:
        return self.title


class LearningWalk(models.Model):
    class Purpose(models.TextChoices):
        MONITORING = "monitoring", "Monitoring"
        DEVELOPMENT = "development", "Development"
        GOOD_PRACTICE = "good_practice", "Sharing good practice"
        PROGRESSION = "progression", "Checking progression"
        TRAINING = "training", "Training"

    class State(models.TextChoices):
        PLANNED = "planned", "Planned"
        ANNOUNCED = "announced", "Announced"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="walks")
    title = models.CharField(max_length=150)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(
        help_text="The same day for a one-day walk; the Friday for a walk week"
    )
    focus_areas = models.ManyToManyField(FocusArea, related_name="walks")
    observers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="walks_observing", blank=True
    )
    external_observers = models.CharField(
        max_length=300,
        blank=True,
        help_text="Other professionals joining, e.g. an educational psychologist",
    )
    # The year groups the walk looks at (numbers, as on TeachingGroup.year_group);
    # empty for the whole school. Planning help suggests classes of these years.
    year_groups = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PLANNED)
    announced_at = models.DateTimeField(null=True, blank=True)
    # Set once the announcement email has gone out, so that a redelivered
    # task (or a second click) never emails the staff twice.
    announcement_emailed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["school", "starts_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_walk_week(self) -> bool:
        return self.ends_on != self.starts_on

    @property
    def year_groups_label(self) -> str:
        """ "Year 9", "Years 7, 8 and 9", or "The whole school"."""
        years = [str(year) for year in sorted(self.year_groups)]
        if not years:
            return "The whole school"
        if len(years) == 1:
            return f"Year {years[0]}"
        return f"Years {', '.join(years[:-1])} and {years[-1]}"

    @property
    def days(self) -> list[date]:
        """The school days of the walk (weekends skipped), in order."""
        span = (self.ends_on - self.starts_on).days
        days = [self.starts_on + timedelta(days=n) for n in range(span + 1)]
        return [day for day in days if day.weekday() < 5] or [self.starts_on]

    @property
    def is_completed(self) -> bool:
        return self.state == self.State.COMPLETED

    def needs_announcing(self, today: date | None = None) -> bool:
        """Less than a week away (or under way) and staff not yet told."""
        today = today or timezone.localdate()
        return self.state == self.State.PLANNED and self.starts_on - today < timedelta(days=7)

    # The states run one way: planned -> announced -> in progress -> completed.
    # A walk may start without an announcement (the dashboard nags about that)
    # but nothing goes backwards, so what staff were told stays true.
    NEXT_STATES: dict[str, tuple[str, ...]] = {
        State.PLANNED: (State.ANNOUNCED, State.IN_PROGRESS),
        State.ANNOUNCED: (State.IN_PROGRESS,),
        State.IN_PROGRESS: (State.COMPLETED,),
        State.COMPLETED: (),
    }

    def can_move_to(self, state: str) -> bool:
        return state in self.NEXT_STATES[self.state]

    def _move_to(self, state: str) -> None:
        if not self.can_move_to(state):
            raise WalkStateError(
                f"A walk that is {self.get_state_display().lower()} cannot become "
                f"{self.State(state).label.lower()}."
            )
        self.state = state

    def announce(self) -> None:
        self._move_to(self.State.ANNOUNCED)
        self.announced_at = timezone.now()
        self.save(update_fields=["state", "announced_at"])

    def start(self) -> None:
        self._move_to(self.State.IN_PROGRESS)
        self.save(update_fields=["state"])

    def complete(self) -> None:
        self._move_to(self.State.COMPLETED)
        self.completed_at = timezone.now()
        self.save(update_fields=["state", "completed_at"])


class Visit(models.Model):
    """A short visit of one walk to one class. Counts towards the teacher's yearly limit."""

    walk = models.ForeignKey(LearningWalk, on_delete=models.CASCADE, related_name="visits")
    group = models.ForeignKey(TeachingGroup, on_delete=models.PROTECT, related_name="visits")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits_received"
    )
    room = models.CharField(max_length=40, blank=True)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=DEFAULT_VISIT_MINUTES)
    observers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="visits_observing")
    over_limit_reason = models.TextField(
        blank=True, help_text="Why this teacher is observed beyond the school's yearly limit"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["walk", "group"], name="one_visit_per_class_per_walk"),
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=MAX_VISIT_MINUTES),
                name="visit_at_most_20_minutes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group.code} at {self.starts_at:%H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def day(self) -> date:
        """The date of the visit in school time (Europe/London), not UTC."""
        # TIME_ZONE is the school's (Europe/London): a visit at 00:30 BST is
        # on that day, although it is still the day before in UTC.
        return timezone.localtime(self.starts_at).date()

    def day_has_come(self, today: date | None = None) -> bool:
        """Whether the visit's day has come: nobody records or releases anything before it."""
        return (today or timezone.localdate()) >= self.day
