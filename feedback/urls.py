from __future__ import annotations

from django.urls import path

from feedback.views import capture, drafting, notes, summaries

app_name = "feedback"

urlpatterns = [
    path("my-observations/", capture.my_observations, name="my_observations"),
    path("capture/<int:visit_pk>/", capture.capture, name="capture"),
    path("observations/", capture.observations, name="observations"),
    path("observations/<int:pk>/", capture.observation_detail, name="observation"),
    path("observations/<int:observation_pk>/feedback/", drafting.draft, name="draft"),
    path("observations/<int:observation_pk>/coach/", drafting.coach, name="coach"),
    path("observations/<int:observation_pk>/release/", drafting.release, name="release"),
    path("observations/<int:observation_pk>/correct/", drafting.correct, name="correct"),
    path("observations/<int:observation_pk>/withdraw/", drafting.withdraw, name="withdraw"),
    path("coach/words/", drafting.words, name="words"),
    path("coach/words/<int:pk>/remove/", drafting.word_remove, name="word_remove"),
    path("notes/", notes.walk_notes, name="walk_notes"),
    path("notes/<int:pk>/", notes.note, name="note"),
    path("good-practice/", notes.good_practice, name="good_practice"),
    path("picture/", summaries.picture, name="picture"),
    path("reports/", summaries.reports, name="reports"),
    path("reports/<int:pk>/", summaries.report, name="report"),
    path("reports/walk/<int:walk_pk>/", summaries.report_edit, name="report_edit"),
]
