"""Render a document's HTML to a PDF file in a child process with limits.

The child (reports.pdf_child) runs WeasyPrint with a fetcher that reads only
our static files. It gets an address-space limit (REPORT_MEMORY_LIMIT_MB)
and a CPU and wall-clock limit (REPORT_RENDER_SECONDS) of its own, so one
oversized document fails with a reason while the worker carries on; the
Celery task has its own soft and hard time limits around the whole job.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

STATIC_BASE = "https://static.sendit.invalid/"  # = reports.pdf_child.STATIC_BASE


# What running out of the address-space limit looks like in the child.
OUT_OF_MEMORY = ("MemoryError", "failed to map segment", "Cannot allocate memory", "bad_alloc")


class RenderFailed(Exception):
    """The PDF could not be made; the message is for people."""


@dataclass(frozen=True)
class Rendered:
    pages: int
    peak_kb: int
    refused: list[str]


def static_roots() -> list[Path]:
    roots = [Path(settings.STATIC_ROOT)] if Path(settings.STATIC_ROOT).is_dir() else []
    return roots + [Path(p) for p in settings.STATICFILES_DIRS]


def _limits(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def _too_long(seconds: int) -> str:
    return f"Laying out the PDF took longer than {seconds} seconds, the limit for one document."


def render_pdf(html: str, out: Path, *, memory_mb: int | None = None) -> Rendered:
    memory_mb = memory_mb or settings.REPORT_MEMORY_LIMIT_MB
    seconds = settings.REPORT_RENDER_SECONDS
    args = [sys.executable, "-m", "reports.pdf_child", "--out", str(out)]
    for root in static_roots():
        args += ["--static-root", str(root)]
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(  # noqa: S603 (our own interpreter and module, no shell)
            args,
            input=html.encode("utf-8"),
            capture_output=True,
            timeout=seconds,
            cwd=settings.BASE_DIR,
            preexec_fn=lambda: _limits(memory_mb * 1024 * 1024, seconds),  # noqa: PLW1509
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise RenderFailed(_too_long(seconds)) from error
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace")
        if any(sign in err for sign in OUT_OF_MEMORY) or done.returncode in (-9, 137):
            raise RenderFailed(
                f"The PDF needed more than the {memory_mb} MB of memory one document may use."
            )
        if done.returncode == -24:  # SIGXCPU
            raise RenderFailed(_too_long(seconds))
        last = err.strip().splitlines()[-1:] or ["no message"]
        raise RenderFailed(f"The PDF could not be laid out ({last[0][:200]}).")
    result = json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])
    return Rendered(
        pages=int(result["pages"]), peak_kb=int(result["peak_kb"]), refused=result["refused"]
    )
