from __future__ import annotations

from django.urls import path

from shell import views

app_name = "shell"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    # After allauth's accounts/... pages, which have no page of their own here.
    path("accounts/", views.account, name="account"),
]
