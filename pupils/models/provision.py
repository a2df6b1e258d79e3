"""Provision: interventions and their places, assessments, exam access arrangements, EHC plans."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models

from audit.models import ReadKind
from audit.reads import ReadAs, ReadAuditedQuerySet
from pupils.models.pupils import BroadArea, Pupil
from schools.models import School


class Intervention(models.Model):
    """A programme on the provision map, with its pupils' entry and exit measures."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="interventions")
    name = models.CharField(max_length=120)
    area = models.CharField("area of need", max_length=5, choices=BroadArea.choices)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_interventions",
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    sessions_per_week = models.PositiveSmallIntegerField(default=1)
    minutes_per_session = models.PositiveSmallIntegerField(default=30)
    measure = models.CharField(
        max_length=80,
        blank=True,
        help_text="What entry and exit are measured in, e.g. reading age (months)",
    )
    pupils = models.ManyToManyField(
        Pupil, through="InterventionPlace", related_name="interventions"
    )

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def weekly_minutes(self) -> int:
        return self.sessions_per_week * self.minutes_per_session


class InterventionPlace(models.Model):
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="places")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="intervention_places")
    entry_measure = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    exit_measure = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    outcome = models.CharField(max_length=300, blank=True)

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pupil_id", "intervention place")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["intervention", "pupil"], name="one_place_per_pupil")
        ]

    def __str__(self) -> str:
        return f"{self.pupil} in {self.intervention}"

    @property
    def gain(self):
        if self.entry_measure is None or self.exit_measure is None:
            return None
        return self.exit_measure - self.entry_measure


class Assessment(models.Model):
    """A standardised test result; reading age is kept in months."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="assessments")
    name = models.CharField(max_length=120)
    taken_on = models.DateField()
    standardised_score = models.PositiveSmallIntegerField(null=True, blank=True)
    reading_age_months = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pupil_id", "assessment")

    class Meta:
        ordering = ["-taken_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} on {self.taken_on}"

    READING_GAP_FLAG_MONTHS = 18

    @property
    def chronological_age_months(self) -> int:
        years, months = self.pupil.age_on(self.taken_on)
        return years * 12 + months

    @property
    def reading_gap_months(self) -> int | None:
        """Months the reading age is below the age on the day (negative: above)."""
        if self.reading_age_months is None:
            return None
        return self.chronological_age_months - self.reading_age_months

    @property
    def reading_flag(self) -> bool:
        gap = self.reading_gap_months
        return gap is not None and gap >= self.READING_GAP_FLAG_MONTHS


class AccessArrangement(models.Model):
    """An exam access arrangement with its evidence and expiry."""

    class Kind(models.TextChoices):
        EXTRA_TIME = "extra_time", "Extra time"
        READER = "reader", "Reader"
        SCRIBE = "scribe", "Scribe"
        WORD_PROCESSOR = "word_processor", "Word processor"
        REST_BREAKS = "rest_breaks", "Rest breaks"
        SEPARATE_ROOM = "separate_room", "Separate room"
        PROMPTER = "prompter", "Prompter"
        OTHER = "other", "Other"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="access_arrangements")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    extra_time_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    details = models.CharField(max_length=300, blank=True)
    assessed_on = models.DateField(null=True, blank=True)
    assessor = models.CharField(max_length=120, blank=True)
    form_completed = models.BooleanField(
        default=False, help_text="The JCQ evidence form is complete"
    )
    valid_until = models.DateField(null=True, blank=True)

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pupil_id", "access arrangement")

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        if self.kind == self.Kind.EXTRA_TIME and self.extra_time_percent:
            return f"Extra time ({self.extra_time_percent}%)"
        return self.get_kind_display()

    # Evidence is chased this many days before it runs out, so that a new
    # assessment can be booked before the next exam series.
    EXPIRY_WARNING_DAYS = 60

    @classmethod
    def needs_attention_q(cls, today: date) -> models.Q:
        """Arrangements whose evidence is missing or expiring (the filter twin of
        ``evidence_problems``)."""
        return (
            models.Q(assessed_on__isnull=True)
            | models.Q(form_completed=False)
            | models.Q(valid_until__isnull=True)
            | models.Q(valid_until__lte=today + timedelta(days=cls.EXPIRY_WARNING_DAYS))
        )

    def evidence_problems(self, today: date) -> list[str]:
        problems = []
        if self.assessed_on is None:
            problems.append("No assessment date")
        if not self.form_completed:
            problems.append("Evidence form not completed")
        if self.valid_until is None:
            problems.append("No expiry date")
        elif self.valid_until < today:
            problems.append(f"Expired on {self.valid_until.day} {self.valid_until:%B %Y}")
        elif self.valid_until <= today + timedelta(days=self.EXPIRY_WARNING_DAYS):
            problems.append(f"Expires on {self.valid_until.day} {self.valid_until:%B %Y}")
        return problems


class EhcPlan(models.Model):
    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE, related_name="ehc_plan")
    issued_on = models.DateField()
    local_authority = models.CharField(max_length=120)
    last_annual_review = models.DateField(null=True, blank=True)

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pupil_id", "EHC plan")

    def __str__(self) -> str:
        return f"EHC plan of {self.pupil}"

    @property
    def next_review_due(self) -> date:
        return self.review_due_from(self.issued_on, self.last_annual_review)

    @staticmethod
    def review_due_from(issued_on: date, last_annual_review: date | None) -> date:
        """Annual reviews fall within 12 months of the last one (or of issue).

        Also for counts read as plain values, which read no pupil's record."""
        base = last_annual_review or issued_on
        try:
            return base.replace(year=base.year + 1)
        except ValueError:  # 29 February
            return base.replace(year=base.year + 1, day=28)

    # The SENDCo starts gathering advice for an annual review about six weeks
    # before it is due.
    DUE_SOON_DAYS = 42

    def review_overdue(self, today: date) -> bool:
        return self.next_review_due < today

    def review_due_soon(self, today: date) -> bool:
        return today <= self.next_review_due <= today + timedelta(days=self.DUE_SOON_DAYS)
