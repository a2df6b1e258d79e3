from __future__ import annotations

from django.urls import path

from pupils.views import register

app_name = "pupils"

urlpatterns = [
    path("register/", register.register, name="register"),
    path("my-classes/", register.my_classes, name="my_classes"),
]
