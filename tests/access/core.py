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
    # The shell.
    "shell:dashboard": Entry(roles=roles(Role.SENDCO)),
    "shell:account": SIGNED_IN,
    "schools:settings": Entry(roles=roles(Role.SCHOOL_ADMIN, Role.SENDCO)),
    "schools:worker_check": Entry(
        roles=roles(Role.SCHOOL_ADMIN, Role.SENDCO), method="post", ok=frozenset({302})
    ),
    "schools:job": Entry(roles=roles(Role.SCHOOL_ADMIN, Role.SENDCO), kwargs=_job),
}
