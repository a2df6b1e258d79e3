"""The benchmark's clients (`make bench` runs locust headless with this file).

Each client opens the key pages of every role in turn, as the demo accounts
(the sessions come from ``manage.py bench_targets``), speaking to gunicorn as
Caddy does: plain HTTP from the proxy's address with ``X-Forwarded-Proto:
https``. Each also autosaves its own capture record now and then, the way
capture.js does (``X-Autosave: 1``, the version it was based on).
"""

from __future__ import annotations

import itertools
import json
import os
import re

from locust import HttpUser, between, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"]).read())  # noqa: SIM115
HOST = os.environ.get("BENCH_HOST", "bench.localhost")
HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.10"}
VERSION = re.compile(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_records = itertools.count()


def cookies(who: str, csrf: str = "") -> dict[str, str]:
    # Set by hand: the cookies are Secure, and the clients speak plain HTTP
    # to gunicorn as the proxy does.
    jar = f"sessionid={TARGETS['sessions'][who]}"
    if csrf:
        jar += f"; csrftoken={csrf}"
    return HEADERS | {"Cookie": jar}


class Staff(HttpUser):
    wait_time = between(0.1, 0.3)

    def on_start(self) -> None:
        self.record = TARGETS["autosave"][next(_records) % max(len(TARGETS["autosave"]), 1)]
        self.csrf = ""
        self.version = "0"
        self.saves = 0

    @task
    def round_of_pages(self) -> None:
        """Every key page once, then one autosave of this client's record."""
        for page in TARGETS["pages"]:
            self.client.get(page["url"], name=page["name"], headers=cookies(page["who"]))
        self.autosave()

    def autosave(self) -> None:
        if not TARGETS["autosave"]:
            return
        if not self.csrf:
            response = self.client.get(
                self.record, name="capture page (for autosave)", headers=cookies("sendco")
            )
            self.csrf = response.cookies.get("csrftoken") or ""
            found = VERSION.search(response.text)
            self.version = next(v for v in found.groups() if v) if found else "0"
            token = CSRF.search(response.text)
            self.form_token = token.group(1) if token else self.csrf
        self.saves += 1
        with self.client.post(
            self.record,
            name="capture autosave",
            data={
                "csrfmiddlewaretoken": self.form_token,
                "version": self.version,
                "notes": f"Benchmark note {self.saves}: the visual timetable was used at the door.",
                "action": "save",
            },
            headers=cookies("sendco", self.csrf)
            | {
                "X-Autosave": "1",
                "X-CSRFToken": self.csrf,
                "Accept": "application/json",
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}{self.record}",
            },
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                self.version = str(response.json().get("version", self.version))
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                self.csrf = ""  # read the page again
