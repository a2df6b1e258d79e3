from __future__ import annotations

from django.urls import path  # noqa: F401

from feedback import views  # noqa: F401

app_name = "feedback"

urlpatterns: list = []
