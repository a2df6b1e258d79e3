"""The security headers (#14) through the Django test client, and
``manage.py check --deploy`` with production settings. The same headers are
asserted over real HTTP through gunicorn in tests/test_server_path.py."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.urls import reverse

from tests.test_server_path import ROOT, production_env

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def assert_security_headers(headers, *, signed_in: bool) -> None:
    """What every page carries, and no-store on a signed-in one. Shared with
    tests/test_server_path.py."""
    assert "Content-Security-Policy-Report-Only" not in headers
    policy = directives(headers["Content-Security-Policy"])
    for name, value in POLICY.items():
        assert policy[name] == value, (name, policy)
    assert not any("unsafe" in value for value in policy.values()), policy
    permissions = headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    if signed_in:
        assert "no-store" in headers["Cache-Control"]


def test_a_signed_in_page_carries_every_header(client, cast) -> None:
    client.force_login(cast.sendco)
    response = client.get(reverse("shell:dashboard"))
    assert response.status_code == 200
    assert_security_headers(response.headers, signed_in=True)
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("role", ["teacher", "governor", "school_admin"])
def test_every_role_home_is_not_stored(client, cast, role) -> None:
    client.force_login(getattr(cast, role))
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 200
    assert_security_headers(response.headers, signed_in=True)


def test_the_sign_in_page_carries_the_policy(client, db) -> None:
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert_security_headers(response.headers, signed_in=False)


def test_check_deploy_with_production_settings_reports_nothing(db) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout
