from __future__ import annotations

from allauth.account import views as account_views
from django.urls import include, path, re_path

from shell import views as shell_views

# Only the account pages a school's staff need: no self sign-up and no
# changing the email address the school manages.
account_patterns = [
    path("login/", account_views.login, name="account_login"),
    path("logout/", account_views.logout, name="account_logout"),
    path("inactive/", account_views.account_inactive, name="account_inactive"),
    path("password/change/", account_views.password_change, name="account_change_password"),
    path("password/set/", account_views.password_set, name="account_set_password"),
    path("password/reset/", account_views.password_reset, name="account_reset_password"),
    path(
        "password/reset/done/",
        account_views.password_reset_done,
        name="account_reset_password_done",
    ),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        account_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
]

urlpatterns = [
    path("", shell_views.home, name="home"),
    path("healthz", shell_views.healthz, name="healthz"),
    path("accounts/", include(account_patterns)),
    path("", include("shell.urls")),
    path("", include("schools.urls")),
    path("pupils/", include("pupils.urls")),
    path("walks/", include("walks.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("feedback/", include("feedback.urls")),
    path("reports/", include("reports.urls")),
    path("calendar/", include("calendar_app.urls")),
    path("notifications/", include("notifications.urls")),
    path("audit/", include("audit.urls")),
]
