"""The pupils app's models, one module per domain; every name is re-exported here
so that ``from pupils.models import X`` works whichever module holds X.

- pupils.py: the pupil, needs, SEN status history, teaching groups
- profiles.py: one-page profiles, strategies, targets, reviews
- provision.py: interventions and places, assessments, access arrangements, EHC plans
  (provision stays in this app as a sub-module; no app of its own, so no migrations move)
- concerns.py: staff concerns and their triage
"""

from __future__ import annotations

from pupils.models.concerns import Concern
from pupils.models.profiles import (
    ProfileReview,
    ProfileTarget,
    PupilProfile,
    Strategy,
    TargetOutcome,
)
from pupils.models.provision import (
    AccessArrangement,
    Assessment,
    EhcPlan,
    Intervention,
    InterventionPlace,
)
from pupils.models.pupils import (
    NEED_AREA,
    BroadArea,
    NeedType,
    Pupil,
    PupilNeed,
    SenStatus,
    SenStatusChange,
    TeachingGroup,
    needs_in_area,
)

__all__ = [
    "NEED_AREA",
    "AccessArrangement",
    "Assessment",
    "BroadArea",
    "Concern",
    "EhcPlan",
    "Intervention",
    "InterventionPlace",
    "NeedType",
    "ProfileReview",
    "ProfileTarget",
    "Pupil",
    "PupilNeed",
    "PupilProfile",
    "SenStatus",
    "SenStatusChange",
    "Strategy",
    "TargetOutcome",
    "TeachingGroup",
    "needs_in_area",
]
