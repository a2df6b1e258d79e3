"""Demo provision: interventions, assessments, access arrangements, EHC plans, concerns."""

from __future__ import annotations

import random
from datetime import date

from schools.demo import DemoStaff


def seed_provision(staff: DemoStaff, rng: random.Random, today: date) -> None:
    """Interventions with entry and exit measures, assessments, arrangements, concerns."""
