"""The shared cache, the sessions behind it and where messages are kept."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_CACHE_PREFIX
from django.core.cache import cache
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]

needs_redis = pytest.mark.skipif(
    not settings.REDIS_URL, reason="no Redis configured (REDIS_URL or a redis:// broker)"
)


def _manage_shell(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    dropped = {"SENDIT_TESTING", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=base
        | {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "sendit.example.org",
            "CACHE_KEY_PREFIX": settings.CACHE_KEY_PREFIX,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


@needs_redis
def test_a_value_cached_here_is_read_by_another_process() -> None:
    key, value = f"shared-{secrets.token_hex(4)}", secrets.token_hex(8)
    cache.set(key, value, 60)
    result = _manage_shell(f"from django.core.cache import cache; print(cache.get({key!r}))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == value
    # and the other way round
    result = _manage_shell(f"from django.core.cache import cache; cache.set({key!r}, 'back', 60)")
    assert result.returncode == 0, result.stderr
    assert cache.get(key) == "back"
    cache.delete(key)


@needs_redis
def test_each_deployment_has_its_own_key_prefix() -> None:
    key = f"prefixed-{secrets.token_hex(4)}"
    cache.set(key, "ours", 60)
    other = _manage_shell(
        f"from django.core.cache import cache; print(cache.get({key!r}))",
        CACHE_KEY_PREFIX="another-school",
    )
    assert other.returncode == 0, other.stderr
    assert other.stdout.strip() == "None"
    cache.delete(key)


def test_without_redis_the_cache_is_local_and_sessions_in_the_database() -> None:
    result = _manage_shell(
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)",
        CELERY_BROKER_URL="",
        REDIS_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
    ]


@needs_redis
def test_with_redis_the_cache_is_shared_and_sessions_cached_db() -> None:
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


@needs_redis
def test_failed_sign_ins_are_counted_in_the_shared_cache(cast, client) -> None:
    import redis
    from django.test import RequestFactory

    from schools.throttle import failures_key

    email = f"counted-{secrets.token_hex(4)}@cast.test"
    client.post(reverse("account_login"), {"login": email, "password": "not-it"})
    client.post(reverse("account_login"), {"login": email, "password": "not-it-either"})
    # The counter of this account from this address (the test client's).
    key = cache.make_key(failures_key(RequestFactory().post("/"), email))
    stored = redis.Redis.from_url(settings.REDIS_URL).get(key)
    assert stored == b"2", "the sign-in throttle's counters are not in Redis"


@needs_redis
def test_a_session_outlives_the_loss_of_its_cached_copy(cast, client) -> None:
    client.force_login(cast.sendco)
    session_key = client.session.session_key
    assert cache.get(SESSION_CACHE_PREFIX + session_key) is not None
    cache.delete(SESSION_CACHE_PREFIX + session_key)  # as after a Redis flush or restart
    response = client.get(reverse("shell:dashboard"))
    assert response.status_code == 200


def test_messages_are_kept_in_the_session_not_in_a_cookie(cast, client) -> None:
    client.force_login(cast.school_admin)
    page = client.get(reverse("schools:settings"))
    form = page.context["form"]
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    response = client.post(reverse("schools:settings"), data)
    assert response.status_code == 302, getattr(response.context, "form", None)
    assert "messages" not in response.cookies
    assert "messages" not in client.cookies
    landed = client.get(response.url)
    assert "School settings saved." in landed.content.decode()
    assert "messages" not in landed.cookies
