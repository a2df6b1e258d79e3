"""What provision costs: the school's hourly rates by role, and how money is rounded."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from schools.models import School

PENNY = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """An amount to the penny, halves rounded up (as a finance office rounds)."""
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def _first_day(week_start: date) -> date | None:
    return week_start


@dataclass(frozen=True)
class Costing:
    """What an intervention's cost is worked out with: the school's hourly rate of
    each role, and the first school day of the week that starts on a day (None
    for a week of holiday; the school's term dates say, and by default every
    week starts with a school day)."""

    rates: Mapping[str, Decimal]
    first_school_day: Callable[[date], date | None] = _first_day


class CostBasis(models.TextChoices):
    HOURLY = "hourly", "Staff time, at the hourly rate of a role"
    SESSION = "session", "A set cost per session (for example an external provider's fee)"


class DeliveryRole(models.TextChoices):
    """The roles that deliver provision, each with a school-wide hourly rate."""

    TA = "ta", "Teaching assistant"
    TEACHER = "teacher", "Teacher"
    SENDCO = "sendco", "SENDCo"
    SLT = "slt", "Senior leader"


class StaffRate(models.Model):
    """The hourly cost of an hour of a role's time (pay and on-costs), kept by the
    SENDCo or the school admin; every intervention costed by staff time uses it."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff_rates")
    role = models.CharField(max_length=10, choices=DeliveryRole.choices)
    hourly_rate = models.DecimalField(
        max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["school", "role"], name="one_rate_per_role"),
            models.CheckConstraint(
                condition=models.Q(hourly_rate__gte=0), name="hourly_rate_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: £{self.hourly_rate} an hour"
