"""Microsoft and Google sign-in are off unless a deployment configures them
(sendit/settings.py); configured, their pages are routed and the sign-in
page offers them. Checked in a child process with the environment set, as a
deployment would start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.urls import NoReverseMatch, reverse

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.conf import settings
assert apps.is_installed("allauth.socialaccount")
assert settings.SOCIALACCOUNT_ADAPTER == "schools.social.SchoolSocialAccountAdapter"
from schools.social import SchoolSocialAccountAdapter
assert SchoolSocialAccountAdapter().is_open_for_signup(None, None) is False
print(reverse("microsoft_login"), reverse("google_login"))
call_command("check")
"""


def test_off_by_default() -> None:
    assert not apps.is_installed("allauth.socialaccount")
    try:
        reverse("microsoft_login")
    except NoReverseMatch:
        pass
    else:
        raise AssertionError("Microsoft sign-in is routed with nothing configured")


def test_configured_by_the_environment() -> None:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "sendit.settings",
        "SENDIT_TESTING": "true",
        "MICROSOFT_CLIENT_ID": "client-id",
        "MICROSOFT_CLIENT_SECRET": "client-secret",
        "MICROSOFT_TENANT": "00000000-0000-0000-0000-000000000000",
        "GOOGLE_CLIENT_ID": "google-id",
        "GOOGLE_CLIENT_SECRET": "google-secret",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "/accounts/microsoft/login/ /accounts/google/login/" in done.stdout


def test_the_sign_in_page_offers_no_provider_by_default(client, db) -> None:
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with Microsoft" not in page and "Sign in with Google" not in page
