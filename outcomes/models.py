"""Outcomes the leaders ask about: attendance and suspensions from the MIS, EHC
needs assessments and meetings with parents (issue #11)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from audit.models import ReadKind
from audit.reads import ReadAs, ReadAuditedQuerySet
from pupils.models import Pupil
from schools.models import School

# Below this attendance a pupil is persistently absent (the DfE's 90%).
PERSISTENT_ABSENCE_BELOW = Decimal("90")

# The statutory time limits of an EHC needs assessment, from the request
# (SEND Code of Practice 9.14 and 9.40).
DECISION_WEEKS = 6
PLAN_WEEKS = 20


class AttendanceRecord(models.Model):
    """A pupil's attendance and suspensions as the MIS gives them, for one term
    (``term`` autumn, spring or summer) or for the school year to date
    (``term`` blank: what the pupil file's columns give)."""

    class Source(models.TextChoices):
        PUPIL_FILE = "pupil_file", "Pupil file from the MIS"
        ATTENDANCE_FILE = "attendance_file", "Attendance file from the MIS"

    class Term(models.TextChoices):
        YEAR = "", "The school year to date"
        AUTUMN = "autumn", "Autumn"
        SPRING = "spring", "Spring"
        SUMMER = "summer", "Summer"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="attendance_records")
    school_year = models.PositiveSmallIntegerField()
    term = models.CharField(max_length=6, choices=Term.choices, blank=True)
    attendance_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    suspension_days = models.DecimalField(
        max_digits=4, decimal_places=1, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    sessions_possible = models.PositiveIntegerField(null=True, blank=True)
    sessions_attended = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    imported_at = models.DateTimeField(default=timezone.now)

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pupil_id", "attendance")

    class Meta:
        ordering = ["school_year", "term", "pupil_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "school_year", "term"], name="one_attendance_per_pupil_period"
            ),
            models.CheckConstraint(
                condition=models.Q(attendance_percent__gte=0, attendance_percent__lte=100),
                name="attendance_percent_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.pupil}: {self.attendance_percent}% ({self.school_year} {self.term or 'year'})"
        )


class NeedsAssessment(models.Model):
    """A request for an EHC needs assessment and the local authority's steps."""

    class RequestedBy(models.TextChoices):
        SCHOOL = "school", "The school"
        PARENT = "parent", "A parent or carer"
        OTHER = "other", "Someone else (the young person, a professional)"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting for the decision to assess"
        AGREED = "agreed", "Agreed to assess"
        REFUSED = "refused", "Refused to assess"
        PLAN_ISSUED = "plan_issued", "Plan issued"
        PLAN_NOT_ISSUED = "plan_not_issued", "Assessed: plan not issued"

    IN_PROGRESS = (Outcome.PENDING, Outcome.AGREED)
    AGREED_OUTCOMES = (Outcome.AGREED, Outcome.PLAN_ISSUED, Outcome.PLAN_NOT_ISSUED)
    FINAL_OUTCOMES = (Outcome.PLAN_ISSUED, Outcome.PLAN_NOT_ISSUED)

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="needs_assessments")
    requested_on = models.DateField("Date requested")
    requested_by = models.CharField("Requested by", max_length=10, choices=RequestedBy.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    decision_on = models.DateField("Date of the decision to assess", null=True, blank=True)
    plan_on = models.DateField(
        "Date the plan was issued (or the decision not to issue one)", null=True, blank=True
    )
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pupil_id", "EHC needs assessment")

    class Meta:
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"Needs assessment for {self.pupil} requested {self.requested_on}"

    @property
    def decision_due(self) -> date:
        return decision_due(self.requested_on)

    @property
    def plan_due(self) -> date:
        return plan_due(self.requested_on)

    @property
    def in_progress(self) -> bool:
        return self.outcome in self.IN_PROGRESS

    def decision_late(self, today: date) -> bool:
        """The 6-week deadline has passed with no decision."""
        return self.outcome == self.Outcome.PENDING and today > self.decision_due

    def plan_late(self, today: date) -> bool:
        """The 20-week deadline has passed with no final decision (plan or not)."""
        return self.outcome in self.IN_PROGRESS and today > self.plan_due

    def past_deadline(self, today: date) -> bool:
        return self.decision_late(today) or self.plan_late(today)


def decision_due(requested_on: date) -> date:
    """The last day for the local authority to decide whether to assess: 6 weeks."""
    return requested_on + timedelta(weeks=DECISION_WEEKS)


def plan_due(requested_on: date) -> date:
    """The last day for the final EHC plan (or the decision not to issue): 20 weeks."""
    return requested_on + timedelta(weeks=PLAN_WEEKS)


class ParentMeeting(models.Model):
    """A meeting with a pupil's parents or carers (profile reviews count too)."""

    class Kind(models.TextChoices):
        TERMLY = "termly", "Termly meeting about SEN support"
        STRUCTURED = "structured", "Structured conversation"
        ANNUAL_REVIEW = "annual_review", "EHC plan annual review"
        OTHER = "other", "Other meeting"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="parent_meetings")
    held_on = models.DateField("Date held")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TERMLY)
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pupil_id", "meeting with parents")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Meeting with the parents of {self.pupil} on {self.held_on}"
