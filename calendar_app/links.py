"""Where an event leads back to: its pupil, its walk, or the record to update.

Each link is offered only to someone whose role opens that page; the page
itself checks access as ever.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from calendar_app.models import REVIEW_CHAIN, Event, Kind
from pupils.access import pupils_for
from schools.models import Role, User
from walks.access import walks_for


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def event_links(user: User, event: Event) -> list[Link]:
    links: list[Link] = []
    pupil = event.pupil
    if pupil is not None and pupils_for(user).filter(pk=pupil.pk).exists():
        links.append(Link(f"{pupil.full_name}'s page", reverse("pupils:pupil", args=[pupil.pk])))
        if user.has_role(Role.SENDCO):
            if event.kind in REVIEW_CHAIN:
                links.append(Link("The EHC plan", reverse("pupils:ehc_edit", args=[pupil.pk])))
            elif event.kind in (Kind.PROFILE_REVIEW, Kind.PARENTS_MEETING):
                links.append(
                    Link("Record the review", reverse("pupils:review_add", args=[pupil.pk]))
                )
            elif event.kind == Kind.ACCESS_ASSESSMENT:
                links.append(
                    Link(
                        "Add an access arrangement",
                        reverse("pupils:arrangement_create", args=[pupil.pk]),
                    )
                )
    walk = event.walk
    if walk is not None:
        if walks_for(user).filter(pk=walk.pk).exists():
            links.append(Link(f"The walk: {walk.title}", reverse("walks:walk", args=[walk.pk])))
        else:
            links.append(Link("Upcoming walks", reverse("walks:upcoming")))
    return links
