"""Notifications' entries for the shell: the email preferences page, shown
in the account menu (not in the main menu)."""

from __future__ import annotations

from sendit.lib.shell import NavItem

NAV: list[NavItem] = []
ACCOUNT: list[NavItem] = [
    NavItem("Email preferences", "notifications:preferences", (), "Account"),
]
