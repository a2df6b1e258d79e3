"""The pupils app's models, one module per domain; every name is re-exported here
so that ``from pupils.models import X`` works whichever module holds X.

- pupils.py: the pupil, needs, SEN status history, teaching groups
- profiles.py: one-page profiles, strategies, targets, reviews
- provision.py: interventions and places, assessments, access arrangements, EHC plans
- costs.py: the school's hourly rates by role, and how money is rounded
  (provision stays in this app as a sub-module; no app of its own, so no migrations move)
- concerns.py: staff concerns and their triage
"""

from __future__ import annotations

from pupils.models.concerns import Concern
from pupils.models.costs import CostBasis, Costing, DeliveryRole, StaffRate, money
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
    InterventionNeed,
    InterventionPlace,
    ProgressRule,
    Wave,
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
    "CostBasis",
    "Costing",
    "DeliveryRole",
    "EhcPlan",
    "Intervention",
    "InterventionNeed",
    "InterventionPlace",
    "NeedType",
    "ProfileReview",
    "ProgressRule",
    "ProfileTarget",
    "Pupil",
    "PupilNeed",
    "PupilProfile",
    "SenStatus",
    "SenStatusChange",
    "StaffRate",
    "Strategy",
    "TargetOutcome",
    "TeachingGroup",
    "Wave",
    "money",
    "needs_in_area",
]
