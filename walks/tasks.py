from __future__ import annotations

from celery import shared_task

from walks.announcements import walk_announcement_send
from walks.models import LearningWalk


@shared_task(ignore_result=True)
def email_walk_announcement(walk_id: int, upcoming_url: str) -> None:
    """Email all staff about an announced walk (idempotent: sent once per walk)."""
    walk = LearningWalk.objects.filter(pk=walk_id).select_related("school").first()
    if walk is None:
        return  # deleted before the worker got to it
    walk_announcement_send(walk=walk, upcoming_url=upcoming_url)
