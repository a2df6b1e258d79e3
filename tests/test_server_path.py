"""The whole server path, as a school's server runs it.

collectstatic with DEBUG off (manifest storage), then gunicorn with the
project's gunicorn.conf.py, DEBUG off, on the test's PostgreSQL database and
the Redis broker and cache, spoken to over real HTTP the way Caddy speaks
to it: plain HTTP from the proxy's address with X-Forwarded-Proto: https,
the site's Host, and X-Forwarded-For naming the browser.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from schools.mfa import MFA_ROLES
from schools.models import Role
from tests.factories import PASSWORD, make_school, make_user
from tests.mfa import code_for

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
HOST = "sendit.example.org"
BROWSER_IP = "203.0.113.7"  # a documentation address: only ever a header value here
MFA_CODE_PATH = "/accounts/2fa/authenticate/"

HEADINGS = {
    Role.SENDCO: ("/dashboard/", "SENDCo dashboard"),
    Role.SLT: ("/reports/", "Reports"),
    Role.TEACHER: ("/pupils/my-classes/", "My classes and walk notes"),
    Role.TA: ("/pupils/my-classes/", "My classes and walk notes"),
    Role.GOVERNOR: ("/reports/summaries/", "SEND summaries"),
    Role.SCHOOL_ADMIN: ("/school/settings/", "School settings"),
}


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


@dataclass
class Proxy:
    """Speaks to gunicorn as Caddy would, keeping one browser's cookies."""

    port: int
    source: str = "127.0.0.1"
    forwarded: bool = True
    browser_ip: str = BROWSER_IP
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> Response:
        headers = {"Host": HOST, "User-Agent": "sendit-server-path-test"}
        if self.forwarded:
            headers |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": self.browser_ip}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}{path}",
            }
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.source, 0)
        )
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            response = Response(raw.status, raw.headers, raw.read().decode("utf-8", "replace"))
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def follow(self, response: Response, limit: int = 5) -> tuple[Response, str]:
        path = ""
        while response.status in {301, 302, 303} and limit:
            target = urlsplit(response.location)
            assert target.netloc in {"", HOST}, response.location
            path = target.path + (f"?{target.query}" if target.query else "")
            response = self.get(path)
            limit -= 1
        return response, path

    def post_form(self, path: str, data: dict[str, str]) -> Response:
        page = self.get(path)
        assert page.status == 200, page.body[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert token, f"the form of {path} has no CSRF token"
        return self.request("POST", path, {"csrfmiddlewaretoken": token.group(1), **data})

    def sign_in(self, email: str, password: str) -> Response:
        """The sign-in form, then the code of the account's authenticator app
        when it asks for one (tests/mfa.py computes it)."""
        response = self.post_form("/accounts/login/", {"login": email, "password": password})
        if response.status == 302 and urlsplit(response.location).path == MFA_CODE_PATH:
            response = self.post_form(MFA_CODE_PATH, {"code": code_for(email)})
        return response


def heading(body: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    auth = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{quote(db['NAME'], safe='')}"


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a server: no test switches, DEBUG off, a real key."""
    dropped = {"SENDIT_TESTING", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "TRUST_X_FORWARDED_PROTO"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return env | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DJANGO_SETTINGS_MODULE": "sendit.settings",
        **extra,
    }


@dataclass
class Server:
    port: int
    static_root: Path
    log: Path


@pytest.fixture(scope="module")
def running_server(
    django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """One collectstatic and one gunicorn for the module; each test brings
    its own rows (transactional_db, so that gunicorn's connections see them)."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "the server path runs on PostgreSQL only (set DATABASE_URL=postgres://...); "
            f"this run uses {connection.vendor}"
        )
    tmp_path = tmp_path_factory.mktemp("server")
    static_root = tmp_path / "static"
    env = production_env(
        DATABASE_URL=_database_url(),
        STATIC_ROOT=str(static_root),
        CACHE_KEY_PREFIX=settings.CACHE_KEY_PREFIX,
        TRUSTED_PROXY_COUNT="1",
    )
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collect.returncode == 0, collect.stdout + collect.stderr
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env |= {
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"gunicorn stopped at start-up:\n{log.read_text()}")
            try:
                if Proxy(port, forwarded=False).get("/healthz").status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer /healthz within 30 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield Server(port=port, static_root=static_root, log=log)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


@pytest.fixture
def server(running_server: Server, transactional_db: None) -> Server:
    return running_server


def _production_password(user) -> None:
    """The test settings hash with MD5, which a production server refuses:
    store a PBKDF2 hash (few rounds; the server upgrades it at sign-in)."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])


def test_each_role_signs_in_through_the_real_form_and_lands_home(server: Server) -> None:
    school = make_school("Server Path Academy")
    users = {role: make_user(school, role, email=f"{role}@server-path.test") for role in HEADINGS}
    for user in users.values():
        _production_password(user)
    for role, (path, title) in HEADINGS.items():
        browser = Proxy(server.port)
        if role in MFA_ROLES:
            # The password, then the code of the authenticator app.
            asked = browser.post_form(
                "/accounts/login/", {"login": users[role].email, "password": PASSWORD}
            )
            assert (asked.status, urlsplit(asked.location).path) == (302, MFA_CODE_PATH), role
            assert browser.get(path).status == 302, f"{role}: in with the password alone"
            response = browser.post_form(MFA_CODE_PATH, {"code": code_for(users[role].email)})
        else:
            response = browser.sign_in(users[role].email, PASSWORD)
        assert response.status == 302, f"{role}: {response.status} {heading(response.body)}"
        assert "sessionid" in browser.cookies
        assert "messages" not in browser.cookies
        home, landed = browser.follow(response)
        assert (home.status, landed) == (200, path), role
        assert heading(home.body) == title, role
        assert "Server Path Academy" in home.body


def test_cookies_are_secure_and_the_site_sends_hsts(server: Server) -> None:
    page = Proxy(server.port).get("/accounts/login/")
    assert page.status == 200
    cookies = " ".join(page.headers.get_all("Set-Cookie") or [])
    assert "csrftoken=" in cookies and "Secure" in cookies and "HttpOnly" in cookies
    assert "max-age=31536000" in page.headers.get("Strict-Transport-Security", "")


def test_plain_http_is_sent_to_https(server: Server) -> None:
    response = Proxy(server.port, forwarded=False).get("/accounts/login/")
    assert response.status == 301
    assert response.location == f"https://{HOST}/accounts/login/"


def test_the_forwarded_scheme_is_believed_only_from_the_proxy(server: Server) -> None:
    # The same claim of https from another address on the machine (not the
    # proxy's, 127.0.0.1) is ignored: the answer is the redirect to https.
    response = Proxy(server.port, source="127.0.0.2").get("/accounts/login/")
    assert response.status == 301
    assert response.location.startswith("https://")


def test_the_container_health_check_answers_over_plain_http(server: Server) -> None:
    response = Proxy(server.port, forwarded=False).get("/healthz")
    assert response.status == 200
    assert json.loads(response.body)["database"] == "ok"


def test_static_files_are_served_by_their_hashed_names_for_a_year(server: Server) -> None:
    manifest = json.loads((server.static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/sendit.css"]
    assert hashed != "css/sendit.css"
    page = Proxy(server.port).get("/accounts/login/")
    assert f"/static/{hashed}" in page.body  # pages name the hashed file
    response = Proxy(server.port).get(f"/static/{hashed}")
    assert response.status == 200
    cache_control = response.headers.get("Cache-Control", "")
    assert "max-age=315360000" in cache_control and "immutable" in cache_control
    assert ".sendit" in response.body or "{" in response.body


def test_a_missing_page_answers_with_the_404_page(server: Server) -> None:
    school = make_school()
    _production_password(make_user(school, Role.TEACHER, email="lost@server-path.test"))
    browser = Proxy(server.port)
    assert browser.sign_in("lost@server-path.test", PASSWORD).status == 302
    response = browser.get("/no-such-page/")
    assert response.status == 404
    assert heading(response.body)  # a page that says so, not an error
    assert "Server Error" not in response.body
    pupil = browser.get("/pupils/999999999/")
    assert pupil.status == 404


def test_login_throttle_counters_are_shared_with_other_processes(
    server: Server, client, settings
) -> None:
    if not settings.REDIS_URL:
        pytest.skip("no Redis configured (REDIS_URL or a redis:// CELERY_BROKER_URL)")
    school = make_school()
    email = f"throttled-{secrets.token_hex(4)}@server-path.test"
    colleague = f"colleague-{secrets.token_hex(4)}@server-path.test"
    for address in (email, colleague):
        _production_password(make_user(school, Role.TEACHER, email=address))
    # Ten wrong passwords in this process (the test's Django, same cache),
    # from the browser's address as gunicorn reads it behind the proxy...
    for _ in range(settings.SIGN_IN_FAILURE_LIMIT):
        wrong = client.post(
            "/accounts/login/",
            {"login": email, "password": "not-it"},
            REMOTE_ADDR=BROWSER_IP,
        )
        assert wrong.status_code == 200
    # ...and gunicorn's workers refuse even the right one from that address,
    response = Proxy(server.port).sign_in(email, PASSWORD)
    assert response.status == 200
    assert "Too many failed login attempts" in response.body
    # while a colleague on the same address signs in, and so does the owner
    # from another address.
    assert Proxy(server.port).sign_in(colleague, PASSWORD).status == 302
    assert Proxy(server.port, browser_ip="198.51.100.20").sign_in(email, PASSWORD).status == 302


def test_a_signed_in_page_carries_the_security_headers(server: Server) -> None:
    from tests.test_headers import assert_security_headers

    school = make_school()
    _production_password(make_user(school, Role.SENDCO, email="headers@server-path.test"))
    browser = Proxy(server.port)
    assert browser.sign_in("headers@server-path.test", PASSWORD).status == 302
    page = browser.get("/dashboard/")
    assert page.status == 200, heading(page.body)
    assert_security_headers(page.headers, signed_in=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    # The sign-in form has the policy too (it is not a signed-in page).
    assert_security_headers(Proxy(server.port).get("/accounts/login/").headers, signed_in=False)
