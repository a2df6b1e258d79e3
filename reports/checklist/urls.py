"""The checklist's URLs, part of the reports namespace (added in reports/urls.py)."""

from __future__ import annotations

from django.urls import path

from reports.checklist import views, views_bank

urlpatterns = [
    path("checklist/", views.checklist_page, name="checklist"),
    path("checklist/all/", views.checklist_list, name="checklists"),
    path("checklist/answers/<int:pk>/", views.item_save, name="checklist_answer"),
    path("checklist/<int:pk>/actions/new/", views.action_create, name="checklist_action_add"),
    path("checklist/actions/<int:pk>/", views.action_update, name="checklist_action"),
    path("checklist/questions/", views_bank.bank, name="checklist_bank"),
    path("checklist/questions/new/", views_bank.question_create, name="checklist_question_add"),
    path(
        "checklist/questions/<int:pk>/edit/",
        views_bank.question_edit,
        name="checklist_question_edit",
    ),
    path(
        "checklist/questions/<int:pk>/retire/",
        views_bank.question_retire_view,
        name="checklist_question_retire",
    ),
    path(
        "checklist/questions/<int:pk>/move/",
        views_bank.question_move_view,
        name="checklist_question_move",
    ),
]
