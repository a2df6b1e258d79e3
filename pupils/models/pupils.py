"""The pupil, their needs and place on the register over time, and their classes."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from audit.models import ReadKind
from audit.reads import ReadAs, ReadAuditedQuerySet
from pupils.upn import validate_upn
from schools.models import School


class SenStatus(models.TextChoices):
    """SEN provision as recorded in the school census."""

    NONE = "N", "No SEN"
    SUPPORT = "K", "SEN support"
    EHC_PLAN = "E", "EHC plan"


class BroadArea(models.TextChoices):
    COMMUNICATION = "ci", "Communication and interaction"
    COGNITION = "cl", "Cognition and learning"
    SEMH = "semh", "Social, emotional and mental health"
    SENSORY_PHYSICAL = "sp", "Sensory and/or physical"
    OTHER = "other", "Other or not yet assessed"


class NeedType(models.TextChoices):
    """Census codes for the type of need, with their plain names."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    OTH = "OTH", "Other difficulty or disability"
    NSA = "NSA", "SEN support without a specialist assessment of need"


NEED_AREA: dict[str, str] = {
    NeedType.SPLD: BroadArea.COGNITION,
    NeedType.MLD: BroadArea.COGNITION,
    NeedType.SLD: BroadArea.COGNITION,
    NeedType.PMLD: BroadArea.COGNITION,
    NeedType.SEMH: BroadArea.SEMH,
    NeedType.SLCN: BroadArea.COMMUNICATION,
    NeedType.ASD: BroadArea.COMMUNICATION,
    NeedType.HI: BroadArea.SENSORY_PHYSICAL,
    NeedType.VI: BroadArea.SENSORY_PHYSICAL,
    NeedType.MSI: BroadArea.SENSORY_PHYSICAL,
    NeedType.PD: BroadArea.SENSORY_PHYSICAL,
    NeedType.OTH: BroadArea.OTHER,
    NeedType.NSA: BroadArea.OTHER,
}


def needs_in_area(area: str) -> list[str]:
    return [need for need, need_area in NEED_AREA.items() if need_area == area]


class Pupil(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="pupils")
    upn = models.CharField("UPN", max_length=13, validators=[validate_upn])
    mis_id = models.CharField("MIS id", max_length=40)
    legal_first_name = models.CharField(max_length=100)
    legal_last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    year_group = models.PositiveSmallIntegerField()
    form = models.CharField(max_length=20, blank=True)
    pupil_premium = models.BooleanField(default=False)
    eal = models.BooleanField("EAL", default=False, help_text="English as an additional language")
    looked_after = models.BooleanField(default=False)
    sen_status = models.CharField(
        "SEN status", max_length=1, choices=SenStatus.choices, default=SenStatus.NONE
    )
    # Denormalised from the rank-1 PupilNeed so that the register filters on
    # one column; PupilNeed keeps the full ranked list.
    primary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    # The day the pupil left the school (blank while they are on roll); the
    # school's retention schedule counts from it (schools.retention).
    left_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pk", "pupil")

    class Meta:
        ordering = ["legal_last_name", "legal_first_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "upn"], name="unique_upn_per_school"),
            models.UniqueConstraint(fields=["school", "mis_id"], name="unique_pupil_mis_id"),
        ]
        indexes = [
            models.Index(fields=["school", "sen_status", "year_group"]),
            models.Index(fields=["school", "legal_last_name", "legal_first_name"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def first_name(self) -> str:
        return self.preferred_name or self.legal_first_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.legal_last_name}"

    @property
    def on_register(self) -> bool:
        return self.sen_status != SenStatus.NONE

    @property
    def primary_area(self) -> str:
        return NEED_AREA.get(self.primary_need, "")

    @property
    def primary_area_label(self) -> str:
        area = self.primary_area
        return BroadArea(area).label if area else ""

    def age_on(self, day: date) -> tuple[int, int]:
        """Years and months of age on a day."""
        months = (day.year - self.date_of_birth.year) * 12 + day.month - self.date_of_birth.month
        if day.day < self.date_of_birth.day:
            months -= 1
        return divmod(months, 12)


class PupilNeed(models.Model):
    """One of a pupil's types of need, ranked (1 is the primary need)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="needs")
    need = models.CharField(max_length=4, choices=NeedType.choices)
    rank = models.PositiveSmallIntegerField(default=1)

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pupil_id", "needs")

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "need"], name="unique_need_per_pupil"),
            models.UniqueConstraint(fields=["pupil", "rank"], name="unique_need_rank_per_pupil"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.get_need_display()}"

    @property
    def area(self) -> str:
        return NEED_AREA[self.need]

    @property
    def area_label(self) -> str:
        return BroadArea(self.area).label


class SenStatusChange(models.Model):
    """History of a pupil's place on the register, kept with dates."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=1, choices=SenStatus.choices)
    to_status = models.CharField(max_length=1, choices=SenStatus.choices)
    changed_on = models.DateField(default=timezone.localdate)
    # The primary need the pupil was on the register for (blank for a change
    # recorded before sendit kept it): what the register's broad areas read
    # as they stood on a day past (pupils.queries.register_counts_on).
    primary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pupil_id", "SEN status history")

    class Meta:
        ordering = ["-changed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.pupil}: {self.from_status} to {self.to_status} on {self.changed_on}"

    @property
    def description(self) -> str:
        if self.from_status == SenStatus.NONE:
            return f"Added to the register ({SenStatus(self.to_status).label})"
        if self.to_status == SenStatus.NONE:
            return "Removed from the register"
        if self.to_status == SenStatus.EHC_PLAN:
            return "Moved to an EHC plan"
        return f"Changed to {SenStatus(self.to_status).label}"


class TeachingGroup(models.Model):
    """A class as the timetable knows it: teachers, teaching assistants, pupils."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="teaching_groups")
    code = models.CharField(max_length=30, help_text="The MIS code, e.g. 9X/Ma1")
    subject = models.CharField(max_length=80)
    year_group = models.PositiveSmallIntegerField()
    mis_id = models.CharField("MIS id", max_length=40, blank=True)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="taught_groups", blank=True
    )
    teaching_assistants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="supported_groups", blank=True
    )
    pupils = models.ManyToManyField(Pupil, related_name="teaching_groups", blank=True)

    class Meta:
        ordering = ["year_group", "code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="unique_group_code_per_school"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.subject}"
