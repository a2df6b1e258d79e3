"""Work on pupils' records that spans models (see STYLE.md: ``<thing>_<action>``)."""

from __future__ import annotations

from pupils.models import Pupil, PupilRecordView
from schools.models import User


def pupil_record_view(*, user: User, pupil: Pupil, page: str) -> None:
    """Record that ``user`` opened ``pupil``'s record on ``page`` (the audit of reading).

    Called by every view that shows a pupil's record, after access has been
    checked, so the trail holds only views that actually happened.
    """
    PupilRecordView.objects.create(
        school_id=pupil.school_id, pupil=pupil, viewer=user, page=page[:60]
    )
