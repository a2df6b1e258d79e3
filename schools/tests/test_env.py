from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from sendit.lib.env import (
    env_bool,
    env_broker,
    env_database,
    env_int,
    env_list,
    env_redis_url,
)

ROOT = Path(__file__).resolve().parents[2]


def test_bool_reads_the_usual_spellings() -> None:
    assert env_bool("X", environ_={"X": "Yes"}) is True
    assert env_bool("X", environ_={"X": "off"}) is False
    assert env_bool("X", True, environ_={}) is True


def test_malformed_values_name_the_variable() -> None:
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", environ_={"DEBUG": "maybe"})
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 587, environ_={"EMAIL_PORT": "five"})
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", {}, environ_={"DATABASE_URL": "mysql://x/y"})
    with pytest.raises(ImproperlyConfigured, match="CELERY_BROKER_URL"):
        env_broker("CELERY_BROKER_URL", environ_={"CELERY_BROKER_URL": "localhost:6379"})


def test_database_url_is_parsed() -> None:
    config = env_database(
        "DATABASE_URL", {}, environ_={"DATABASE_URL": "postgres://app@127.0.0.1:5432/sendit"}
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "sendit"
    assert config["PORT"] == 5432


def test_redis_url_defaults_to_a_redis_broker_only() -> None:
    assert env_redis_url("REDIS_URL", "redis://r:6379/0", environ_={}) == "redis://r:6379/0"
    assert env_redis_url("REDIS_URL", "amqp://rabbit//", environ_={}) == ""
    assert env_redis_url("REDIS_URL", "", environ_={}) == ""
    given = {"REDIS_URL": "rediss://:pw@cache.internal:6380/2"}
    assert env_redis_url("REDIS_URL", "redis://r/0", environ_=given) == given["REDIS_URL"]


@pytest.mark.parametrize(
    "value", ["localhost:6379", "http://cache/0", "redis://", "redis://r:port/0", "redis://r/zero"]
)
def test_a_malformed_redis_url_names_the_variable(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        env_redis_url("REDIS_URL", environ_={"REDIS_URL": value})


def test_list_splits_on_commas() -> None:
    assert env_list("H", [], environ_={"H": "a.test, b.test,"}) == ["a.test", "b.test"]


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SENDIT_TESTING", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "sendit.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_start_up_stops_on_a_bad_value_and_names_it() -> None:
    result = _start({"DEBUG": "true", "DATABASE_URL": "not a url"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_start_up_stops_on_a_malformed_redis_url() -> None:
    result = _start({"DEBUG": "true", "REDIS_URL": "cache.internal:6379"})
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_production_needs_a_secret_key() -> None:
    result = _start({"DEBUG": "false", "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_deploy_checks_are_clean_with_production_settings() -> None:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SENDIT_TESTING", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **clean,
            "DEBUG": "false",
            "SECRET_KEY": "k7#Qp2!vRz9@Lm4$Wx8^Tn1&Yb6*Hc3(Fd5)Gj0-Se2+Ua7=Ov",
            "ALLOWED_HOSTS": "sendit.example.org",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
