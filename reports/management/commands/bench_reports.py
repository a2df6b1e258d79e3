"""Make each document for a school in a real worker and print time and peak memory.

``manage.py bench_reports [--school demo] [--period KEY]`` (``make bench``).
With a broker configured it starts a Celery worker of its own (prefork, one
process, as in production) and stops it afterwards; without one the tasks
run in this process, which it says. Figures come from the documents' rows:
seconds from claim to file, the peak memory of the render child and of the
worker process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reports.models import ReportDocument
from reports.periods import current_term, latest_period_for, period_from_key
from reports.registry import all_kinds
from reports.services import document_request
from schools.models import Role, School, User


class Command(BaseCommand):
    help = "Make every document for a school in a real worker; print time and peak memory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", default="demo", help="the school's slug")
        parser.add_argument("--period", default="", help="a term or half-term key")
        parser.add_argument("--timeout", type=int, default=600)
        parser.add_argument(
            "--queue",
            type=int,
            default=0,
            help="instead: queue this many termly reports at once and check that every one "
            "is made exactly once",
        )
        parser.add_argument("--workers", type=int, default=1, help="worker processes")

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(f"No school {options['school']!r}: run seed_demo first.")
        today = timezone.localdate()
        period = (
            period_from_key(school, options["period"])
            if options["period"]
            else current_term(school, today)
        )
        if period is None:
            raise CommandError(f"No period {options['period']!r}.")
        asker = User.objects.in_school(school, Role.SLT, Role.SENDCO).order_by("pk").first()
        worker = self._start_worker(options["workers"])
        try:
            if options["queue"]:
                self._queue(school, asker, options["queue"], options["timeout"])
                return
            # A subject access export is about one pupil, asked for on their page.
            for kind in (k for k in all_kinds() if not k.about_pupil):
                started = time.monotonic()
                chosen = (
                    period
                    if period.kind in kind.periods
                    else latest_period_for(school, today, kind.periods)
                )
                document = document_request(
                    school=school, kind=kind, period=chosen, requested_by=asker
                )
                document = self._wait(document, options["timeout"])
                wall = time.monotonic() - started
                if document.status != ReportDocument.Status.DONE:
                    self.stdout.write(f"{kind.key:10} FAILED after {wall:.1f}s: {document.failure}")
                    continue
                self.stdout.write(
                    f"{kind.key:10} {document.pages:3d} pages  {wall:6.1f}s wall  "
                    f"{document.seconds or 0:6.1f}s in the worker  "
                    f"render peak {(document.render_peak_kb or 0) / 1024:7.1f} MB  "
                    f"worker peak {(document.worker_peak_kb or 0) / 1024:7.1f} MB"
                )
        finally:
            if worker is not None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(30)

    def _queue(self, school: School, asker: User | None, count: int, timeout: int) -> None:
        """``count`` termly reports asked for at once: each must be made, once."""
        kind = next(k for k in all_kinds() if k.key == "termly")
        today = timezone.localdate()
        period = latest_period_for(school, today, kind.periods)
        started = time.monotonic()
        documents = [
            document_request(school=school, kind=kind, period=period, requested_by=asker)
            for _ in range(count)
        ]
        finished = [self._wait(d, timeout) for d in documents]
        wall = time.monotonic() - started
        done = [d for d in finished if d.status == ReportDocument.Status.DONE]
        once = [d for d in done if d.attempts == 1]
        self.stdout.write(
            f"queue      {count} termly reports on {self._workers} workers: {len(done)} made, "
            f"{len(once)} made exactly once, {count - len(done)} lost, in {wall:.1f}s"
        )

    def _start_worker(self, workers: int = 1) -> subprocess.Popen[bytes] | None:
        self._workers = workers
        if not settings.CELERY_BROKER_URL:
            self.stdout.write("No broker configured: the documents are made in this process.")
            return None
        from sendit.celery import app

        app.conf.task_always_eager = False
        self.stdout.write(f"Starting a worker on {settings.CELERY_BROKER_URL.split('@')[-1]}")
        return subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "sendit",
                "worker",
                "--pool=prefork",
                f"--concurrency={workers}",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
            cwd=settings.BASE_DIR,
            # The worker's own log goes to stderr: stdout is the figures.
            stdout=sys.stderr,
            start_new_session=True,
        )

    def _wait(self, document: ReportDocument, timeout: int) -> ReportDocument:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            document.refresh_from_db()
            if document.is_finished:
                return document
            time.sleep(0.2)
        raise CommandError(f"{document.kind} not finished after {timeout}s ({document.status})")
