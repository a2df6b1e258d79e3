from __future__ import annotations

import socket

from celery import shared_task

from schools.models import BackgroundJob


@shared_task(ignore_result=True)
def check_worker(job_id: int) -> None:
    job = BackgroundJob.objects.filter(pk=job_id).first()
    if job is None or job.status == BackgroundJob.Status.DONE:
        return  # idempotent: a redelivered message changes nothing
    job.mark_running(worker=socket.gethostname())
    job.mark_done(message="The worker picked up the job and wrote to the database.")


@shared_task(ignore_result=True)
def send_password_set_email(user_id: int, base_url: str, school_id: int | None = None) -> None:
    """Send allauth's password-reset email to an active member of staff of
    ``school_id`` (the school the admin was working in, named in the email;
    never a default one for someone in several schools).

    The worker has no request, so one is built from the address of the site
    the school admin was using, for the link in the email.
    """
    from urllib.parse import urlsplit

    from allauth.account.forms import ResetPasswordForm
    from allauth.core.context import request_context
    from django.http import HttpRequest

    from schools.models import Membership, School, User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    membership = None
    if school_id is not None:
        membership = (
            Membership.objects.filter(user=user, school_id=school_id, is_active=True)
            .select_related("school")
            .first()
        )
        if membership is None:
            return  # no longer on that school's staff
    parts = urlsplit(base_url)

    class SiteRequest(HttpRequest):
        # The school the email names (read by schools.adapters).
        sendit_school: School | None = None

        def _get_scheme(self) -> str:
            return parts.scheme or "http"

    request = SiteRequest()
    request.META["HTTP_HOST"] = parts.netloc
    request.META["SERVER_NAME"] = parts.hostname or "localhost"
    request.META["SERVER_PORT"] = str(parts.port or (443 if parts.scheme == "https" else 80))
    request.sendit_school = membership.school if membership else None
    with request_context(request):
        form = ResetPasswordForm(data={"email": user.email})
        if form.is_valid():
            form.save(request)


@shared_task(ignore_result=True)
def apply_retention() -> int:
    """Once a night: every school's retention schedule (schools.retention);
    the number of rows removed across the schools."""
    from schools.retention import retention_apply_all

    return sum(run.total for run in retention_apply_all())
