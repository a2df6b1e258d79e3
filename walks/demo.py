"""Demo learning walks for `manage.py seed_demo` (filled by the walks issue)."""

from __future__ import annotations

import random
from datetime import date

from schools.demo import DemoStaff


def seed_walks(staff: DemoStaff, rng: random.Random, today: date) -> None:
    """A year of walks for the demo school, past and upcoming."""
