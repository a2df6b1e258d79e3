from __future__ import annotations

from django.urls import path

from outcomes.views import attendance, records

app_name = "outcomes"

urlpatterns = [
    path("attendance/", attendance.comparison, name="attendance"),
    path("attendance/import/", attendance.import_upload, name="attendance_import"),
    path("attendance/import/check/", attendance.import_preview, name="attendance_import_preview"),
    path("needs-assessments/", records.assessments, name="assessments"),
    path("needs-assessments/new/", records.assessment_create, name="assessment_create"),
    path("needs-assessments/<int:pk>/", records.assessment_edit, name="assessment_edit"),
    path("meetings/", records.meetings, name="meetings"),
    path("meetings/pupil/<int:pupil_pk>/", records.pupil_meetings, name="pupil_meetings"),
    path("meetings/pupil/<int:pupil_pk>/new/", records.meeting_add, name="meeting_add"),
    path("meetings/<int:pk>/", records.meeting_edit, name="meeting_edit"),
]
