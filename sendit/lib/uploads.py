"""Refuse an oversized request body before any of it is read.

Django reads a multipart body in full (to memory or a temporary file) as
soon as anything touches ``request.POST``, and the CSRF check does that for
every POST. ``RequestBodyLimitMiddleware`` runs before the CSRF check and
looks only at the Content-Length header:

- a view marked with ``@body_limit(n)`` that is sent more than ``n`` bytes
  is called straight away with ``request.body_too_large`` set, so that it
  can show its own message next to the field, without reading the body (it
  must not change anything in that case: the CSRF check has not run);
- any other request over ``settings.REQUEST_BODY_MAX_BYTES`` gets a 413.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def body_limit(max_bytes: int) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        view.body_limit = max_bytes  # type: ignore[attr-defined]
        return view

    return decorator


def content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: View, args: tuple, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        length = content_length(request)
        own_limit = getattr(view_func, "body_limit", None)
        if own_limit is not None and length > own_limit:
            request.body_too_large = True  # type: ignore[attr-defined]
            return view_func(request, *args, **kwargs)
        if length > settings.REQUEST_BODY_MAX_BYTES:
            return HttpResponse(
                "This request is too large for sendit.", status=413, content_type="text/plain"
            )
        return None
