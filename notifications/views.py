"""The person's own notifications and their email preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from notifications.access import notifications_for
from notifications.forms import EmailPreferencesForm
from notifications.services import (
    email_preferences_of,
    email_preferences_save,
    notifications_mark_all_read,
)
from sendit.lib.access import AuthedRequest, get_object_or_404, school_id_of
from sendit.lib.params import page_of

PER_PAGE = 25


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    """Newest first; unread ones are marked as such."""
    found = notifications_for(request.user).order_by("-created_at", "-pk")
    page = page_of(request, found, PER_PAGE)
    return render(request, "notifications/list.html", {"page": page})


@login_required
def notification_open(request: AuthedRequest, pk: int) -> HttpResponse:
    """Follow a notification (from the list or the email): it is read once opened.

    The page it leads to checks access itself, like any other link.
    """
    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    notification.mark_read()
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        raise Http404("Not a page of sendit")
    return redirect(notification.url)


@require_POST
@login_required
def notification_read(request: AuthedRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    notification.mark_read()
    messages.success(request, "Marked as read.")
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read_all(request: AuthedRequest) -> HttpResponse:
    marked = notifications_mark_all_read(notifications=notifications_for(request.user))
    messages.success(request, f"{marked} marked as read." if marked else "Nothing was unread.")
    return redirect("notifications:list")


@login_required
def preferences(request: AuthedRequest) -> HttpResponse:
    school_id_of(request.user)  # an account with no school has nothing to be told
    # Every box unticked posts nothing at all, which is still an answer.
    form = EmailPreferencesForm(
        request.POST if request.method == "POST" else None,
        initial=email_preferences_of(request.user),
    )
    if request.method == "POST" and form.is_valid():
        email_preferences_save(user=request.user, wanted=form.wanted())
        messages.success(request, "Your email preferences are saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
