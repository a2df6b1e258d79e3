"""Demo profiles, reviews, provision, assessments, arrangements and concerns (pupils issue)."""

from __future__ import annotations

import random
from datetime import date

from schools.demo import DemoStaff


def seed_pupil_records(staff: DemoStaff, rng: random.Random, today: date) -> None:
    """Profiles with strategies, reviews, interventions, assessments, concerns."""
