"""Response headers for every page: the Permissions-Policy, and no caching of
a signed-in page.

The Content Security Policy itself comes from django-csp (settings
``CONTENT_SECURITY_POLICY``); this middleware adds what it does not:

- ``Permissions-Policy`` turns off the browser features sendit never uses
  (camera, microphone, location, payment, USB and the like), so that nothing
  injected into a page could ask for them;
- ``Cache-Control: no-store`` on every response to a signed-in person: pupil
  data must not stay in a shared computer's browser cache or be shown again
  by the Back button after signing out. A response that already chose
  ``no-store`` keeps its own header; any other choice (``max-age``,
  ``no-cache``) is replaced, since a signed-in response names pupils or staff.
  Static files never get here (WhiteNoise answers them first, cached for a
  year by their hashed names), and anonymous pages (the sign-in form, the
  calendar's token feeds) keep whatever their views set.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and "no-store" not in response.headers.get("Cache-Control", ""):
            response.headers["Cache-Control"] = "no-store"
        return response
