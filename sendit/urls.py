from __future__ import annotations

from allauth.account import views as account_views
from django.apps import apps
from django.urls import URLPattern, URLResolver, include, path, re_path

from shell import views as shell_views

# Only the account pages a school's staff need: no self sign-up and no
# changing the email address the school manages.
account_patterns: list[URLPattern | URLResolver] = [
    path("login/", account_views.login, name="account_login"),
    # Asks for the password again before two-step sign-in is changed.
    path("reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
    # Two-step sign-in (allauth.mfa): the code at sign-in, the authenticator
    # app and recovery codes (schools/mfa.py says who must have it).
    path("2fa/", include("allauth.mfa.urls")),
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

# Microsoft and Google sign-in, when a deployment configures them
# (sendit/settings.py): the provider's login and callback pages, and
# allauth's pages for a cancelled or failed sign-in. No sign-up page.
if apps.is_installed("allauth.socialaccount"):
    from allauth.socialaccount import views as social_views
    from allauth.urls import build_provider_urlpatterns

    account_patterns += [
        path(
            "3rdparty/login/cancelled/",
            social_views.login_cancelled,
            name="socialaccount_login_cancelled",
        ),
        path("3rdparty/login/error/", social_views.login_error, name="socialaccount_login_error"),
        *build_provider_urlpatterns(),
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
