"""A teacher's released walk notes, and the good practice teachers agreed to share."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from feedback.access import (
    released_notes_for_teacher,
    released_records_of_visit,
    shared_good_practice,
)
from feedback.forms import ReplyForm, ShareForm
from feedback.queries import teacher_walk_notes
from feedback.services import feedback_reply, good_practice_list, shared_text_names
from schools.access import school_for
from schools.models import Role
from schools.roles import ALL_STAFF
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from sendit.lib.params import page_of
from sendit.lib.privacy import names_message

# The teacher cannot edit the note, so the way out is another strength.
SHARE_INSTEAD = "Choose another strength, or ask the SENDCo to reword this one without the name."


@roles_required(Role.TEACHER)
def walk_notes(request: AuthedRequest) -> HttpResponse:
    """All the teacher's walk notes, newest first, read and unread."""
    notes = page_of(request, teacher_walk_notes(request.user), 25)
    return render(request, "feedback/walk_notes_page.html", {"page": notes})


@roles_required(Role.TEACHER)
def note(request: AuthedRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(
        released_notes_for_teacher(request.user).select_related(
            "observation__visit__walk", "observation__visit__group", "observation__observer"
        ),
        pk=pk,
    )
    feedback.mark_read()
    observation = feedback.observation
    reply_form = ReplyForm()
    share_form = ShareForm(strengths=feedback.strength_lines)
    if request.method == "POST" and feedback.is_withdrawn:
        messages.info(request, "This note was withdrawn, so there is nothing more to do with it.")
        return redirect("feedback:note", pk=feedback.pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "acknowledge":
            feedback.acknowledge()
            messages.success(request, "Thank you: the note is marked as read.")
            return redirect("feedback:note", pk=feedback.pk)
        if action == "reply":
            reply_form = ReplyForm(request.POST)
            if reply_form.is_valid():
                feedback_reply(
                    feedback=feedback, user=request.user, text=reply_form.cleaned_data["text"]
                )
                messages.success(request, "Reply sent.")
                return redirect("feedback:note", pk=feedback.pk)
        elif action == "share":
            share_form = ShareForm(request.POST, strengths=feedback.strength_lines)
            if share_form.is_valid():
                # Good practice is read by all staff: it must name no pupil or colleague.
                found = shared_text_names(
                    school=observation.visit.walk.school,
                    fields={"strength": share_form.cleaned_data["strength"]},
                )
                for field, names in found.items():
                    share_form.add_error(field, names_message(names, SHARE_INSTEAD))
            if share_form.is_valid():
                feedback.agree_to_share(share_form.cleaned_data["strength"])
                messages.success(request, "Thank you: this strength is now shared with staff.")
                return redirect("feedback:note", pk=feedback.pk)
        elif action == "withdraw":
            feedback.withdraw_share()
            messages.success(request, "The strength is no longer shared.")
            return redirect("feedback:note", pk=feedback.pk)
    return render(
        request,
        "feedback/note.html",
        {
            "feedback": feedback,
            "observation": observation,
            "evidence": observation.focus_evidence.select_related("focus_area"),
            # The teacher teaches the class, so they may see these pupils' names.
            "checks": observation.strategy_checks.select_related("pupil", "strategy"),
            "replies": feedback.replies.select_related("author"),
            "versions": feedback.versions.all(),
            "other_records": released_records_of_visit(request.user, observation.visit)
            .exclude(pk=observation.pk)
            .select_related("observer")
            .prefetch_related("focus_evidence__focus_area"),
            "reply_form": reply_form,
            "share_form": share_form,
        },
    )


@roles_required(*ALL_STAFF)
def good_practice(request: AuthedRequest) -> HttpResponse:
    shared = (
        shared_good_practice(request.user)
        .select_related("observation__visit__walk")
        .order_by("-share_agreed_at", "pk")
    )
    listed = good_practice_list(shared=shared, school=school_for(request.user))
    page = page_of(request, listed, 25)
    return render(request, "feedback/good_practice.html", {"page": page})
