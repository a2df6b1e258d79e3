from __future__ import annotations

from django.urls import path

from shell import views

app_name = "shell"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
