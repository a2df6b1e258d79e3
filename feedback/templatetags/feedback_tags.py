"""Template tags other apps' pages use to show feedback without importing its views."""

from __future__ import annotations

from django import template
from django.db.models import Count
from django.utils.html import format_html, format_html_join

from feedback.access import released_notes_for_teacher
from feedback.coach import lines
from schools.models import User

register = template.Library()


@register.inclusion_tag("feedback/walk_notes.html")
def my_walk_notes(user: User) -> dict:
    """The teacher's released walk notes, newest first, for the "My classes" page."""
    notes = (
        released_notes_for_teacher(user)
        .select_related("observation__visit__walk", "observation__visit__group")
        .annotate(reply_count=Count("replies"))
        .order_by("-released_at", "-pk")
    )
    return {"notes": list(notes)}


@register.simple_tag
def lines_list(text: str) -> str:
    """Text kept one point per line, shown as a list."""
    items = lines(text)
    if not items:
        return format_html("<p>{}</p>", "None.")
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items)))
