from __future__ import annotations

from django.urls import path

from walks.views import focus, programme, visits, walk

app_name = "walks"

urlpatterns = [
    path("", programme.programme, name="programme"),
    path("upcoming/", programme.upcoming, name="upcoming"),
    path("focus/", focus.focus_library, name="focus_library"),
    path("focus/add/", focus.focus_add, name="focus_add"),
    path("focus/<int:pk>/edit/", focus.focus_edit, name="focus_edit"),
    path("focus/<int:pk>/retire/", focus.focus_retire, name="focus_retire"),
    path("new/", walk.walk_add, name="walk_add"),
    path("<int:pk>/", walk.walk_detail, name="walk"),
    path("<int:pk>/edit/", walk.walk_edit, name="walk_edit"),
    path("<int:pk>/announce/", walk.walk_announce_view, name="walk_announce"),
    path("<int:pk>/state/", walk.walk_state, name="walk_state"),
    path("<int:pk>/visits/add/", visits.visit_add, name="visit_add"),
    path("visits/<int:pk>/edit/", visits.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/remove/", visits.visit_remove, name="visit_remove"),
]
