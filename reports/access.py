"""Querysets of this app scoped to the signed-in user; filled as the app grows."""

from __future__ import annotations
