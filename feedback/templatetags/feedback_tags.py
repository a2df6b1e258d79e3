"""Template tags other apps' pages use to show feedback without importing its views."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join

from feedback.coach import lines
from feedback.queries import unread_walk_notes
from schools.models import Role, User

register = template.Library()


@register.inclusion_tag("feedback/walk_notes_new.html")
def my_new_walk_notes(user: User) -> dict[str, Any]:
    """The teacher's walk notes not opened yet, for the top of "My classes"
    (teachers only: walk notes go to the class teacher)."""
    if not user.has_role(Role.TEACHER):
        return {"show": False}
    return {"show": True, "notes": list(unread_walk_notes(user))}


@register.simple_tag
def lines_list(text: str) -> str:
    """Text kept one point per line, shown as a list."""
    items = lines(text)
    if not items:
        return format_html("<p>{}</p>", "None.")
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items)))
