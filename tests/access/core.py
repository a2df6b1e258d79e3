from __future__ import annotations

from schools.models import BackgroundJob, Role
from tests.access import ANY_ROLE, PUBLIC, SIGNED_IN, Entry, roles


def _job(cast) -> dict:
    job = BackgroundJob.objects.create(
        school=cast.school, kind="worker_check", requested_by=cast.sendco
    )
    return {"pk": job.pk}


ENTRIES: dict[str, Entry] = {
    # Public: sign-in, password reset and the health check.
    "healthz": PUBLIC,
    "account_login": PUBLIC,
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": Entry(
        roles=None, kwargs=lambda cast: {"uidb36": "zz", "key": "not-a-real-key"}
    ),
    "account_reset_password_from_key_done": PUBLIC,
    "account_inactive": PUBLIC,
    # Any signed-in member of a school.
    "home": Entry(roles=ANY_ROLE, ok=frozenset({302})),
    "account_logout": SIGNED_IN,
    "account_change_password": SIGNED_IN,
    "account_set_password": Entry(roles=ANY_ROLE, ok=frozenset({200, 302})),
    # Asking for the password again (before two-step sign-in changes).
    "account_reauthenticate": Entry(roles=ANY_ROLE, ok=frozenset({200, 302})),
    # Two-step sign-in (allauth.mfa): each person's own; nothing names anyone
    # else, so every role may open them. The code page without a sign-in
    # under way, and the pages that first ask for the password again
    # (reauthentication) or need an app set up, answer with a redirect.
    "mfa_index": SIGNED_IN,
    "mfa_authenticate": Entry(roles=ANY_ROLE, ok=frozenset({302})),
    "mfa_reauthenticate": Entry(roles=ANY_ROLE, ok=frozenset({200, 302})),
    "mfa_activate_totp": Entry(roles=ANY_ROLE, ok=frozenset({200, 302})),
    "mfa_generate_recovery_codes": Entry(roles=ANY_ROLE, ok=frozenset({200, 302})),
    # Turning the app off and the recovery codes: 404 for someone who has no
    # app or no codes (there is nothing of theirs there), as allauth answers;
    # schools/tests/test_mfa.py checks each case.
    "mfa_deactivate_totp": Entry(roles=ANY_ROLE, ok=frozenset({200, 302, 404})),
    "mfa_view_recovery_codes": Entry(roles=ANY_ROLE, ok=frozenset({200, 302, 404})),
    "mfa_download_recovery_codes": Entry(roles=ANY_ROLE, ok=frozenset({200, 302, 404})),
    # The shell.
    "shell:dashboard": Entry(roles=roles(Role.SENDCO)),
    "shell:account": SIGNED_IN,
    "schools:settings": Entry(roles=roles(Role.SCHOOL_ADMIN, Role.SENDCO)),
    "schools:worker_check": Entry(
        roles=roles(Role.SCHOOL_ADMIN, Role.SENDCO), method="post", ok=frozenset({302})
    ),
    "schools:job": Entry(roles=roles(Role.SCHOOL_ADMIN, Role.SENDCO), kwargs=_job),
}
