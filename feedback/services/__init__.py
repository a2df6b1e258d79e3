"""Work on observations, feedback and walk reports that spans several models.

One module per part; every public name is re-exported here, so that
``from feedback.services import X`` works whichever module holds X.

- capture.py: the capture layout and the observer's record (save, flags, complete)
- words.py: the school's list of judgemental words
- drafting.py: feedback drafted from a record, the coach's checks, release
- names.py: names in text that is shared beyond a pupil's own teachers
- reports.py: the walk report
- released.py: after release: correcting, withdrawing, replies (and who is told)
The whole-school picture (reading only) lives in feedback/queries.py.
"""

from __future__ import annotations

from feedback.services.capture import (
    TEXT_FIELDS,
    CaptureLayout,
    StrategyRow,
    WordingNeedsReason,
    capture_layout,
    observation_complete,
    observation_enter_room,
    observation_flags,
    observation_save,
    observation_values,
)
from feedback.services.drafting import (
    FEEDBACK_FIELDS,
    ReleaseBlocked,
    feedback_coach,
    feedback_for,
    feedback_release,
    feedback_save,
)
from feedback.services.names import good_practice_list, school_names, shared_text_names
from feedback.services.released import (
    NotReleased,
    feedback_correct,
    feedback_reply,
    feedback_withdraw,
)
from feedback.services.reports import REPORT_FIELDS, walk_report_draft, walk_report_save
from feedback.services.words import judgemental_words_ensure_defaults, school_words

__all__ = [
    "FEEDBACK_FIELDS",
    "REPORT_FIELDS",
    "TEXT_FIELDS",
    "CaptureLayout",
    "NotReleased",
    "ReleaseBlocked",
    "StrategyRow",
    "WordingNeedsReason",
    "capture_layout",
    "feedback_coach",
    "feedback_correct",
    "feedback_for",
    "feedback_release",
    "feedback_reply",
    "feedback_save",
    "feedback_withdraw",
    "good_practice_list",
    "judgemental_words_ensure_defaults",
    "observation_complete",
    "observation_enter_room",
    "observation_flags",
    "observation_save",
    "observation_values",
    "school_names",
    "school_words",
    "shared_text_names",
    "walk_report_draft",
    "walk_report_save",
]
