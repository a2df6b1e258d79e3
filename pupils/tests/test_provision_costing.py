"""How an intervention's cost and expected progress are worked out (no database)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from pupils.models import CostBasis, Costing, Intervention, ProgressRule, money

MONDAY = date(2026, 9, 7)
RATES = Costing(rates={"ta": Decimal("16.40"), "teacher": Decimal("38.50")})


def _intervention(**fields: object) -> Intervention:
    values: dict[str, object] = {
        "name": "Reading fluency",
        "starts_on": MONDAY,
        "ends_on": MONDAY + timedelta(weeks=10, days=-1),
        "sessions_per_week": 3,
        "minutes_per_session": 20,
        "cost_basis": CostBasis.HOURLY,
        "rate_role": "ta",
        "extra_cost": Decimal("0.00"),
    }
    return Intervention(**(values | fields))


@pytest.mark.parametrize(
    "day,weeks",
    [
        (MONDAY - timedelta(days=1), 0),
        (MONDAY, 1),
        (MONDAY + timedelta(days=6), 1),
        (MONDAY + timedelta(days=7), 2),
        (MONDAY + timedelta(weeks=10, days=-1), 10),
        (MONDAY + timedelta(weeks=30), 10),  # nothing after the end date
    ],
)
def test_a_week_counts_once_it_has_begun(day: date, weeks: int) -> None:
    assert _intervention().weeks_by(day, RATES) == weeks


def test_a_holiday_week_has_no_sessions_and_a_week_begins_on_its_first_school_day() -> None:
    holiday = MONDAY + timedelta(weeks=2)
    bank_holiday = MONDAY + timedelta(weeks=3)

    def first_school_day(week_start: date) -> date | None:
        if week_start == holiday:
            return None
        return week_start + timedelta(days=1) if week_start == bank_holiday else week_start

    costing = Costing(rates=RATES.rates, first_school_day=first_school_day)
    intervention = _intervention()
    assert intervention.weeks_by(bank_holiday, costing) == 2
    assert intervention.weeks_by(bank_holiday + timedelta(days=1), costing) == 3
    assert intervention.sessions_by(intervention.ends_on, pupils=4, costing=costing) == 27


def test_one_to_one_sessions_are_held_for_each_pupil() -> None:
    group = _intervention()
    alone = _intervention(one_to_one=True)
    assert group.sessions_by(MONDAY, pupils=5, costing=RATES) == 3
    assert alone.sessions_by(MONDAY, pupils=5, costing=RATES) == 15
    assert alone.staff_hours_by(MONDAY, pupils=5, costing=RATES) == Decimal("5.0")


def test_staff_time_is_costed_at_the_rate_of_the_role() -> None:
    intervention = _intervention(extra_cost=Decimal("120.00"))
    # 20 minutes at £16.40 an hour is £5.466..., 3 a week for 10 weeks: 30 sessions.
    assert intervention.session_cost(RATES) == Decimal("16.40") / 3
    assert intervention.cost_by(MONDAY - timedelta(days=1), pupils=6, costing=RATES) == 0
    assert intervention.cost_by(MONDAY, pupils=6, costing=RATES) == Decimal("136.40")
    assert intervention.cost_by(intervention.ends_on, pupils=6, costing=RATES) == Decimal("284.00")


def test_a_role_without_a_rate_leaves_the_cost_unknown() -> None:
    intervention = _intervention(rate_role="sendco")
    assert intervention.session_cost(RATES) is None
    assert intervention.cost_by(intervention.ends_on, pupils=3, costing=RATES) is None


def test_a_set_cost_per_session() -> None:
    intervention = _intervention(
        cost_basis=CostBasis.SESSION,
        cost_per_session=Decimal("78.00"),
        one_to_one=True,
        sessions_per_week=1,
        rate_role="",
    )
    assert intervention.cost_by(intervention.ends_on, pupils=3, costing=RATES) == Decimal("2340.00")


def test_money_rounds_halves_up_to_the_penny() -> None:
    assert money(Decimal("2.345")) == Decimal("2.35")
    assert money(Decimal("2.3449")) == Decimal("2.34")


def test_the_gain_rule() -> None:
    intervention = _intervention(
        progress_rule=ProgressRule.GAIN, progress_gain=Decimal("4"), measure_unit="points"
    )
    assert intervention.made_expected_progress(Decimal("4.0")) is True
    assert intervention.made_expected_progress(Decimal("3.9")) is False
    assert intervention.made_expected_progress(None) is None
    assert intervention.rule_text == "A gain of at least 4 (points)"


def test_the_months_rule_uses_the_months_between_start_and_end() -> None:
    intervention = _intervention(
        progress_rule=ProgressRule.MONTHS,
        ends_on=MONDAY + timedelta(days=91),
        measure_unit="months",
    )
    # 91 days is 91 / (365.25 / 12) = 2.99 months.
    assert intervention.months_passed == Decimal("3.0")
    assert intervention.made_expected_progress(Decimal("3")) is True
    assert intervention.made_expected_progress(Decimal("2")) is False
    assert "3.0 months" in intervention.rule_text


def test_no_rule_says_nothing_about_progress() -> None:
    intervention = _intervention()
    assert intervention.expected_gain is None
    assert intervention.made_expected_progress(Decimal("10")) is None
    assert intervention.rule_text == ""
