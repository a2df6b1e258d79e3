"""A member of staff's concern about a pupil, and the SENDCo's triage of it."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from audit.models import ReadKind
from audit.reads import ReadAs, ReadAuditedQuerySet
from pupils.models.pupils import Pupil, TeachingGroup
from schools.models import School, User


class Concern(models.Model):
    """A member of staff's concern about a pupil they teach, and its triage."""

    class Outcome(models.TextChoices):
        MONITOR = "monitor", "Monitor"
        ASSESS = "assess", "Assess further"
        ADD_TO_REGISTER = "register", "Add to the SEND register"
        NO_ACTION = "no_action", "No further action"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="concerns")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="raised_concerns",
    )
    group = models.ForeignKey(
        TeachingGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="concerns"
    )
    noticed = models.TextField("what was noticed")
    where = models.CharField(max_length=120, blank=True)
    noticed_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    triaged_on = models.DateField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    triage_note = models.TextField(blank=True)

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pupil_id", "concern")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Concern about {self.pupil} on {self.noticed_on}"

    @property
    def is_open(self) -> bool:
        return not self.outcome

    def triage(self, *, outcome: str, on: date, by: User | None, note: str = "") -> None:
        """Record the SENDCo's decision; a later decision replaces an earlier one."""
        self.outcome = outcome
        self.triaged_on = on
        self.triaged_by = by
        self.triage_note = note
        self.save(update_fields=["outcome", "triaged_on", "triaged_by", "triage_note"])
