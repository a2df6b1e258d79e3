from __future__ import annotations

from datetime import date, timedelta

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


class PupilProfile(models.Model):
    """The one-page profile, in plain words, that staff read before teaching."""

    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE, related_name="profile")
    about_me = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped on every save; a save carrying an older version is refused so
    # that two people editing at once never overwrite each other silently.
    version = models.PositiveIntegerField(default=1)

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pupil_id", "one-page profile")

    def __str__(self) -> str:
        return f"Profile of {self.pupil}"


class Strategy(models.Model):
    """One "what helps me" strategy for staff to use in lessons."""

    profile = models.ForeignKey(PupilProfile, on_delete=models.CASCADE, related_name="strategies")
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.text


class ProfileTarget(models.Model):
    """A target or outcome on the profile (SEN support target or EHCP outcome)."""

    profile = models.ForeignKey(PupilProfile, on_delete=models.CASCADE, related_name="targets")
    text = models.CharField(max_length=400)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    set_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class ProfileReview(models.Model):
    """A review of the profile (three a year): assess, plan, do, review."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(default=timezone.localdate)
    assess = models.TextField(blank=True)
    plan = models.TextField(blank=True)
    do = models.TextField("do", blank=True)
    review = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pupil_id", "profile review")

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.pupil} on {self.held_on}"


class TargetOutcome(models.Model):
    class Result(models.TextChoices):
        MET = "met", "Met"
        PARTLY = "partly", "Partly met"
        NOT_MET = "not_met", "Not met"

    review = models.ForeignKey(ProfileReview, on_delete=models.CASCADE, related_name="outcomes")
    target = models.ForeignKey(ProfileTarget, on_delete=models.CASCADE, related_name="outcomes")
    result = models.CharField(max_length=8, choices=Result.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "target"], name="one_outcome_per_target")
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.get_result_display()}"


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
        """Annual reviews fall within 12 months of the last one (or of issue)."""
        base = self.last_annual_review or self.issued_on
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

    def triage(self, *, outcome: str, on: date, by: object, note: str = "") -> None:
        """Record the SENDCo's decision; a later decision replaces an earlier one."""
        self.outcome = outcome
        self.triaged_on = on
        self.triaged_by = by
        self.triage_note = note
        self.save(update_fields=["outcome", "triaged_on", "triaged_by", "triage_note"])
