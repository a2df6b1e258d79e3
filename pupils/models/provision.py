"""Provision: interventions and their places, assessments, exam access arrangements, EHC plans."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models

from audit.models import ReadKind
from audit.reads import ReadAs, ReadAuditedQuerySet
from pupils.models.costs import CostBasis, Costing, DeliveryRole, money
from pupils.models.pupils import BroadArea, NeedType, Pupil
from schools.models import School


class Wave(models.IntegerChoices):
    """The three waves of provision, from what every class gets to specialist help."""

    UNIVERSAL = 1, "Wave 1: universal, in class"
    TARGETED = 2, "Wave 2: targeted, small group"
    SPECIALIST = 3, "Wave 3: specialist, individual"

    @property
    def short(self) -> str:
        return f"Wave {self.value}"


class ProgressRule(models.TextChoices):
    """What counts as expected progress on an intervention (the SENDCo sets it)."""

    NONE = "", "No rule set yet"
    GAIN = "gain", "A gain of at least a set amount"
    MONTHS = "months", "A gain of at least the months that passed (for ages in months)"


# Months in a year over days in a year: the months that passed between two dates.
DAYS_PER_MONTH = Decimal("365.25") / 12


class Intervention(models.Model):
    """A programme on the provision map, with its pupils' entry and exit measures.

    Its cost is the staff time its sessions take at the hourly rate of the
    deliverer's role (the school's ``StaffRate``), or a set cost per session,
    plus any extra cost (resources, an external provider's fees). A week of
    sessions counts from its first school day (``Costing.first_school_day``: a
    holiday week has none), up to the end date; one-to-one sessions are held for
    each pupil.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="interventions")
    name = models.CharField(max_length=120)
    area = models.CharField("area of need", max_length=5, choices=BroadArea.choices)
    wave = models.PositiveSmallIntegerField(choices=Wave.choices, default=Wave.TARGETED)
    # Who delivers it: a member of staff (lead) or an external provider by name.
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_interventions",
    )
    provider = models.CharField("external provider", max_length=120, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    sessions_per_week = models.PositiveSmallIntegerField(default=1)
    minutes_per_session = models.PositiveSmallIntegerField(default=30)
    one_to_one = models.BooleanField(
        "one to one", default=False, help_text="Each pupil has their own sessions"
    )
    cost_basis = models.CharField(
        max_length=10, choices=CostBasis.choices, default=CostBasis.HOURLY
    )
    rate_role = models.CharField(
        "paid at the rate of", max_length=10, choices=DeliveryRole.choices, blank=True
    )
    cost_per_session = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    extra_cost = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("0.00"))
    extra_cost_note = models.CharField("what the extra cost is for", max_length=200, blank=True)
    measure = models.CharField(
        max_length=80,
        blank=True,
        help_text="What entry and exit are measured in, e.g. reading age (months)",
    )
    measure_unit = models.CharField("unit", max_length=40, blank=True)
    progress_rule = models.CharField(
        "expected progress", max_length=10, choices=ProgressRule.choices, blank=True
    )
    progress_gain = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    pupils = models.ManyToManyField(
        Pupil, through="InterventionPlace", related_name="interventions"
    )
    # Bumped by every save of the details form (sendit/lib/versions.py).
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cost_per_session__gte=0) | models.Q(cost_per_session=None),
                name="cost_per_session_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(extra_cost__gte=0), name="extra_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def weekly_minutes(self) -> int:
        return self.sessions_per_week * self.minutes_per_session

    @property
    def deliverer(self) -> str:
        """Who delivers it, in words (reads ``lead``: select it with the intervention)."""
        if self.provider:
            return f"{self.provider} (external)"
        return self.lead.display_name if self.lead else ""

    # Cost ------------------------------------------------------------------------

    def weeks_by(self, day: date, costing: Costing) -> int:
        """Weeks of sessions begun by ``day``: a week (counted from the start date)
        begins on its first school day, and none after the end date counts."""
        last = min(day, self.ends_on)
        if last < self.starts_on:
            return 0
        weeks = (last - self.starts_on).days // 7 + 1
        begun = (
            costing.first_school_day(self.starts_on + timedelta(weeks=n)) for n in range(weeks)
        )
        return sum(1 for first in begun if first is not None and first <= last)

    def sessions_by(self, day: date, *, pupils: int, costing: Costing) -> int:
        """Sessions held by ``day``: one-to-one sessions are held for each pupil."""
        per_week = self.sessions_per_week * (pupils if self.one_to_one else 1)
        return per_week * self.weeks_by(day, costing)

    def staff_hours_by(self, day: date, *, pupils: int, costing: Costing) -> Decimal:
        minutes = self.sessions_by(day, pupils=pupils, costing=costing) * self.minutes_per_session
        return (Decimal(minutes) / 60).quantize(Decimal("0.1"))

    def session_cost(self, costing: Costing) -> Decimal | None:
        """The cost of one session; None while it cannot be known (no rate for the role)."""
        if self.cost_basis == CostBasis.SESSION:
            return self.cost_per_session
        rate = costing.rates.get(self.rate_role)
        if rate is None:
            return None
        return rate * self.minutes_per_session / 60

    def cost_by(self, day: date, *, pupils: int, costing: Costing) -> Decimal | None:
        """What it has cost by ``day``: its sessions so far, and the extra cost once it
        has started; None while a session's cost cannot be known."""
        per_session = self.session_cost(costing)
        if per_session is None:
            return None
        if day < self.starts_on:
            return money(Decimal(0))
        sessions = self.sessions_by(day, pupils=pupils, costing=costing)
        return money(per_session * sessions + self.extra_cost)

    # Impact ----------------------------------------------------------------------

    @property
    def months_passed(self) -> Decimal:
        """Months from the start to the end date, to one decimal place."""
        return (Decimal((self.ends_on - self.starts_on).days) / DAYS_PER_MONTH).quantize(
            Decimal("0.1")
        )

    @property
    def expected_gain(self) -> Decimal | None:
        """The least gain that counts as expected progress; None with no rule."""
        if self.progress_rule == ProgressRule.GAIN:
            return self.progress_gain
        if self.progress_rule == ProgressRule.MONTHS:
            return self.months_passed
        return None

    def made_expected_progress(self, gain: Decimal | None) -> bool | None:
        """Whether a pupil's gain meets the rule; None with no rule or no gain."""
        expected = self.expected_gain
        if expected is None or gain is None:
            return None
        return gain >= expected

    @property
    def rule_text(self) -> str:
        unit = f" ({self.measure_unit})" if self.measure_unit else ""
        if self.progress_rule == ProgressRule.GAIN and self.progress_gain is not None:
            return f"A gain of at least {self.progress_gain.normalize():f}{unit}"
        if self.progress_rule == ProgressRule.MONTHS:
            return f"A gain of at least the months that passed ({self.months_passed} months)"
        return ""


class InterventionNeed(models.Model):
    """A type of need an intervention serves (census codes, as pupils' needs are kept)."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="needs")
    need = models.CharField(max_length=4, choices=NeedType.choices)

    class Meta:
        ordering = ["need"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "need"], name="unique_need_per_intervention"
            )
        ]

    def __str__(self) -> str:
        return self.get_need_display()


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
    def gain(self) -> Decimal | None:
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
