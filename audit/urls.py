from __future__ import annotations

from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("record-of-changes/", views.changes, name="changes"),
    path("refused-access/", views.refused, name="refused"),
]
