"""Outcomes in the menu: attendance, needs assessments, meetings with parents."""

from __future__ import annotations

from outcomes.access import IMPORTERS, READERS
from sendit.lib.shell import NavItem

SECTION = "Outcomes"

NAV = [
    NavItem("Attendance and suspensions", "outcomes:attendance", READERS, SECTION, order=200),
    NavItem("EHC needs assessments", "outcomes:assessments", READERS, SECTION, order=210),
    NavItem("Meetings with parents", "outcomes:meetings", READERS, SECTION, order=220),
    NavItem("Import attendance", "outcomes:attendance_import", IMPORTERS, SECTION, order=230),
]
