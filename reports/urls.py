from __future__ import annotations

from django.urls import path

from reports import views
from reports.checklist.urls import urlpatterns as checklist_urls

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("request/", views.request_document, name="request"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/status/", views.status, name="status"),
    path("documents/<int:pk>/download/", views.download, name="download"),
    path("documents/<int:pk>/retry/", views.retry, name="retry"),
    path("summaries/", views.summaries, name="summaries"),
    path("subject-access/pupil/<int:pk>/", views.subject_access, name="subject_access"),
]
urlpatterns += checklist_urls
