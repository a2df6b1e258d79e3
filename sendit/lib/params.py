"""Query parameters, read in one way so that no query string answers 500.

Every view that reads ``request.GET`` reads it through these helpers. The rule
for a value the page cannot use:

- Missing or empty: the page's default, and nothing is said.
- Malformed, out of range or not one of the page's choices (``?page=abc``,
  ``?year=99``, ``?term=9999-autumn``, ``?status=zzz``, a NUL byte in a
  search): the page is shown with its default choice and a notice at the top
  says what was not understood and what is shown instead. Never a 400 or a
  500: a link someone kept, or mistyped, still opens a useful page.
- A well-formed id (``?walk=12``) is looked up in the user's scoped queryset
  as always. Where the page is about that object, one out of reach is a 404
  like any other lookup (``access.py``); where the id only preselects a choice
  in a form, the form opens without it and ``param_rejected`` says so, in the
  same words whether the object belongs elsewhere or does not exist.

Forms and django-filter filtersets validate their own fields: their errors
show next to the field and in the error summary, and the list ignores them.

Notices go through ``django.contrib.messages`` as warnings, which base.html
shows; each is said once per request.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from sendit.lib.dates import FIRST_SCHOOL_YEAR, LAST_SCHOOL_YEAR

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

_INT = re.compile(r"-?[0-9]{1,9}")
_ID = re.compile(r"[0-9]{1,18}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
ID_MAX = 2**63 - 1


class _Labelled(Protocol):
    @property
    def label(self) -> str: ...


K = TypeVar("K", bound=_Labelled)


def param_notice(request: HttpRequest, text: str) -> None:
    """Tell the user, once per request, that part of the address was not used."""
    said: set[str] = request.__dict__.setdefault("_param_notices", set())
    if text not in said:
        said.add(text)
        messages.warning(request, text, fail_silently=True)


def param_rejected(request: HttpRequest, *, label: str, shown: str) -> None:
    """The standard notice: "That <label> is not one sendit knows; showing <shown> instead."."""
    param_notice(request, f"That {label} is not one sendit knows; showing {shown} instead.")


def _raw(request: HttpRequest, name: str) -> str:
    return request.GET.get(name, "").strip()


def int_param(
    request: HttpRequest, name: str, *, default: int, low: int, high: int, label: str, shown: str
) -> int:
    """A whole number from low to high inclusive; otherwise the default, with a notice."""
    raw = _raw(request, name)
    if not raw:
        return default
    if _INT.fullmatch(raw) and low <= int(raw) <= high:
        return int(raw)
    param_rejected(request, label=label, shown=shown)
    return default


def choice_param(
    request: HttpRequest, name: str, choices: Iterable[str], *, default: str, label: str, shown: str
) -> str:
    """One of the page's choices (compared as text); otherwise the default, with a notice."""
    raw = _raw(request, name)
    if not raw:
        return default
    if raw in {str(choice) for choice in choices}:
        return raw
    param_rejected(request, label=label, shown=shown)
    return default


def id_param(request: HttpRequest, name: str, *, label: str, shown: str) -> int | None:
    """A database id (a positive whole number), or None; a malformed one gets a notice.

    The caller still looks the id up in a scoped queryset: this says only that
    it is a number the database can be asked about.
    """
    raw = _raw(request, name)
    if not raw:
        return None
    if _ID.fullmatch(raw) and 1 <= int(raw) <= ID_MAX:
        return int(raw)
    param_rejected(request, label=label, shown=shown)
    return None


def text_param(request: HttpRequest, name: str, *, max_length: int = 100) -> str:
    """Search text without control characters (a NUL stops PostgreSQL), at most max_length."""
    raw = _raw(request, name)
    text = "".join(ch for ch in raw if unicodedata.category(ch) != "Cc")
    if text != raw:
        param_notice(
            request, "The search held characters that cannot be searched for; they were left out."
        )
    if len(text) > max_length:
        param_notice(request, f"Only the first {max_length} characters of the search were used.")
        text = text[:max_length]
    return text.strip()


def date_param(
    request: HttpRequest, name: str, *, default: date | None, label: str = "date", shown: str
) -> date | None:
    """A day written as YYYY-MM-DD; otherwise the default, with a notice."""
    raw = _raw(request, name)
    if not raw:
        return default
    if _ISO_DATE.fullmatch(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    param_rejected(request, label=label, shown=shown)
    return default


def month_param(request: HttpRequest, name: str, *, default: date, shown: str) -> date:
    """A month written as YYYY-MM (its first day); otherwise the default, with a notice."""
    raw = _raw(request, name)
    if not raw:
        return default
    match = _MONTH.fullmatch(raw)
    if (
        match
        and FIRST_SCHOOL_YEAR <= int(match[1]) <= LAST_SCHOOL_YEAR
        and 1 <= int(match[2]) <= 12
    ):
        return date(int(match[1]), int(match[2]), 1)
    param_rejected(request, label="month", shown=shown)
    return default


def day_param(request: HttpRequest, name: str, *, default: date, label: str, shown: str) -> date:
    """Like ``date_param``, for pages that move through the calendar: a day outside
    the school years sendit knows is refused too (its neighbours may not exist)."""
    day = date_param(request, name, default=default, label=label, shown=shown) or default
    # Months and days a calendar page may show: those of the school years sendit knows.
    if FIRST_SCHOOL_YEAR <= day.year <= LAST_SCHOOL_YEAR:
        return day
    param_rejected(request, label=label, shown=shown)
    return default


def keyed_param(
    request: HttpRequest,
    name: str,
    *,
    default: K,
    lookup: Callable[[str], K | None],
    label: str,
) -> K:
    """Something named by a key (a term: "2026-autumn"), found by ``lookup``;
    otherwise the default, with a notice naming the default by its label.

    ``schools.terms.term_param`` reads terms this way, with the school's own dates.
    """
    raw = _raw(request, name)
    if not raw:
        return default
    found = lookup(raw)
    if found is None:
        param_rejected(request, label=label, shown=f"the {default.label} {label}")
        return default
    return found


def page_of(request: HttpRequest, object_list: Any, per_page: int, *, name: str = "page") -> Page:
    """The page of a list that ?page= asks for; a page the list lacks gets a notice.

    Like Paginator.get_page, a number past the end shows the last page, and
    anything else that is not a page shows the first.
    """
    paginator = Paginator(object_list, per_page)
    raw = _raw(request, name)
    if not raw:
        return paginator.page(1)
    number = int(raw) if _INT.fullmatch(raw) else 0
    if number > paginator.num_pages:
        param_notice(
            request, "That page number is past the end of this list; showing the last page instead."
        )
        return paginator.page(paginator.num_pages)
    if number < 1:
        param_notice(request, "That page number is not one this list has; showing page 1 instead.")
        return paginator.page(1)
    return paginator.page(number)
