"""Typed readers for settings that come from the environment.

Each reader fails loudly, naming the variable, so that a typo in a deployment
stops start-up instead of running with a silently different value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str, environ_: Mapping[str, str] | None = None) -> str | None:
    source = os.environ if environ_ is None else environ_
    return source.get(name)


def env_str(name: str, default: str = "", *, environ_: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ_)
    return default if value is None else value


def env_bool(
    name: str, default: bool = False, *, environ_: Mapping[str, str] | None = None
) -> bool:
    value = _raw(name, environ_)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of true/false, yes/no, on/off or 1/0; got {value!r}."
    )


def env_int(name: str, default: int, *, environ_: Mapping[str, str] | None = None) -> int:
    value = _raw(name, environ_)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None


def env_list(
    name: str, default: list[str], *, environ_: Mapping[str, str] | None = None
) -> list[str]:
    value = _raw(name, environ_)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_database(name: str, default: dict, *, environ_: Mapping[str, str] | None = None) -> dict:
    """Parse a database URL such as postgres://user@host:5432/name."""
    value = _raw(name, environ_)
    if value is None or value.strip() == "":
        return default
    scheme = value.split("://", 1)[0] if "://" in value else ""
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ImproperlyConfigured(f"{name} must be a postgres:// or sqlite:// URL; got {value!r}.")
    try:
        config = environ.Env.db_url_config(value)
    except Exception as exc:  # django-environ raises several kinds
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name a database, e.g. postgres://host/sendit.")
    return config


def env_broker(name: str, *, environ_: Mapping[str, str] | None = None) -> str:
    value = env_str(name, "", environ_=environ_).strip()
    if value and not value.startswith(("redis://", "rediss://", "amqp://", "memory://")):
        raise ImproperlyConfigured(
            f"{name} must be a redis://, rediss:// or amqp:// URL; got {value!r}."
        )
    return value


def env_redis_url(
    name: str, default: str = "", *, environ_: Mapping[str, str] | None = None
) -> str:
    """A Redis URL (redis://host:6379/0, rediss:// or unix://), or "" when unset.

    The default applies only when the variable is unset or empty; a default
    that is not a Redis URL (e.g. an amqp:// broker) means "no Redis".
    """
    value = env_str(name, "", environ_=environ_).strip()
    if not value:
        return default if default.startswith(("redis://", "rediss://", "unix://")) else ""
    parsed = urlsplit(value)
    problem = ""
    if parsed.scheme not in {"redis", "rediss", "unix"}:
        problem = "must be a redis://, rediss:// or unix:// URL"
    elif parsed.scheme != "unix" and not parsed.hostname:
        problem = "must name a host, e.g. redis://127.0.0.1:6379/0"
    else:
        try:
            parsed.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError:
            problem = "has a port that is not a number"
        db = parsed.path.strip("/")
        if parsed.scheme != "unix" and db and not db.isdigit():
            problem = "must end with a database number, e.g. /0"
    if problem:
        raise ImproperlyConfigured(f"{name} {problem}; got {value!r}.")
    return value
