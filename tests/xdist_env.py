"""Give each pytest-xdist worker its own Redis databases, cache prefix and
media folders, before Django reads its settings.

Loaded with ``-p tests.xdist_env`` (pyproject's addopts), which pytest
imports before pytest-django configures Django, so the environment set
here is what ``sendit/settings.py`` reads, and what the subprocesses the
tests start (gunicorn, collectstatic, Celery workers) inherit. Without
xdist (``PYTEST_XDIST_WORKER`` unset) it changes nothing.

Each worker has its own test database already (pytest-django appends the
worker id); a shared broker would let one worker's Celery worker take
another's task and look for its rows in the wrong database, and a shared
cache would mix sign-in rate limits and sessions.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

REDIS_DATABASES = 16


def _worker_index(worker: str) -> int:
    match = re.fullmatch(r"gw(\d+)", worker)
    return int(match.group(1)) if match else 0


def _own_redis_db(url: str, index: int) -> str:
    """The same Redis server, database (base + 1 + index) mod 16."""
    if not url.startswith(("redis://", "rediss://")):
        return url
    match = re.fullmatch(r"(rediss?://[^/]*)(?:/(\d*))?(\?.*)?", url)
    if not match:
        return url
    base = int(match.group(2) or 0)
    return f"{match.group(1)}/{(base + 1 + index) % REDIS_DATABASES}{match.group(3) or ''}"


def configure(environ: os._Environ[str] | dict[str, str]) -> None:
    worker = environ.get("PYTEST_XDIST_WORKER", "")
    if not worker:
        return
    index = _worker_index(worker)
    for name in ("CELERY_BROKER_URL", "REDIS_URL"):
        if environ.get(name):
            environ[name] = _own_redis_db(environ[name], index)
    environ["CACHE_KEY_PREFIX"] = f"sendit-test-{worker}"
    scratch = Path(tempfile.gettempdir()) / f"sendit-test-{os.getuid()}-{worker}"
    for name, folder in (
        ("MEDIA_ROOT", "media"),
        ("BACKUP_DIR", "backups"),
        ("REPORTS_ROOT", "reports"),
    ):
        environ.setdefault(name, str(scratch / folder))


configure(os.environ)
