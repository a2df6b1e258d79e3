"""This app's panels on the SENDCo dashboard (see schools/dashboard.py)."""

from __future__ import annotations

from schools.dashboard import Panel
from schools.models import User


def panels(user: User) -> list[Panel]:
    return []
