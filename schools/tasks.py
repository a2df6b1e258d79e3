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
