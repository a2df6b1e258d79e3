from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from schools import views as school_views

urlpatterns = [
    path("", school_views.home, name="home"),
    path("healthz", school_views.healthz, name="healthz"),
    path("accounts/", include("allauth.account.urls")),
    path("", include("schools.urls")),
    path("pupils/", include("pupils.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
