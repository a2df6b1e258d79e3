"""Each xdist worker gets its own Redis database, cache prefix and folders."""

from __future__ import annotations

from tests.xdist_env import _own_redis_db, configure


def test_each_worker_gets_its_own_redis_database() -> None:
    assert _own_redis_db("redis://127.0.0.1:6379/0", 0) == "redis://127.0.0.1:6379/1"
    assert _own_redis_db("redis://127.0.0.1:6379/0", 1) == "redis://127.0.0.1:6379/2"
    assert _own_redis_db("redis://127.0.0.1:6379", 2) == "redis://127.0.0.1:6379/3"
    assert _own_redis_db("redis://h:1/15", 0) == "redis://h:1/0"
    assert _own_redis_db("amqp://guest@h//", 3) == "amqp://guest@h//"


def test_without_xdist_nothing_changes() -> None:
    environ = {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}
    configure(environ)
    assert environ == {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}


def test_a_worker_has_its_own_broker_cache_prefix_and_media() -> None:
    environ = {
        "PYTEST_XDIST_WORKER": "gw1",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    }
    configure(environ)
    assert environ["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/2"
    assert environ["CACHE_KEY_PREFIX"] == "sendit-test-gw1"
    assert environ["MEDIA_ROOT"].endswith("gw1/media")
    assert environ["BACKUP_DIR"].endswith("gw1/backups")
    assert environ["REPORTS_ROOT"].endswith("gw1/reports")
