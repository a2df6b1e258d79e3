from __future__ import annotations

from schools.models import Role
from tests.access import Entry, roles


def _pupil(cast) -> dict:
    # cast.pupil is in cast.group: taught by cast.teacher, supported by cast.ta.
    return {"pk": cast.pupil.pk}


def _group(cast) -> dict:
    return {"pk": cast.group.pk}


WHOLE_SCHOOL = roles(Role.SENDCO, Role.SLT)
READS_PROFILE = roles(Role.SENDCO, Role.SLT, Role.TEACHER, Role.TA)


ENTRIES: dict[str, Entry] = {
    "pupils:register": Entry(roles=roles(Role.SENDCO, Role.SLT)),
    "pupils:my_classes": Entry(roles=roles(Role.TEACHER, Role.TA)),
    "pupils:register_csv": Entry(roles=WHOLE_SCHOOL),
    "pupils:pupil": Entry(roles=READS_PROFILE, kwargs=_pupil),
    "pupils:pupil_status": Entry(roles=roles(Role.SENDCO), kwargs=_pupil),
    "pupils:audit": Entry(roles=roles(Role.SENDCO), kwargs=_pupil),
    "pupils:profile_edit": Entry(roles=roles(Role.SENDCO), kwargs=_pupil),
    "pupils:profile_print": Entry(roles=READS_PROFILE, kwargs=_pupil),
    "pupils:review_add": Entry(roles=roles(Role.SENDCO), kwargs=_pupil),
    "pupils:groups": Entry(roles=WHOLE_SCHOOL),
    "pupils:group": Entry(roles=READS_PROFILE, kwargs=_group),
}
