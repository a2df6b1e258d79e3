"""The groups of roles that access rules name, each named once.

Every app's ``access.py`` and views say who may do what with these, so that
the same group never goes under two names (and never drifts apart).
"""

from __future__ import annotations

from schools.models import Role

# The SENDCo and senior leaders: they plan walks, read every pupil's whole
# record and every observation of the school.
SEND_LEADERS: tuple[str, ...] = (Role.SENDCO, Role.SLT)
# ...and governors: the walk programme and the whole-school picture (no names).
LEADERS_AND_GOVERNORS: tuple[str, ...] = (*SEND_LEADERS, Role.GOVERNOR)
# The adults in the classroom: the learners they teach, and what helps them.
CLASSROOM_STAFF: tuple[str, ...] = (Role.TEACHER, Role.TA)
# Everyone who works with pupils: they raise concerns and read profiles.
TEACHING_STAFF: tuple[str, ...] = (*SEND_LEADERS, *CLASSROOM_STAFF)
# Anyone who may be sent on a walk as an observer.
OBSERVERS: tuple[str, ...] = (*TEACHING_STAFF, Role.GOVERNOR)
# Staff read the good-practice page and the published walk reports.
ALL_STAFF: tuple[str, ...] = (*TEACHING_STAFF, Role.SCHOOL_ADMIN)
# Those who may write and release feedback to a teacher.
FEEDBACK_WRITERS: tuple[str, ...] = (Role.SENDCO, Role.SLT, Role.TEACHER)
# The school admin and the SENDCo keep the school's records: imports from
# the MIS, the staff list.
RECORD_KEEPERS: tuple[str, ...] = (Role.SCHOOL_ADMIN, Role.SENDCO)
