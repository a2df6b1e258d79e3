from __future__ import annotations

from django.urls import path

from pupils import views

app_name = "pupils"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("my-classes/", views.my_classes, name="my_classes"),
]
