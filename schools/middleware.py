"""The active school of each request.

A person may belong to several schools of the deployment (a ``Membership``
each). Every request works in exactly one: its id is kept in the session
under ``active_school_id`` and checked here, on every request, against the
person's *active* memberships, so a membership ended by a school admin stops
working on the very next request. The membership found (one query, with its
school) is set on ``request.user.membership``; every access lookup reads the
school and the roles from it and never queries roles again.

- One active membership: it is used without asking (and not stored).
- Several and none chosen (or the chosen one ended): every page except the
  chooser, switching, the account pages (sign-out among them) and the health
  check redirects to the chooser.
- None: nothing is reachable; the home page says so (``no_role.html``).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from schools.models import Membership, School, User

ACTIVE_SCHOOL_KEY = "active_school_id"

# Session keys that are not about the school worked in: Django's own (sign-in,
# messages) start with "_", allauth's with "account_". Everything else in the
# session belongs to the school it was made in (an import preview, say) and is
# dropped when the person switches school, so nothing is carried across.
_KEPT_PREFIXES = ("_", "account_")


def _exempt_prefixes() -> tuple[str, ...]:
    accounts = reverse("account_login").rsplit("login/", 1)[0]
    return (
        accounts,
        reverse("schools:choose"),
        reverse("schools:switch"),
        reverse("healthz"),
        settings.STATIC_URL or "/static/",
    )


def active_membership(user: User, school_id: str | int | None) -> Membership | None:
    """The user's active membership in ``school_id`` (as posted or kept in the
    session), or None."""
    if school_id is None:
        return None
    try:
        school_pk = int(school_id)
    except (TypeError, ValueError):
        return None
    # In the same query: how many schools the person works in, so the header
    # knows whether to offer "Switch school" without asking again.
    schools_count = (
        Membership.objects.filter(user=OuterRef("user"), is_active=True)
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Membership.objects.filter(user=user, school_id=school_pk, is_active=True)
        .select_related("school")
        .annotate(schools_count=Subquery(schools_count))
        .first()
    )


def school_activate(request: HttpRequest, school: School) -> None:
    """Make ``school`` the request's active school (the caller has checked the
    membership), dropping every session key of the school worked in before."""
    session = request.session
    if session.get(ACTIVE_SCHOOL_KEY) != school.pk:
        for key in list(session.keys()):
            if not key.startswith(_KEPT_PREFIXES):
                del session[key]
    session[ACTIVE_SCHOOL_KEY] = school.pk


class SignedInGate:
    """A middleware that may send a signed-in person elsewhere from every path
    except those starting with ``exempt_prefixes()`` (worked out once, on first
    use, as the URLconf is ready then). Subclasses implement ``signed_in``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._exempt: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        assert isinstance(user, User)
        return self.signed_in(request, user)

    def signed_in(self, request: HttpRequest, user: User) -> HttpResponse:
        raise NotImplementedError

    def exempt_prefixes(self) -> tuple[str, ...]:
        raise NotImplementedError

    def _is_exempt(self, path: str) -> bool:
        if self._exempt is None:
            self._exempt = self.exempt_prefixes()
        return path.startswith(self._exempt)


class ActiveSchoolMiddleware(SignedInGate):
    def exempt_prefixes(self) -> tuple[str, ...]:
        return _exempt_prefixes()

    def signed_in(self, request: HttpRequest, user: User) -> HttpResponse:
        session = request.session
        membership = None
        if ACTIVE_SCHOOL_KEY in session:
            membership = active_membership(user, session[ACTIVE_SCHOOL_KEY])
            if membership is None:
                del session[ACTIVE_SCHOOL_KEY]  # ended or never ours: choose again
        choices = 0
        if membership is None:
            found = list(
                Membership.objects.filter(user=user, is_active=True).select_related("school")[:2]
            )
            choices = len(found)
            if choices == 1:
                # Not written to the session: nothing to choose, and no
                # session write on every first request.
                membership = found[0]
                membership.schools_count = 1  # type: ignore[attr-defined]
        user.membership = membership
        if membership is None and choices > 1 and not self._is_exempt(request.path):
            chooser = reverse("schools:choose")
            if request.method == "GET" and request.path != reverse("home"):
                chooser += "?" + urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(chooser)
        return self.get_response(request)
