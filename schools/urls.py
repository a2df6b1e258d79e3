from __future__ import annotations

from django.urls import path

from schools import views, views_retention, views_sessions, views_terms

app_name = "schools"

urlpatterns = [
    # Under accounts/ (after allauth's pages): reachable before a school is chosen.
    path("accounts/devices/", views_sessions.devices, name="devices"),
    path("accounts/devices/sign-out/", views_sessions.devices_sign_out, name="devices_sign_out"),
    path("accounts/session/", views_sessions.session_status, name="session_status"),
    path("accounts/session/stay/", views_sessions.session_stay, name="session_stay"),
    path("school/choose/", views.school_choose, name="choose"),
    path("school/switch/", views.school_switch, name="switch"),
    path("school/settings/", views.school_settings, name="settings"),
    path("school/retention/", views_retention.retention, name="retention"),
    path("school/worker-check/", views.worker_check, name="worker_check"),
    path("school/jobs/<int:pk>/", views.job_detail, name="job"),
    path("school/staff/", views.staff_list, name="staff"),
    path("school/staff/add/", views.staff_add_view, name="staff_add"),
    path("school/staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("school/staff/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("school/staff/<int:pk>/deactivate/", views.staff_deactivate_view, name="staff_deactivate"),
    path("school/staff/<int:pk>/reactivate/", views.staff_reactivate_view, name="staff_reactivate"),
    path(
        "school/staff/<int:pk>/password-email/",
        views.staff_password_email_view,
        name="staff_password_email",
    ),
    path("school/term-dates/", views_terms.term_years, name="term_years"),
    path("school/term-dates/enter/", views_terms.term_year_new, name="term_year_new"),
    path("school/term-dates/<int:pk>/", views_terms.term_year, name="term_year"),
    path("school/term-dates/<int:pk>/edit/", views_terms.term_year_edit, name="term_year_edit"),
    path("school/role-grants/", views.role_grants, name="role_grants"),
    path(
        "school/role-grants/<int:pk>/confirm/",
        views.role_grant_confirm_view,
        name="role_grant_confirm",
    ),
    path(
        "school/role-grants/<int:pk>/decline/",
        views.role_grant_decline_view,
        name="role_grant_decline",
    ),
]
