"""Demo observations and feedback for `manage.py seed_demo` (filled by the feedback issue)."""

from __future__ import annotations

import random
from datetime import date

from schools.demo import DemoStaff


def seed_feedback(staff: DemoStaff, rng: random.Random, today: date) -> None:
    """Observations and released feedback for the demo school's past walks."""
