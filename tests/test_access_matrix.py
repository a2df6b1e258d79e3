"""Every URL of the project says who may use it, and the code is held to it.

The test enumerates every named URL pattern; a URL without an entry here
fails. For each entry it checks that a signed-out visitor is sent to sign-in,
that each role of the cast gets the page or a 404, and that a user of the
other school gets a 404 on this school's objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from schools.models import BackgroundJob, Role
from tests.factories import ALL_ROLES

ANY_ROLE = frozenset(ALL_ROLES)


@dataclass(frozen=True)
class Entry:
    """Who may use a URL.

    roles: the roles that get the page; None for public pages.
    kwargs: builds the URL's arguments from the cast (objects of its school).
    method: "get" or "post".
    ok: the status codes an allowed role gets.
    """

    roles: frozenset[str] | None
    kwargs: Callable[[object], dict] | None = None
    method: str = "get"
    ok: frozenset[int] = field(default_factory=lambda: frozenset({200}))


def _job(cast: object) -> dict:
    job = BackgroundJob.objects.create(
        school=cast.school, kind="worker_check", requested_by=cast.sendco
    )
    return {"pk": job.pk}


PUBLIC = Entry(roles=None)
SIGNED_IN = Entry(roles=ANY_ROLE)

MATRIX: dict[str, Entry] = {
    # Public: sign-in, password reset and the health check.
    "healthz": PUBLIC,
    "account_login": PUBLIC,
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": Entry(
        roles=None, kwargs=lambda cast: {"uidb36": "zz", "key": "not-a-real-key"}
    ),
    "account_reset_password_from_key_done": PUBLIC,
    "account_inactive": PUBLIC,
    # Any signed-in member of a school.
    "home": Entry(roles=ANY_ROLE, ok=frozenset({302})),
    "account_logout": SIGNED_IN,
    "account_change_password": SIGNED_IN,
    "account_set_password": Entry(roles=ANY_ROLE, ok=frozenset({200, 302})),
    # Schools.
    "schools:dashboard": Entry(roles=frozenset({Role.SENDCO})),
    "schools:settings": Entry(roles=frozenset({Role.SCHOOL_ADMIN, Role.SENDCO})),
    "schools:worker_check": Entry(
        roles=frozenset({Role.SCHOOL_ADMIN, Role.SENDCO}), method="post", ok=frozenset({302})
    ),
    "schools:job": Entry(roles=frozenset({Role.SCHOOL_ADMIN, Role.SENDCO}), kwargs=_job),
    # Pupils.
    "pupils:register": Entry(roles=frozenset({Role.SENDCO, Role.SLT})),
    "pupils:my_classes": Entry(roles=frozenset({Role.TEACHER, Role.TA})),
    # Reports.
    "reports:home": Entry(roles=frozenset({Role.SLT, Role.SENDCO})),
    "reports:summaries": Entry(roles=frozenset({Role.GOVERNOR, Role.SLT, Role.SENDCO})),
}


def _url_names(resolver: URLResolver, namespace: str = "") -> list[str]:
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            names.extend(_url_names(pattern, ns))
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL {pattern.pattern} has no name, so it cannot be in the matrix"
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_has_an_entry() -> None:
    names = set(_url_names(get_resolver()))
    missing = sorted(names - MATRIX.keys())
    assert not missing, f"URLs with no entry in the access matrix: {missing}"
    stale = sorted(MATRIX.keys() - names)
    assert not stale, f"Entries for URLs that no longer exist: {stale}"


def _request(client, entry: Entry, url: str):
    return client.post(url) if entry.method == "post" else client.get(url)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_signed_out_visitor(name: str, cast, client) -> None:
    entry = MATRIX[name]
    url = reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None)
    response = _request(client, entry, url)
    if entry.roles is None:
        assert response.status_code in {200, 302}
        if response.status_code == 302:
            assert not response.url.startswith(reverse(settings.LOGIN_URL))
    else:
        assert response.status_code == 302, f"{name} answered {response.status_code}"
        assert response.url.startswith(reverse(settings.LOGIN_URL)), response.url


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", sorted(n for n, e in MATRIX.items() if e.roles is not None))
def test_each_role(name: str, role: str, cast, client) -> None:
    entry = MATRIX[name]
    client.force_login(cast.by_role(role))
    url = reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None)
    response = _request(client, entry, url)
    if role in entry.roles:
        assert response.status_code in entry.ok, f"{role} on {name}: {response.status_code}"
    else:
        assert response.status_code == 404, f"{role} on {name}: {response.status_code}"


@pytest.mark.parametrize("name", sorted(n for n, e in MATRIX.items() if e.roles and e.kwargs))
def test_other_school_gets_404_on_objects(name: str, cast, client) -> None:
    entry = MATRIX[name]
    # The other school's SENDCo holds every role that matters on paper.
    other = cast.other_sendco
    for role_field in ("is_slt", "is_teacher", "is_ta", "is_governor", "is_school_admin"):
        setattr(other, role_field, True)
    other.save()
    client.force_login(other)
    response = _request(client, entry, reverse(name, kwargs=entry.kwargs(cast)))
    assert response.status_code == 404
