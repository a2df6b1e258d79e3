from __future__ import annotations

from django.urls import path  # noqa: F401

from walks import views  # noqa: F401

app_name = "walks"

urlpatterns: list = []
