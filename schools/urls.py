from __future__ import annotations

from django.urls import path

from schools import views

app_name = "schools"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("school/settings/", views.school_settings, name="settings"),
    path("school/worker-check/", views.worker_check, name="worker_check"),
    path("school/jobs/<int:pk>/", views.job_detail, name="job"),
]
