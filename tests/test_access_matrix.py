"""Every URL of the project says who may use it, and the code is held to it.

The test enumerates every named URL pattern; a URL without an entry here
fails. For each entry it checks that a signed-out visitor is sent to sign-in,
that each role of the cast gets the page or a 404, that a teacher who does
not teach the class gets the teacher's page only where it is not about the
class, that someone with memberships in two schools gets exactly the
teacher's access here and nothing of this school after switching, and that
a user of the other school gets a 404 on this school's objects.

``CHECKED`` counts the URLs each audience was tried on; the run ends with a
line saying how many (conftest.py's ``pytest_terminal_summary``).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from schools.models import Membership, Role
from tests.access import (
    ALL_ROLES,
    Entry,
    checklist,
    core,
    feedback,
    notifications,
    outcomes,
    pupils,
    reports,
    walks,
)
from tests.access import audit as audit_access
from tests.access import calendar_app as calendar_access
from tests.access import schools as schools_access

MATRIX: dict[str, Entry] = {}
for module in (
    core,
    pupils,
    walks,
    feedback,
    schools_access,
    notifications,
    reports,
    checklist,
    calendar_access,
    audit_access,
    outcomes,
):
    overlap = MATRIX.keys() & module.ENTRIES.keys()
    assert not overlap, f"URLs listed twice in the access matrix: {overlap}"
    MATRIX.update(module.ENTRIES)


# Audience -> the URL names it was tried on in this run.
CHECKED: dict[str, set[str]] = {}


def _checked(audience: str, name: str) -> None:
    CHECKED.setdefault(audience, set()).add(name)


def summary_line() -> str:
    """How many URL patterns the matrix holds and each audience was tried on."""
    if not CHECKED:
        return ""
    parts = ", ".join(f"{audience} {len(names)}" for audience, names in sorted(CHECKED.items()))
    return f"access matrix: {len(MATRIX)} URL patterns; URLs checked per audience: {parts}"


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
    assert len(names) == len(MATRIX)


def _request(client, entry: Entry, url: str, cast=None):
    if entry.method == "post":
        return client.post(url, entry.data(cast) if entry.data and cast else {})
    return client.get(url)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_signed_out_visitor(name: str, cast, client) -> None:
    entry = MATRIX[name]
    url = reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None)
    response = _request(client, entry, url)
    _checked("anonymous", name)
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
    response = _request(client, entry, url, cast)
    _checked(role, name)
    if role in entry.roles:
        assert response.status_code in entry.ok, f"{role} on {name}: {response.status_code}"
    else:
        assert response.status_code == 404, f"{role} on {name}: {response.status_code}"


@pytest.mark.parametrize("name", sorted(n for n, e in MATRIX.items() if e.roles and e.kwargs))
def test_other_school_gets_404_on_objects(name: str, cast, client) -> None:
    entry = MATRIX[name]
    # The other school's SENDCo holds every role that matters on paper.
    other = cast.other_sendco
    Membership.objects.filter(user=other).update(
        is_slt=True, is_teacher=True, is_ta=True, is_governor=True, is_school_admin=True
    )
    client.force_login(other)
    response = _request(client, entry, reverse(name, kwargs=entry.kwargs(cast)), cast)
    _checked("other school's user", name)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name", sorted(n for n, e in MATRIX.items() if e.roles and not e.kwargs and not e.data)
)
def test_other_school_user_gets_their_own_pages_only(name: str, cast, client) -> None:
    """The other school's SENDCo on the pages without objects of this school:
    their own school's version of a page, or a 404, never this school's."""
    entry = MATRIX[name]
    client.force_login(cast.other_sendco)
    response = _request(client, entry, reverse(name), cast)
    _checked("other school's user", name)
    if Role.SENDCO in entry.roles:
        assert response.status_code in entry.ok, f"{name}: {response.status_code}"
    else:
        assert response.status_code == 404, f"{name}: {response.status_code}"
    assert cast.pupil.full_name not in response.content.decode()


# A teacher who does not teach the class -------------------------------------------------------
# teacher2 teaches group2 (pupil2) only. Where the teacher's entry is about the
# cast's class or its pupil (the class the walk visits), teacher2 gets a 404;
# on every other teacher's page teacher2 gets what the teacher gets.

NOT_THEIR_CLASS: frozenset[str] = frozenset(
    {
        "pupils:pupil",  # the cast's pupil, in the class teacher2 does not teach
        "pupils:profile_print",  # that pupil's profile
        "pupils:group",  # the class itself
        "feedback:note",  # the visited teacher's own feedback
    }
)


@pytest.mark.parametrize("name", sorted(n for n, e in MATRIX.items() if e.roles is not None))
def test_teacher_who_does_not_teach_the_class(name: str, cast, client) -> None:
    entry = MATRIX[name]
    client.force_login(cast.teacher2)
    url = reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None)
    response = _request(client, entry, url, cast)
    _checked("teacher not teaching the class", name)
    if Role.TEACHER in entry.roles and name not in NOT_THEIR_CLASS:
        assert response.status_code in entry.ok, f"{name}: {response.status_code}"
    else:
        assert response.status_code == 404, f"{name}: {response.status_code}"


# Someone in two schools ------------------------------------------------------------------------
# The cast's teacher is also the other school's SENDCo. While the cast school is
# active they get exactly the teacher's column of the matrix; after switching to
# the other school every object of the cast school is a 404 (though a SENDCo
# would see it in their own school), and the other school's objects answer only
# while it is active.


def _two_school_teacher(cast, client):
    from tests.factories import make_membership

    make_membership(cast.teacher, cast.other_school, Role.SENDCO)
    client.force_login(cast.teacher)
    assert client.get(reverse("home")).url.startswith(reverse("schools:choose"))
    client.post(reverse("schools:choose"), {"school": cast.school.pk})
    return cast.teacher


@pytest.mark.parametrize("name", sorted(n for n, e in MATRIX.items() if e.roles is not None))
def test_two_school_member_has_the_teachers_access_here(name: str, cast, client) -> None:
    entry = MATRIX[name]
    _two_school_teacher(cast, client)
    url = reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None)
    response = _request(client, entry, url, cast)
    _checked("two schools (here)", name)
    if Role.TEACHER in entry.roles:
        assert response.status_code in entry.ok, f"{name}: {response.status_code}"
    else:
        assert response.status_code == 404, f"{name}: {response.status_code}"


@pytest.mark.parametrize("name", sorted(n for n, e in MATRIX.items() if e.roles and e.kwargs))
def test_two_school_member_after_switching_gets_404_here(name: str, cast, client) -> None:
    entry = MATRIX[name]
    _two_school_teacher(cast, client)
    kwargs = entry.kwargs(cast)  # objects of the cast school, made before switching
    switched = client.post(reverse("schools:switch"), {"school": cast.other_school.pk})
    assert switched.status_code == 302
    response = _request(client, entry, reverse(name, kwargs=kwargs), cast)
    _checked("two schools (switched)", name)
    assert response.status_code == 404, f"{name}: {response.status_code}"


def test_two_school_member_reaches_the_other_schools_objects_only_there(cast, client) -> None:
    _two_school_teacher(cast, client)
    other_pupil = reverse("pupils:pupil", kwargs={"pk": cast.other_pupil.pk})
    assert client.get(other_pupil).status_code == 404
    client.post(reverse("schools:switch"), {"school": cast.other_school.pk})
    assert client.get(other_pupil).status_code == 200
    own_pupil = reverse("pupils:pupil", kwargs={"pk": cast.pupil.pk})
    assert client.get(own_pupil).status_code == 404
    register = client.get(reverse("pupils:register")).content.decode()
    assert cast.other_pupil.legal_last_name in register
    assert cast.pupil.legal_last_name not in register


def test_switching_to_a_school_that_is_not_yours_is_404(cast, client) -> None:
    client.force_login(cast.teacher)
    response = client.post(reverse("schools:switch"), {"school": cast.other_school.pk})
    assert response.status_code == 404
    assert (
        client.get(reverse("pupils:pupil", kwargs={"pk": cast.other_pupil.pk})).status_code == 404
    )
