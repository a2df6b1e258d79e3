from __future__ import annotations

from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools and staff"

    def ready(self) -> None:
        from schools import mfa

        mfa.connect()

        from allauth.account import signals as account_signals
        from django.contrib.auth import signals as auth_signals

        from schools import sessions

        auth_signals.user_logged_in.connect(sessions.on_logged_in, dispatch_uid="sessions_in")
        auth_signals.user_logged_out.connect(sessions.on_logged_out, dispatch_uid="sessions_out")
        account_signals.password_changed.connect(
            sessions.on_password_changed, dispatch_uid="sessions_pw_changed"
        )
        account_signals.password_set.connect(
            sessions.on_password_changed, dispatch_uid="sessions_pw_set"
        )
        account_signals.password_reset.connect(
            sessions.on_password_reset, dispatch_uid="sessions_pw_reset"
        )
