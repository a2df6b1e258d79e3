"""Bad query parameters never answer 500 (issue #8).

Every GET URL of the access matrix is opened, by a role allowed to see it,
with hostile values for the parameters the views read (found in the views'
source, see ``_names_read``) and for the usual suspects. The page must still
answer as it does without them, with no traceback, and where the view reads a
rejected value through ``sendit.lib.params`` it must say so. The rule itself
is in the docstring of ``sendit/lib/params.py``.
"""

from __future__ import annotations

import inspect
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import django_filters
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page
from django.test import Client, RequestFactory
from django.urls import resolve, reverse
from django.views.defaults import bad_request, page_not_found, server_error

from schools.models import Role
from schools.terms import half_term_param, term_from_key, term_param
from sendit.lib.params import (
    choice_param,
    date_param,
    day_param,
    id_param,
    int_param,
    month_param,
    page_of,
    text_param,
)
from tests.access import Entry
from tests.factories import make_group, make_walk
from tests.test_access_matrix import MATRIX

ROOT = Path(settings.BASE_DIR)
VIEW_APPS = ("schools", "pupils", "walks", "feedback", "reports", "calendar_app", "sendit")
NOTICE = 'class="alert alert-warning"'
ROLE_ORDER = [Role.SENDCO, Role.SLT, Role.TEACHER, Role.TA, Role.GOVERNOR, Role.SCHOOL_ADMIN]

# Malformed values: the page must answer as it does without them.
HOSTILE: dict[str, list[str]] = {
    "term": ["9999-autumn", "0-", "10000-", "abc", "0-autumn", "10000-autumn", "2025-winter"],
    "page": ["0", "-1", "99999", "abc", "1.5", "²", "99999999999999999999"],
    "year": ["abc", "99", "-5", "²", "99999999999", "\x00"],
    "date": ["2026-13-45", "2026-02-30", "abc", "99999-01-01"],
    "status": ["zzz", "\x00"],
    "q": ["\x00", "a\x00b", "x" * 3000],
    "walk": ["abc", "²", "-1", "0", "1e3", "99999999999999999999999"],
    "focus": ["abc", "²", "-1"],
    "month": ["2026-13", "2026-00", "0000-01", "99999-01", "2026-1", "abc", "\x00"],
    "week": ["2026-02-30", "0001-01-01", "9999-12-31", "abc", "\x00"],
}
GENERIC = ["abc", "²", "-1", "\x00", "9999-autumn", "2026-13-45", "zzz", "x" * 3000]
# Well-formed ids of nothing in reach: the page as without them, or a 404.
UNKNOWN_ID = "999999"

_GET_NAME = re.compile(r"""request\.GET(?:\.get|\.getlist)?\(\s*["'](\w+)["']""")
_GET_ITEM = re.compile(r"""request\.GET\[\s*["'](\w+)["']""")
_HELPER = re.compile(
    r"""\b(?:int|choice|id|text|date|day|month|term|half_term)_param\(\s*request,\s*["'](\w+)["']"""
)


def _view_sources() -> list[Path]:
    """Every views module: views.py, views_*.py and views/*.py, in subpackages too."""
    files: set[Path] = set()
    for app in VIEW_APPS:
        base = ROOT / app
        files.update(base.rglob("views*.py"))
        files.update(base.rglob("views/*.py"))
    return sorted(path for path in files if "tests" not in path.parts)


def _names_in(source: str) -> set[str]:
    names = set(_GET_NAME.findall(source)) | set(_GET_ITEM.findall(source))
    names |= set(_HELPER.findall(source))
    if "page_of(" in source or "get_page(" in source:
        names.add("page")
    return names


def _filterset_names() -> set[str]:
    for app in VIEW_APPS:
        if (ROOT / app / "filters.py").exists():
            __import__(f"{app}.filters")
    names: set[str] = set()
    stack = list(django_filters.FilterSet.__subclasses__())
    while stack:
        filterset = stack.pop()
        stack += filterset.__subclasses__()
        names |= set(filterset.base_filters)
    return names


def _names_read() -> set[str]:
    """Every query parameter name a view of the project reads."""
    names = _filterset_names()
    for path in _view_sources():
        names |= _names_in(path.read_text())
    return names


NAMES = sorted(_names_read() | set(HOSTILE) | {"next"})
ROUNDS = max(len(values) for values in [*HOSTILE.values(), GENERIC])


def _round(number: int) -> dict[str, str]:
    return {name: (values := HOSTILE.get(name, GENERIC))[number % len(values)] for name in NAMES}


def _client_for(entry: Entry, cast) -> Client:
    client = Client()
    if entry.roles is not None:
        role = next(role for role in ROLE_ORDER if role in entry.roles)
        client.force_login(cast.by_role(role))
    return client


def _reads_through_params(name: str, url: str) -> set[str]:
    """The names the view function itself reads through sendit.lib.params."""
    view = inspect.unwrap(resolve(url).func)
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):  # a view from a library
        return set()
    names = set(_HELPER.findall(source))
    if "page_of(" in source:
        names.add("page")
    return names


def test_the_parameter_names_are_found_in_the_views() -> None:
    found = _names_read()
    # Names we know some view reads; if these go missing the search is broken.
    assert {"page", "term", "walk", "year", "q", "status", "area", "show", "pupil"} <= found
    assert {"group", "year_group", "need", "pupil_premium"} <= found


@pytest.mark.parametrize("name", sorted(n for n, e in MATRIX.items() if e.method == "get"))
def test_hostile_query_strings_never_answer_500(name: str, cast) -> None:
    entry = MATRIX[name]
    client = _client_for(entry, cast)
    url = reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None)
    checked = _reads_through_params(name, url)
    for number in range(ROUNDS):
        query = _round(number)
        response = client.get(f"{url}?{urlencode(query)}")
        # A refusal (400: allauth's two-step pages send the whole address on to
        # the password step, and Django refuses a redirect over 16 KB) is not a
        # crash; anything else must be what the page answers normally.
        assert response.status_code in entry.ok | {400}, (
            f"{name} round {number}: {response.status_code}"
        )
        body = (
            b"".join(response.streaming_content)  # a file download (a PDF)
            if response.streaming
            else response.content
        )
        assert b"Traceback" not in body
        if checked and response.status_code == 200:
            said = response.wsgi_request.__dict__.get("_param_notices", set())
            assert said, f"{name} round {number}: a rejected value was not mentioned"
            assert NOTICE in response.content.decode(), f"{name}: the notice is not shown"
    ids = dict.fromkeys(("walk", "pupil", "group", "focus", "visit", "intervention"), UNKNOWN_ID)
    response = client.get(f"{url}?{urlencode(ids)}")
    assert response.status_code in entry.ok | {404}, f"{name}: {response.status_code}"


@pytest.mark.parametrize("name", sorted(n for n, e in MATRIX.items() if e.method == "post"))
def test_hostile_post_fields_never_answer_500(name: str, cast) -> None:
    """The few POST fields read by hand (action, to, token) and forms' hidden fields."""
    entry = MATRIX[name]
    client = _client_for(entry, cast)
    url = reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None)
    data = entry.data(cast) if entry.data else {}
    junk = {"action": "zzz", "to": "\x00", "token": "²", "version": "abc", "page": "-1"}
    response = client.post(url, {**junk, **data})
    assert response.status_code < 500
    response = client.post(url, {**data, **junk})
    assert response.status_code < 500


@pytest.mark.parametrize(
    "term", ["9999-autumn", "0-autumn", "10000-autumn", "0-", "abc", "2025-winter"]
)
def test_the_picture_says_which_term_it_shows_instead(term: str, client, cast) -> None:
    client.force_login(cast.sendco)
    response = client.get(reverse("feedback:picture"), {"term": term})
    assert response.status_code == 200
    page = response.content.decode()
    assert "That term is not one sendit knows; showing the" in page
    assert "term instead." in page


def test_the_picture_of_a_known_term_says_nothing(client, cast) -> None:
    client.force_login(cast.sendco)
    response = client.get(reverse("feedback:picture"), {"term": "2025-autumn"})
    assert response.status_code == 200
    assert NOTICE not in response.content.decode()


# (URL name, needs the cast's objects, query, words on the page)
NOTICES = [
    ("feedback:picture", None, {"walk": "²"}, "That walk is not one sendit knows"),
    ("feedback:reports", None, {"page": "abc"}, "showing page 1 instead"),
    ("feedback:reports", None, {"page": "99999"}, "showing the last page instead"),
    ("feedback:observations", None, {"page": "-1"}, "showing page 1 instead"),
    ("schools:settings", None, {"page": "0"}, "showing page 1 instead"),
    ("pupils:groups", None, {"year": "abc"}, "That year group is not one sendit knows"),
    ("pupils:groups", None, {"q": "a\x00b"}, "characters that cannot be searched for"),
    ("pupils:interventions", None, {"status": "zzz"}, "showing the interventions running now"),
    ("pupils:interventions", None, {"area": "zzz"}, "That area of need is not one"),
    ("pupils:concerns", None, {"show": "zzz"}, "showing the open concerns instead"),
    ("pupils:concern_create", None, {"pupil": "abc"}, "That pupil is not one sendit knows"),
    ("pupils:concern_create", None, {"pupil": UNKNOWN_ID}, "That pupil is not one"),
    ("walks:programme", None, {"year": "abc"}, "showing this school year instead"),
    ("walks:programme", None, {"year": "99"}, "showing this school year instead"),
    ("pupils:register", None, {"year_group": "abc"}, "There is a problem"),
    ("pupils:register", None, {"q": "\x00"}, "There is a problem"),
]


@pytest.mark.parametrize(("name", "kwargs", "query", "words"), NOTICES)
def test_a_rejected_value_is_named(name, kwargs, query, words, client, cast) -> None:
    client.force_login(cast.sendco)
    response = client.get(reverse(name, kwargs=kwargs), query)
    assert response.status_code == 200
    assert words in response.content.decode()


def test_a_class_out_of_reach_is_not_preselected_and_it_says_so(client, cast) -> None:
    walk = make_walk(cast.school, observers=[cast.sendco])
    other_group = make_group(cast.other_school, teachers=[], pupils=[])
    client.force_login(cast.sendco)
    url = reverse("walks:visit_add", kwargs={"pk": walk.pk})
    for group in ("abc", UNKNOWN_ID, str(other_group.pk)):
        response = client.get(url, {"group": group})
        assert response.status_code == 200
        page = response.content.decode()
        assert "That class is not one sendit knows; showing no class chosen instead." in page
        assert "group" not in response.context["form"].initial
    response = client.get(url, {"group": cast.group.pk})
    assert NOTICE not in response.content.decode()
    assert response.context["form"].initial["group"] == cast.group.pk


def test_a_pupil_of_another_school_gets_the_same_words_as_none(client, cast) -> None:
    client.force_login(cast.sendco)
    url = reverse("pupils:concern_create")
    elsewhere = client.get(url, {"pupil": cast.other_pupil.pk}).content.decode()
    missing = client.get(url, {"pupil": UNKNOWN_ID}).content.decode()
    assert "That pupil is not one sendit knows" in elsewhere
    assert cast.other_pupil.legal_last_name not in elsewhere
    assert _strip_tokens(elsewhere) == _strip_tokens(missing)


def _strip_tokens(page: str) -> str:
    """The page without its CSRF token and without the address the idle-timeout
    dialog's "Sign in again" link comes back to (this page's own, query and all)."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return re.sub(r"next=[^\"&]*", "next=", page)


# The helpers themselves ----------------------------------------------------------------


def _request(**query: str):
    return RequestFactory().get("/", query)


def _said(request) -> set[str]:
    return request.__dict__.get("_param_notices", set())


def test_int_param() -> None:
    for raw in ("abc", "99", "²", "1e3", "-", "2036"):
        request = _request(year=raw)
        args = {"default": 2025, "low": 2015, "high": 2035, "label": "year", "shown": "now"}
        assert int_param(request, "year", **args) == 2025
        assert _said(request) == {"That year is not one sendit knows; showing now instead."}
    request = _request(year=" 2030 ")
    assert int_param(request, "year", default=2025, low=2015, high=2035, label="y", shown="n")
    assert int_param(_request(), "year", default=7, low=0, high=1, label="y", shown="n") == 7
    assert not _said(request)


def test_choice_id_text_and_date_params() -> None:
    request = _request(show="zzz", pupil="²", q="a\x00b" + "c" * 200, day="2026-13-45")
    choices = ("open", "decided")
    assert choice_param(request, "show", choices, default="open", label="l", shown="s") == "open"
    decided = choice_param(
        _request(show="decided"), "show", choices, default="open", label="l", shown="s"
    )
    assert decided == "decided"
    assert id_param(request, "pupil", label="pupil", shown="none") is None
    assert id_param(_request(pupil="12"), "pupil", label="p", shown="n") == 12
    assert id_param(_request(pupil="0"), "pupil", label="p", shown="n") is None
    assert id_param(_request(pupil="9" * 19), "pupil", label="p", shown="n") is None
    text = text_param(request, "q")
    assert "\x00" not in text and len(text) == 100 and text.startswith("abc")
    assert date_param(request, "day", default=None, shown="today") is None
    assert date_param(_request(day="2026-02-28"), "day", default=None, shown="t") == date(
        2026, 2, 28
    )
    assert date_param(_request(day="2026-02-30"), "day", default=None, shown="t") is None
    # One each for show, pupil and day; two for q (a NUL, and too long).
    assert len(_said(request)) == 5


def test_month_and_day_params() -> None:
    default = date(2026, 3, 1)
    assert month_param(_request(month="2026-11"), "month", default=default, shown="s") == date(
        2026, 11, 1
    )
    for bad in ("2026-13", "2026-00", "0000-01", "2026-1", "abc"):
        request = _request(month=bad)
        assert month_param(request, "month", default=default, shown="this month") == default
        assert _said(request) == {"That month is not one sendit knows; showing this month instead."}
    request = _request(week="0001-01-01")
    assert day_param(request, "week", default=default, label="week", shown="s") == default
    assert len(_said(request)) == 1
    good = _request(week="2026-03-04")
    assert day_param(good, "week", default=default, label="week", shown="s") == date(2026, 3, 4)


def test_term_from_key_and_term_param(cast) -> None:
    school = cast.school  # no term dates entered: the usual ones
    assert term_from_key(school, "2025-autumn").label == "Autumn 2025"
    assert term_from_key(school, "2025-summer").start == date(2026, 4, 13)
    for key in ("9999-autumn", "0-autumn", "10000-autumn", "0-", "10000-", "abc", "", "2025-"):
        assert term_from_key(school, key) is None, key
    assert term_from_key(school, "²⁰²⁵-autumn") is None
    default = term_from_key(school, "2024-spring")
    request = _request(term="9999-autumn")
    assert term_param(request, "term", default=default, school=school) == default
    assert _said(request) == {
        "That term is not one sendit knows; showing the Spring 2025 term instead."
    }
    request = _request(term="2025-summer")
    assert term_param(request, "term", default=default, school=school).key == "2025-summer"
    assert not _said(request)
    half = half_term_param(
        _request(half_term="2025-autumn-2"),
        "half_term",
        default=default.half_terms[0],
        school=school,
    )
    assert half.name == "Autumn 2"
    request = _request(half_term="2025-autumn-9")
    assert half_term_param(request, "half_term", default=half, school=school) == half
    assert _said(request) == {
        "That half-term is not one sendit knows; showing the Autumn 2 2025 half-term instead."
    }


def test_page_of() -> None:
    rows = list(range(60))
    for raw, number in (("2", 2), ("", 1), ("abc", 1), ("0", 1), ("-1", 1), ("99999", 3)):
        request = _request(page=raw)
        page = page_of(request, rows, 25)
        assert isinstance(page, Page) and page.number == number, raw
        assert bool(_said(request)) == (raw not in {"", "2"}), raw
    assert page_of(_request(page="abc"), [], 25).number == 1


# Error pages ---------------------------------------------------------------------------


def test_the_404_page_is_plain_and_names_nothing(client, cast) -> None:
    client.force_login(cast.sendco)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "We could not find that page" in page
    assert f'href="{reverse("home")}"' in page
    client.force_login(cast.teacher)
    response = client.get(reverse("pupils:pupil", kwargs={"pk": cast.pupil2.pk}))
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert cast.pupil2.legal_last_name not in response.content.decode()


def test_the_404_page_works_signed_out(db) -> None:
    request = RequestFactory().get("/nowhere/")
    request.user = AnonymousUser()
    response = page_not_found(request, Exception("secret detail"))
    assert response.status_code == 404
    assert b"We could not find that page" in response.content
    assert b"secret detail" not in response.content


@pytest.mark.parametrize("template", ["500.html", "400.html"])
def test_the_500_and_400_templates_need_no_context(template: str) -> None:
    text = (ROOT / "templates" / template).read_text()
    without_comments = re.sub(r"\{#.*?#\}", "", text)
    assert "{%" not in without_comments and "{{" not in without_comments
    assert 'href="/"' in text


def test_the_500_page_renders_without_the_database() -> None:
    # No db fixture: any query while rendering would raise here.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


def test_the_400_page(client, cast) -> None:
    response = bad_request(RequestFactory().get("/"), Exception("secret detail"))
    assert response.status_code == 400
    assert b"could not understand that request" in response.content
    assert b"secret detail" not in response.content
    # Far too many fields: Django refuses to read them, and the page says so plainly.
    client.force_login(cast.sendco)
    query = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.get(f"{reverse('feedback:picture')}?{query}")
    assert response.status_code == 400
    assert b"could not understand that request" in response.content
