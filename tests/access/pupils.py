from __future__ import annotations

from schools.models import Role
from tests.access import Entry, roles


def _pupil(cast) -> dict:
    # cast.pupil is in cast.group: taught by cast.teacher, supported by cast.ta.
    return {"pk": cast.pupil.pk}


def _group(cast) -> dict:
    return {"pk": cast.group.pk}


def _intervention(cast) -> dict:
    from tests.factories import make_intervention

    return {"pk": make_intervention(cast.school, pupils=[cast.pupil]).pk}


def _place(cast) -> dict:
    from tests.factories import make_intervention

    intervention = make_intervention(cast.school, pupils=[cast.pupil])
    return {"pk": intervention.pk, "place_pk": intervention.places.get().pk}


def _pupil_of_record(cast) -> dict:
    return {"pupil_pk": cast.pupil.pk}


def _assessment(cast) -> dict:
    from tests.factories import make_assessment

    return {"pk": make_assessment(cast.pupil).pk}


def _arrangement(cast) -> dict:
    from tests.factories import make_arrangement

    return {"pk": make_arrangement(cast.pupil).pk}


def _ehc_pupil(cast) -> dict:
    from pupils.models import SenStatus
    from tests.factories import make_pupil

    return {"pupil_pk": make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN).pk}


def _concern(cast) -> dict:
    from tests.factories import make_concern

    return {"pk": make_concern(cast.pupil, raised_by=cast.teacher).pk}


WHOLE_SCHOOL = roles(Role.SENDCO, Role.SLT)
READS_PROFILE = roles(Role.SENDCO, Role.SLT, Role.TEACHER, Role.TA)

ENTRIES: dict[str, Entry] = {
    "pupils:register": Entry(roles=roles(Role.SENDCO, Role.SLT)),
    "pupils:register_movement": Entry(roles=WHOLE_SCHOOL),
    "pupils:my_classes": Entry(roles=roles(Role.TEACHER, Role.TA)),
    "pupils:register_csv": Entry(roles=WHOLE_SCHOOL),
    "pupils:pupil": Entry(roles=READS_PROFILE, kwargs=_pupil),
    "pupils:pupil_status": Entry(roles=roles(Role.SENDCO), kwargs=_pupil),
    "pupils:audit": Entry(roles=roles(Role.SENDCO), kwargs=_pupil),
    "pupils:profile_edit": Entry(roles=roles(Role.SENDCO), kwargs=_pupil),
    "pupils:profile_print": Entry(roles=READS_PROFILE, kwargs=_pupil),
    "pupils:review_add": Entry(roles=roles(Role.SENDCO), kwargs=_pupil),
    "pupils:groups": Entry(roles=WHOLE_SCHOOL),
    "pupils:group": Entry(roles=READS_PROFILE, kwargs=_group),
    # Provision map, assessments, access arrangements, EHC plans, concerns, import (B).
    "pupils:interventions": Entry(roles=WHOLE_SCHOOL),
    "pupils:intervention_create": Entry(roles=roles(Role.SENDCO)),
    "pupils:interventions_missing_exit": Entry(roles=WHOLE_SCHOOL),
    "pupils:intervention_detail": Entry(roles=WHOLE_SCHOOL, kwargs=_intervention),
    "pupils:intervention_edit": Entry(roles=roles(Role.SENDCO), kwargs=_intervention),
    "pupils:intervention_pupils": Entry(roles=roles(Role.SENDCO), kwargs=_intervention),
    "pupils:intervention_measures": Entry(roles=roles(Role.SENDCO), kwargs=_intervention),
    "pupils:intervention_remove_pupil": Entry(
        roles=roles(Role.SENDCO), kwargs=_place, method="post", ok=frozenset({302})
    ),
    # Provision in figures (#11): costs, the grid and impact for SENDCo and SLT; the
    # hourly rates also for the school admin, who keeps them with the SENDCo.
    "pupils:provision_grid": Entry(roles=WHOLE_SCHOOL),
    "pupils:provision_grid_csv": Entry(roles=WHOLE_SCHOOL),
    "pupils:provision_costs": Entry(roles=WHOLE_SCHOOL),
    "pupils:provision_pupil_costs": Entry(roles=WHOLE_SCHOOL),
    "pupils:provision_impact": Entry(roles=WHOLE_SCHOOL),
    "pupils:staff_rates": Entry(roles=roles(Role.SENDCO, Role.SLT, Role.SCHOOL_ADMIN)),
    "pupils:assessment_create": Entry(roles=roles(Role.SENDCO), kwargs=_pupil_of_record),
    "pupils:assessment_edit": Entry(roles=roles(Role.SENDCO), kwargs=_assessment),
    "pupils:reading_flags": Entry(roles=WHOLE_SCHOOL),
    "pupils:arrangement_create": Entry(roles=roles(Role.SENDCO), kwargs=_pupil_of_record),
    "pupils:arrangement_edit": Entry(roles=roles(Role.SENDCO), kwargs=_arrangement),
    "pupils:arrangement_delete": Entry(
        roles=roles(Role.SENDCO), kwargs=_arrangement, method="post", ok=frozenset({302})
    ),
    "pupils:arrangements_attention": Entry(roles=WHOLE_SCHOOL),
    "pupils:ehc_edit": Entry(roles=roles(Role.SENDCO), kwargs=_ehc_pupil),
    "pupils:ehc_reviews": Entry(roles=WHOLE_SCHOOL),
    "pupils:concerns": Entry(roles=WHOLE_SCHOOL),
    "pupils:concern_create": Entry(roles=READS_PROFILE),
    "pupils:my_concerns": Entry(roles=READS_PROFILE),
    "pupils:concern_triage": Entry(roles=roles(Role.SENDCO), kwargs=_concern),
    "pupils:import": Entry(roles=roles(Role.SENDCO, Role.SCHOOL_ADMIN)),
    # With no file checked yet, the preview sends the user back to the upload.
    "pupils:import_preview": Entry(
        roles=roles(Role.SENDCO, Role.SCHOOL_ADMIN), ok=frozenset({302})
    ),
}
