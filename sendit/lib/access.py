"""The one shared way to scope data to the signed-in user.

Each app's ``access.py`` builds on these helpers and returns querysets that
already hold only what the user may see; views look objects up in those
querysets, so anything out of reach is a 404 rather than a 403 and its
existence does not leak.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

if TYPE_CHECKING:
    from schools.models import User

M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponse]


class AuthedRequest(HttpRequest):
    """The request every view gets: LoginRequiredMiddleware lets only signed-in
    users reach a view (the few ``login_not_required`` views take a plain
    HttpRequest), so ``request.user`` is our User, never AnonymousUser.

    Only a type: no request is ever built from this class.
    """

    user: User


def school_id_of(user: User) -> int:
    """The user's active school (their active membership, set once per request
    by schools.middleware); an account with none, or with several and none
    chosen, sees nothing."""
    if not user.is_authenticated or user.school_id is None:
        raise Http404("No school")
    return user.school_id


def in_school(queryset: QuerySet[M], user: User, *, field: str = "school") -> QuerySet[M]:
    return queryset.filter(**{f"{field}_id" if "__" not in field else field: school_id_of(user)})


def ensure_role(user: User, *roles: str) -> None:
    if not user.is_authenticated or user.school_id is None or not user.has_role(*roles):
        raise Http404("Not found")


class OutOfReach(Http404):
    """A lookup of one object by its id found nothing the user may see.

    Still a 404 for the user. ``audit.refusals.RefusedAccessMiddleware``
    checks whether the object exists (out of reach rather than missing) and
    records the refusal; nothing here knows the audit (it is a floor above).
    """

    def __init__(self, model: type[Model], pk: Any) -> None:
        self.model = model
        self.pk = pk
        super().__init__(f"No {model._meta.verbose_name} found")


def get_object_or_404(queryset: QuerySet[M] | type[M], *args: Any, **lookup: Any) -> M:
    """Django's ``get_object_or_404`` for the scoped querysets of ``access.py``:
    a miss on a lookup by id raises ``OutOfReach`` (a 404 that the audit of
    refused access reads), any other miss a plain 404."""
    rows: QuerySet[M] = (
        queryset._default_manager.all() if isinstance(queryset, type) else queryset.all()
    )
    try:
        return rows.get(*args, **lookup)
    except ObjectDoesNotExist:
        pk = lookup.get("pk", lookup.get("id"))
        if pk is None or args:
            raise Http404(f"No {rows.model._meta.verbose_name} found") from None
        raise OutOfReach(rows.model, pk) from None


def roles_required(*roles: str) -> Callable[[View], View]:
    """Let only these roles of a school reach the view; everyone else gets 404."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            ensure_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
