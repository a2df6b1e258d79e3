from __future__ import annotations

from django.urls import path

from pupils.views import groups, profiles, pupil, register

app_name = "pupils"

urlpatterns = [
    path("register/", register.register, name="register"),
    path("my-classes/", register.my_classes, name="my_classes"),
    path("register.csv", register.register_csv, name="register_csv"),
    path("<int:pk>/", pupil.pupil_detail, name="pupil"),
    path("<int:pk>/status/", pupil.pupil_status, name="pupil_status"),
    path("<int:pk>/audit/", pupil.pupil_audit, name="audit"),
    path("<int:pk>/profile/", profiles.profile_edit, name="profile_edit"),
    path("<int:pk>/profile/print/", profiles.profile_print, name="profile_print"),
    path("<int:pk>/reviews/new/", profiles.review_add, name="review_add"),
    path("groups/", groups.group_list, name="groups"),
    path("groups/<int:pk>/", groups.group_detail, name="group"),
]
