"""`make bench`: the key pages under load and the reports in workers (#15).

For each data set (a large school; a trust of ten large schools) in its own
PostgreSQL database next to ``DATABASE_URL``'s (``<name>_bench_large``,
``<name>_bench_trust``): migrate, seed (``seed_demo --size large
[--schools 10]``, which does nothing the second time), measure each key
page's queries (``bench_targets``), serve the app with gunicorn (2 workers,
``DEBUG`` off, static files collected) and drive the key pages with
concurrent clients (locust, headless). Then make each document for the large
school in a worker, and queue 20 termly reports at once on 2 workers. Every
figure is printed and written to ``bench/results.md`` with the machine it
ran on; none is typed.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from demo.bench_pages import FLOOR

HOST = "bench.localhost"
BUDGET_QUERIES = 15
BUDGET_RATIO = 3.0
BUDGET_P95_MS = 150.0
BUDGET_TRUST = 1.2
BUDGET_TERMLY_S = 15.0
BUDGET_TERMLY_MB = 600.0


@dataclass
class PageFigures:
    name: str
    queries: int
    requests: int
    failures: int
    p50: float
    p95: float
    rps: float


def _database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = db.get("USER") or ""
    if db.get("PASSWORD"):
        auth += ":" + db["PASSWORD"]
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Command(BaseCommand):
    help = "Benchmark the key pages and the reports on PostgreSQL behind gunicorn (make bench)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=10)
        parser.add_argument("--seconds", type=int, default=40)
        parser.add_argument("--schools", type=int, default=10, help="schools in the trust")
        parser.add_argument("--no-trust", action="store_true")
        parser.add_argument("--no-reports", action="store_true")
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "bench" / "results.md"))

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "make bench runs on PostgreSQL: set DATABASE_URL=postgres://... (and "
                "CELERY_BROKER_URL=redis://... for the reports)."
            )
        self.base = settings.DATABASES["default"]["NAME"]
        self.options = options
        self.work = Path(tempfile.mkdtemp(prefix="sendit-bench-"))
        self.static_root = self.work / "static"
        self._run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], {})
        sets = [("large", 1)] + ([] if options["no_trust"] else [("trust", options["schools"])])
        results: dict[str, list[PageFigures]] = {}
        for label, schools in sets:
            url = self._prepare(label, schools)
            results[label] = self._drive(label, url)
        reports = (
            []
            if options["no_reports"]
            else self._reports(_database_url(f"{self.base}_bench_large"))
        )
        text = self._write(results, reports)
        self.stdout.write(text)

    # Steps ----------------------------------------------------------------------------

    def _env(self, database_url: str, **extra: str) -> dict[str, str]:
        dropped = {"SENDIT_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE", "TRUST_X_FORWARDED_PROTO"}
        env = {k: v for k, v in os.environ.items() if k not in dropped}
        return env | {
            "DEBUG": "false",
            "SECRET_KEY": self._secret,
            "ALLOWED_HOSTS": f"{HOST},testserver",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(self.static_root),
            "DJANGO_SETTINGS_MODULE": "sendit.settings",
            **extra,
        }

    @property
    def _secret(self) -> str:
        if not hasattr(self, "_key"):
            self._key = secrets.token_urlsafe(50)
        return self._key

    def _run(self, command: list[str], env: dict[str, str], **kwargs: Any) -> str:
        done = subprocess.run(  # noqa: S603
            command,
            cwd=settings.BASE_DIR,
            env=env or self._env(_database_url(self.base)),
            capture_output=True,
            text=True,
            **kwargs,
        )
        if done.returncode != 0:
            raise CommandError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def _prepare(self, label: str, schools: int) -> str:
        name = f"{self.base}_bench_{label}"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
        url = _database_url(name)
        env = self._env(url)
        self.stdout.write(f"== {label}: {name}")
        self._run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
        started = time.monotonic()
        self._run(
            [
                sys.executable,
                "manage.py",
                "seed_demo",
                "--size",
                "large",
                "--schools",
                str(schools),
            ],
            env,
        )
        self.stdout.write(f"   seeded in {time.monotonic() - started:.0f}s")
        return url

    def _drive(self, label: str, url: str) -> list[PageFigures]:
        env = self._env(url)
        targets = self.work / f"targets-{label}.json"
        self._run(
            [sys.executable, "manage.py", "bench_targets", "--out", str(targets)],
            env,
        )
        port = _free_port()
        log = (self.work / f"gunicorn-{label}.log").open("wb")
        gunicorn = subprocess.Popen(  # noqa: S603
            [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"],
            cwd=settings.BASE_DIR,
            env=env
            | {
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": "2",
                "FORWARDED_ALLOW_IPS": "127.0.0.1",
                "GUNICORN_ACCESS_LOG": "/dev/null",
                "TRUSTED_PROXY_COUNT": "1",
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_for(port)
            prefix = self.work / f"locust-{label}"
            # locust lives in a virtualenv of its own (make bench makes it), so
            # that its dependencies never change the app's.
            locust = os.environ.get("LOCUST") or str(Path(sys.executable).with_name("locust"))
            self.stdout.write(
                f"   {self.options['clients']} clients for {self.options['seconds']}s on "
                f"gunicorn (2 workers) at 127.0.0.1:{port}"
            )
            subprocess.run(  # noqa: S603
                [
                    locust,
                    "-f",
                    str(Path(settings.BASE_DIR) / "bench" / "locustfile.py"),
                    "--headless",
                    "--only-summary",
                    "-u",
                    str(self.options["clients"]),
                    "-r",
                    str(self.options["clients"]),
                    "-t",
                    f"{self.options['seconds']}s",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(prefix),
                    "--loglevel",
                    "WARNING",
                ],
                cwd=settings.BASE_DIR,
                env=os.environ | {"BENCH_TARGETS": str(targets), "BENCH_HOST": HOST},
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(30)
            log.close()
        queries = {p["name"]: p["queries"] for p in json.loads(targets.read_text())["pages"]}
        figures = []
        with open(f"{prefix}_stats.csv", newline="") as stats:
            for row in csv.DictReader(stats):
                if row["Name"] == "Aggregated":
                    continue
                figures.append(
                    PageFigures(
                        name=row["Name"],
                        queries=queries.get(row["Name"], -1),
                        requests=int(row["Request Count"]),
                        failures=int(row["Failure Count"]),
                        p50=float(row["50%"]),
                        p95=float(row["95%"]),
                        rps=float(row["Requests/s"]),
                    )
                )
        return figures

    def _wait_for(self, port: int) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                request = urllib.request.Request(  # noqa: S310
                    f"http://127.0.0.1:{port}/healthz",
                    headers={"Host": HOST, "X-Forwarded-Proto": "https"},
                )
                with urllib.request.urlopen(request, timeout=2):  # noqa: S310  # nosec B310
                    return
            except OSError:
                time.sleep(0.5)
        raise CommandError("gunicorn did not answer /healthz within 60s")

    def _reports(self, url: str) -> list[str]:
        env = self._env(url)
        self.stdout.write("== reports for the large school in a worker")
        lines = self._run(
            [sys.executable, "manage.py", "bench_reports"], env, timeout=1800
        ).splitlines()
        lines += self._run(
            [sys.executable, "manage.py", "bench_reports", "--queue", "20", "--workers", "2"],
            env,
            timeout=1800,
        ).splitlines()
        return [line for line in lines if line.strip() and not line.startswith("Starting")]

    # Results --------------------------------------------------------------------------

    def _machine(self) -> str:
        model = ""
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
            memory = next(
                line.split(":", 1)[1].strip()
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        except OSError:
            memory = "?"
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgres = cursor.fetchone()[0]
        return (
            f"{os.cpu_count()} cores ({model or platform.machine()}), {memory} memory, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"PostgreSQL {postgres}"
        )

    def _write(self, results: dict[str, list[PageFigures]], reports: list[str]) -> str:
        out = [
            "# Benchmark results",
            "",
            f"Made by `make bench` on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: "
            f"{self._machine()}. gunicorn with 2 workers, DEBUG off, "
            f"{self.options['clients']} concurrent clients (locust) for "
            f"{self.options['seconds']}s per data set. Queries: SQL statements of one load "
            "of the page (BEGIN and COMMIT not counted). Times in milliseconds.",
            "",
        ]
        missed: list[str] = []
        large = {f.name: f for f in results.get("large", [])}
        for label, figures in results.items():
            floor = next((f for f in figures if f.name == FLOOR), None)
            floor_p95 = floor.p95 if floor and floor.p95 else 1.0
            title = (
                "A large school (1,800 pupils, 150 staff)"
                if label == "large"
                else (f"A trust of {self.options['schools']} large schools in one database")
            )
            out += [
                f"## {title}",
                "",
                "| page | queries | requests | failures | p50 | p95 | req/s | p95 / floor |"
                + (" p95 / large school |" if label == "trust" else ""),
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
                + (" ---: |" if label == "trust" else ""),
            ]
            for f in figures:
                ratio = f.p95 / floor_p95
                row = (
                    f"| {f.name} | {f.queries if f.queries >= 0 else ''} | {f.requests} | "
                    f"{f.failures} | {f.p50:.0f} | {f.p95:.0f} | {f.rps:.1f} | {ratio:.2f} |"
                )
                if label == "trust" and f.name in large and large[f.name].p95:
                    trust_ratio = f.p95 / large[f.name].p95
                    row += f" {trust_ratio:.2f} |"
                    if trust_ratio > BUDGET_TRUST:
                        missed.append(f"{label}: {f.name} is {trust_ratio:.2f}x the large school")
                out.append(row)
                if f.name == FLOOR:
                    continue
                if f.queries > BUDGET_QUERIES:
                    missed.append(f"{label}: {f.name} makes {f.queries} queries")
                if f.failures:
                    missed.append(f"{label}: {f.name} failed {f.failures} times")
                if f.queries >= 0 and (ratio > BUDGET_RATIO or f.p95 > BUDGET_P95_MS):
                    missed.append(f"{label}: {f.name} p95 {f.p95:.0f} ms ({ratio:.1f}x the floor)")
            out.append("")
        if reports:
            out += ["## Reports for the large school, each made in a worker", "", "```"]
            out += reports
            out += ["```", ""]
        out += [
            "## Budgets",
            "",
            f"At most {BUDGET_QUERIES} queries per key page; p95 at most {BUDGET_RATIO:g} times "
            f"the floor's and at most {BUDGET_P95_MS:g} ms; the trust within "
            f"{BUDGET_TRUST:g} times the large school; the termly report in at most "
            f"{BUDGET_TERMLY_S:g} s and {BUDGET_TERMLY_MB:g} MB; 20 queued reports all made once.",
            "",
        ]
        out += [f"- missed: {m}" for m in missed] or ["- every budget above was met in this run"]
        text = "\n".join(out) + "\n"
        Path(self.options["out"]).parent.mkdir(parents=True, exist_ok=True)
        Path(self.options["out"]).write_text(text)
        return text
