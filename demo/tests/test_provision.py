"""The demo provision data: the shape the issue asks for, and idempotent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from pupils.models import (
    AccessArrangement,
    Assessment,
    Concern,
    EhcPlan,
    Intervention,
    InterventionNeed,
    InterventionPlace,
    Pupil,
    SenStatus,
    StaffRate,
)
from pupils.queries import impact_summary
from schools.models import School
from schools.terms import latest_term


def _fingerprint() -> dict[str, object]:
    return {
        "interventions": list(
            Intervention.objects.order_by("name").values_list(
                "name",
                "starts_on",
                "ends_on",
                "lead",
                "provider",
                "wave",
                "rate_role",
                "cost_per_session",
                "extra_cost",
                "progress_rule",
                "progress_gain",
            )
        ),
        "needs": list(
            InterventionNeed.objects.order_by("intervention__name", "need").values_list(
                "intervention__name", "need"
            )
        ),
        "rates": list(
            StaffRate.objects.order_by("school", "role").values_list("role", "hourly_rate")
        ),
        "places": list(
            InterventionPlace.objects.order_by("intervention__name", "pupil__mis_id").values_list(
                "pupil__mis_id", "entry_measure", "exit_measure", "outcome"
            )
        ),
        "assessments": list(
            Assessment.objects.order_by("pupil__mis_id", "name").values_list(
                "pupil__mis_id", "name", "reading_age_months"
            )
        ),
        "arrangements": list(
            AccessArrangement.objects.order_by("pupil__mis_id", "kind").values_list(
                "pupil__mis_id", "kind", "valid_until"
            )
        ),
        "plans": list(EhcPlan.objects.order_by("pupil__mis_id").values_list("pupil__mis_id")),
        "concerns": list(
            Concern.objects.order_by("pupil__mis_id", "noticed").values_list(
                "pupil__mis_id", "raised_by__email", "outcome"
            )
        ),
    }


@pytest.fixture
def seeded(db) -> None:
    call_command("seed_demo", verbosity=0)


def test_demo_provision_has_the_shape_the_issue_asks_for(seeded) -> None:
    today = timezone.localdate()
    school_pupils = Pupil.objects.filter(school__slug="demo")
    register = school_pupils.exclude(sen_status=SenStatus.NONE)

    interventions = Intervention.objects.filter(school__slug="demo")
    assert 22 <= interventions.count() <= 28
    assert len(set(interventions.values_list("area", flat=True))) >= 4
    for wave in (1, 2, 3):
        assert interventions.filter(wave=wave).count() >= 4
    assert interventions.filter(starts_on__lte=today, ends_on__gte=today).exists()
    assert interventions.filter(starts_on__gt=today).exists()
    ended = interventions.filter(ends_on__lt=today)
    with_gaps = ended.filter(places__exit_measure__isnull=True).distinct()
    assert with_gaps.count() == 2
    assert ended.exclude(pk__in=with_gaps).filter(places__exit_measure__isnull=False).exists()
    rates = dict(StaffRate.objects.filter(school__slug="demo").values_list("role", "hourly_rate"))
    assert set(rates) == {"ta", "teacher", "sendco", "slt"}
    assert interventions.exclude(provider="").count() >= 5
    for intervention in interventions:
        places = intervention.places.count()
        assert (6 if intervention.wave == 1 else 2) <= places <= 18
        assert not intervention.places.exclude(pupil__in=register).exists()
        assert bool(intervention.lead) != bool(intervention.provider)
        assert intervention.rate_role in rates or intervention.cost_per_session is not None
        assert intervention.needs.exists()
    # The impact summary is worth reading: several ended in the latest term, some
    # pupils made the expected progress and some did not, none ended without a rule.
    school = School.objects.get(slug="demo")
    term = latest_term(school, today - timedelta(days=1))
    summary = impact_summary(school, term, today=today)
    assert len(summary.interventions) >= 6 and not summary.without_rule
    assert 0 < summary.met < summary.measured
    assert summary.cost_per_pupil_met is not None and summary.without_exit

    assessed = register.filter(assessments__reading_age_months__isnull=False).distinct().count()
    assert assessed >= register.count() * 0.7
    flagged = [a for a in Assessment.objects.select_related("pupil") if a.reading_flag]
    assert 5 <= len(flagged) <= register.count() // 2

    candidates = school_pupils.filter(access_arrangements__isnull=False).distinct().count()
    assert 50 <= candidates <= 70
    attention = AccessArrangement.objects.filter(AccessArrangement.needs_attention_q(today))
    assert 5 <= attention.count() <= 30

    with_plan = register.filter(sen_status=SenStatus.EHC_PLAN)
    assert EhcPlan.objects.filter(pupil__in=with_plan).count() == with_plan.count()
    assert any(plan.review_overdue(today) for plan in EhcPlan.objects.all())

    concerns = Concern.objects.filter(school__slug="demo")
    assert 15 <= concerns.count() <= 25
    assert concerns.exclude(outcome="").exists() and concerns.filter(outcome="").exists()
    by_teacher = concerns.filter(raised_by__email="teacher@demo.test")
    assert by_teacher.count() >= 3
    for concern in by_teacher:
        assert concern.group.teachers.filter(email="teacher@demo.test").exists()
        assert concern.group.pupils.filter(pk=concern.pupil_id).exists()
    assert concerns.values("raised_by").distinct().count() >= 8


def test_running_the_seed_again_changes_no_provision(seeded) -> None:
    before = _fingerprint()
    call_command("seed_demo", verbosity=0)
    assert _fingerprint() == before
