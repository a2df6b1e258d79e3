"""The governor summary's figures for provision, outcomes and the register over
time: each part records its counts (and how they add up) in a ``Figures`` for the
one suppression of the whole document, then reads its rows from what was shown.

Counts only: no intervention is named (a name can say who delivers it or who is
in it) and no cost per intervention or per pupil is given (with the total it
would give a count away); the school's total cost is not a count of people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from outcomes.queries import (
    GROUPS,
    AttendanceComparison,
    NeedsAssessmentCounts,
    ParentMeetingsSummary,
    needs_assessment_counts,
    parent_meetings_summary,
)
from pupils.models import SenStatus, Wave
from pupils.queries import (
    MOVEMENT_KINDS,
    costing_for,
    impact_summary,
    provision_costs,
    provision_grid,
    register_counts_on,
    register_movement,
)
from pupils.templatetags.provision_tags import money
from reports.periods import Period
from reports.sections.outcomes import attendance_for, percent
from reports.sections.provision import term_of_period
from reports.sections.register import movement_span, year_earlier
from schools.models import School
from sendit.lib.privacy import Figures, Suppressed


@dataclass
class Part:
    figures: Figures = field(default_factory=Figures)
    extra: dict[str, Any] = field(default_factory=dict)


# Who: the register a year ago and its movement -------------------------------------


def register_then_part(school: School, today: date) -> Part:
    part = Part()
    day = year_earlier(today)
    part.extra["then_day"] = day
    then = register_counts_on(school, day, today=today)
    part.extra["then_known"] = then is not None
    if then is not None:
        f = part.figures
        f.count("then:all", then.total)
        f.count("then:none", then.by_status[SenStatus.NONE.value], shown=False)
        f.count("then:K", then.support)
        f.count("then:E", then.ehcp)
        f.count("then:register", then.register)
        f.total("then:all", ["then:none", "then:K", "then:E"])
        f.total("then:register", ["then:K", "then:E"])
    return part


def movement_part(school: School, period: Period, today: date) -> Part:
    part = Part()
    _, last = movement_span(period, today)
    movement = register_movement(school, first=period.start, last=last, today=today)
    for key, _ in MOVEMENT_KINDS:
        part.figures.count(f"move:{key}", getattr(movement.total, key))
    return part


def who_rows(shown: Suppressed, extra: dict[str, Any]) -> dict[str, Any]:
    then = (
        [
            ("SEN support (K)", shown["then:K"]),
            ("EHC plan (E)", shown["then:E"]),
            ("On the SEND register", shown["then:register"]),
            ("All pupils in the school", shown["then:all"]),
        ]
        if extra["then_known"]
        else []
    )
    return {
        "then_day": extra["then_day"],
        "then_rows": then,
        "movement_rows": [(label, shown[f"move:{key}"]) for key, label in MOVEMENT_KINDS],
    }


# Provision and whether it works ------------------------------------------------------


def provision_part(school: School, period: Period, today: date) -> Part:
    part = Part()
    term = term_of_period(school, period)
    # By wave only: the summary gives no breakdown by area, so no grid across areas is read.
    waves = provision_grid(school, term, across="wave")
    costing = costing_for(school)  # the school's rates, read once for both
    costs = provision_costs(school, term, today=today, costing=costing)
    impact = impact_summary(school, term, today=today, costing=costing)
    f = part.figures
    f.count("prov:interventions", waves.interventions)
    for column in waves.columns:
        f.count(f"prov:wave:{column.key}", column.interventions)
        f.count(f"prov:wave_pupils:{column.key}", column.pupils)
    f.total("prov:interventions", [f"prov:wave:{c.key}" for c in waves.columns])
    f.count("prov:pupils", waves.pupils)
    f.count("imp:ended", len(impact.interventions))
    f.count("imp:places", impact.pupils)
    f.count("imp:measured", impact.measured)
    f.count("imp:met", impact.met)
    part.extra.update(
        term=term,
        wave_keys=[(c.key, Wave(int(c.key)).label) for c in waves.columns],
        to_date=money(costs.total.to_date),
        projected=money(costs.total.projected),
        as_of=costs.as_of,
    )
    return part


def provision_rows(shown: Suppressed, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "term": extra["term"],
        "as_of": extra["as_of"],
        "interventions": shown["prov:interventions"],
        "pupils": shown["prov:pupils"],
        "wave_rows": [
            (label, shown[f"prov:wave:{key}"], shown[f"prov:wave_pupils:{key}"])
            for key, label in extra["wave_keys"]
        ],
        "to_date": extra["to_date"],
        "projected": extra["projected"],
        "impact_rows": [
            ("Interventions that ended in the term", shown["imp:ended"]),
            ("Places in them (a pupil in two counts twice)", shown["imp:places"]),
            ("Places with entry and exit measures", shown["imp:measured"]),
            ("Made the expected progress", shown["imp:met"]),
        ],
    }


# How they attend -------------------------------------------------------------------


ATTENDANCE_COUNTS = ("pupils", "persistent_absentees", "pupils_suspended")


def attendance_part(school: School, period: Period, register: Figures) -> Part:
    return attendance_figures(attendance_for(school, period), register)


def attendance_figures(found: AttendanceComparison, register: Figures) -> Part:
    """When every pupil on the register has a figure, the pupils with figures are the
    register's own counts (one key each, so they read the same and are suppressed
    together)."""
    part = Part()
    f = part.figures
    total = found.total
    same = (
        total.support.pupils == register.counts[SenStatus.SUPPORT.value]
        and total.ehc.pupils == register.counts[SenStatus.EHC_PLAN.value]
    )
    keys = {
        (measure, key): (
            {"send": "register", "support": "K", "ehc": "E"}[key]
            if same and measure == "pupils" and key != "no_sen"
            else f"att:{measure}:{key}"
        )
        for measure in ATTENDANCE_COUNTS
        for key, _label in GROUPS
    }
    for (measure, key), name in keys.items():
        if not name.startswith("att:"):
            continue  # recorded with the register
        f.count(name, getattr(getattr(total, key), measure))
    for measure in ATTENDANCE_COUNTS:
        if measure == "pupils" and same:
            continue
        f.total(keys[measure, "send"], [keys[measure, "support"], keys[measure, "ehc"]])
    part.extra.update(attendance=found, keys=keys)
    return part


def attendance_rows(shown: Suppressed, extra: dict[str, Any]) -> dict[str, Any]:
    """A group's mean and shares only when its pupils are shown (the mean of a
    small group is about its few pupils); suspension days only when the number
    suspended is shown."""
    found: AttendanceComparison = extra["attendance"]
    keys: dict[tuple[str, str], str] = extra["keys"]
    rows = []
    for key, label in GROUPS:
        group = getattr(found.total, key)
        pupils, absent, suspended = (keys[measure, key] for measure in ATTENDANCE_COUNTS)
        pupils_shown = shown.is_shown(pupils)
        pa_shown = pupils_shown and shown.is_shown(absent)
        suspended_shown = shown.is_shown(suspended)
        rows.append(
            (
                label,
                shown[pupils],
                percent(group.mean_attendance) if pupils_shown else "not shown",
                shown[absent],
                percent(group.persistent_absence_pct) if pa_shown else "not shown",
                shown[suspended],
                f"{group.suspension_days.normalize():f}" if suspended_shown else "not shown",
            )
        )
    return {"label": found.label, "rows": rows, "any": found.pupils > 0}


# Statutory duties from outcomes: needs assessments, meetings with parents ------------


def assessment_figures(na: NeedsAssessmentCounts) -> Figures:
    """The needs assessments' figures and how they add up: every request is in
    progress, refused, or finished with a plan or without; an agreed one is
    still being assessed or finished; one in progress waits for the decision
    or is being assessed (the last two never shown)."""
    f = Figures()
    for key in ("requested", "agreed", "refused", "plans_issued", "plans_not_issued"):
        f.count(f"na:{key}", getattr(na, key))
    f.count("na:in_progress", na.in_progress)
    f.count("na:past_deadline", na.past_deadline)
    assessing = na.agreed - na.plans_issued - na.plans_not_issued
    f.count("na:assessing", assessing, shown=False)
    f.count("na:pending", na.in_progress - assessing, shown=False)
    f.total(
        "na:requested", ["na:in_progress", "na:refused", "na:plans_issued", "na:plans_not_issued"]
    )
    f.total("na:agreed", ["na:assessing", "na:plans_issued", "na:plans_not_issued"])
    f.total("na:in_progress", ["na:pending", "na:assessing"])
    return f


def outcomes_duties_part(school: School, period: Period, today: date, register_total: int) -> Part:
    part = Part()
    na: NeedsAssessmentCounts = needs_assessment_counts(
        school, first=period.start, last=period.end, today=today
    )
    meetings: ParentMeetingsSummary = parent_meetings_summary(school, today=today)
    part.figures = f = assessment_figures(na)
    # The pupils expected to have meetings are the register now: one figure.
    pupils_key = "register" if meetings.pupils_expected == register_total else "mt:pupils"
    if pupils_key != "register":
        f.count(pupils_key, meetings.pupils_expected)
    f.count("mt:held", meetings.meetings_held)
    f.count("mt:behind", meetings.pupils_behind)
    part.extra.update(meetings=meetings, pupils_key=pupils_key)
    return part


ASSESSMENT_LABELS = (
    ("requested", "Requested"),
    ("agreed", "Agreed by the local authority"),
    ("refused", "Refused"),
    ("plans_issued", "EHC plan issued"),
    ("plans_not_issued", "Decided not to issue a plan"),
    ("in_progress", "Still in progress"),
    ("past_deadline", "In progress past a statutory deadline"),
)


def outcomes_duties_rows(shown: Suppressed, extra: dict[str, Any]) -> dict[str, Any]:
    meetings: ParentMeetingsSummary = extra["meetings"]
    return {
        "assessment_rows": [(label, shown[f"na:{key}"]) for key, label in ASSESSMENT_LABELS],
        "meetings_label": meetings.label,
        # In words: a figure per pupil, not a count of pupils.
        "meetings_expected": ("none", "one", "two", "three")[min(meetings.expected_per_pupil, 3)],
        "meeting_rows": [
            ("Pupils on the register", shown[extra["pupils_key"]]),
            ("Meetings held this school year (profile reviews count)", shown["mt:held"]),
            ("Pupils who have had fewer meetings than expected", shown["mt:behind"]),
        ],
    }
