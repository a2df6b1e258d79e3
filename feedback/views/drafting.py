"""Drafting, coaching and releasing feedback; the school's list of judgemental words."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from feedback.access import judgemental_words_for, observations_to_draft
from feedback.coach import CONVERSATION_REMINDER, coach_draft, flagged_words, wording_flags
from feedback.forms import FeedbackForm, JudgementalWordForm, ReplyForm, WithdrawForm
from feedback.models import BeforeVisitDay, Feedback, JudgementalWord
from feedback.services import (
    NotReleased,
    ReleaseBlocked,
    feedback_coach,
    feedback_correct,
    feedback_for,
    feedback_release,
    feedback_reply,
    feedback_save,
    feedback_withdraw,
    judgemental_words_ensure_defaults,
    observation_values,
    school_words,
)
from schools.access import school_for
from schools.models import Role
from schools.roles import OBSERVERS
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from sendit.lib.versions import ConflictRow, VersionConflict, conflict_rows

FIELD_LABELS = dict(FeedbackForm.Meta.labels)


def _coach_for_form(form: FeedbackForm, feedback: Feedback, words: list[tuple[str, str]]):
    """Coach what is on the screen: the typed values if posted, else the saved draft."""
    if form.is_bound and hasattr(form, "cleaned_data"):
        data = form.cleaned_data
        return coach_draft(
            strengths=data.get("strengths") or "",
            points=data.get("points_to_develop") or "",
            next_step=data.get("next_step") or "",
            provision=data.get("provision") or "",
            provide_by=data.get("provide_by"),
            words=words,
        )
    return coach_draft(
        strengths=feedback.strengths,
        points=feedback.points_to_develop,
        next_step=feedback.next_step,
        provision=feedback.provision,
        provide_by=feedback.provide_by,
        words=words,
    )


def _rebind(request: AuthedRequest, feedback: Feedback) -> FeedbackForm:
    data = request.POST.copy()
    data["version"] = str(feedback.version)
    form = FeedbackForm(data, instance=Feedback(observation=feedback.observation))
    form.is_valid()
    return form


@roles_required(*OBSERVERS)
def draft(request: AuthedRequest, observation_pk: int) -> HttpResponse:
    observation = get_object_or_404(
        observations_to_draft(request.user).select_related(
            "visit__walk__school", "visit__group", "visit__teacher", "observer"
        ),
        pk=observation_pk,
    )
    feedback = feedback_for(observation=observation, user=request.user)
    words = school_words(school=observation.visit.walk.school)
    if feedback.status != Feedback.Status.DRAFT:  # released, or withdrawn since
        return _released(request, feedback)
    rows: list[ConflictRow] | None = None  # set when the version check refuses a save
    if request.method == "POST":
        # Bind to a throwaway instance: the service does the saving, with its
        # version check, so the form must not touch the real one.
        form = FeedbackForm(request.POST, instance=Feedback(observation=observation))
        if form.is_valid():
            try:
                feedback = feedback_save(
                    feedback=feedback,
                    data=form.cleaned_data,
                    base_version=form.cleaned_data["version"],
                )
            except VersionConflict as conflict:
                feedback = conflict.current
                rows = conflict_rows(
                    (label, form.cleaned_data.get(name), getattr(feedback, name))
                    for name, label in FIELD_LABELS.items()
                )
                form = _rebind(request, feedback)
            else:
                if request.POST.get("action") == "release":
                    # Saved; releasing is final, so it is asked for once more
                    # with a summary of who will read what.
                    reason = form.cleaned_data["override_reason"].strip()
                    if not observation.visit.day_has_come():
                        form = _rebind(request, feedback)
                        form.add_error(
                            None, str(BeforeVisitDay(observation.visit, "release feedback"))
                        )
                    elif not feedback_coach(feedback=feedback).passed and not reason:
                        form = _rebind(request, feedback)
                        form.add_error("override_reason", RELEASE_BLOCKED)
                    else:
                        return _release_confirm(request, feedback, reason)
                else:
                    messages.success(request, "Draft saved.")
                    return redirect("feedback:draft", observation_pk=observation.pk)
    else:
        form = FeedbackForm(instance=feedback, initial={"version": feedback.version})
    return render(
        request,
        "feedback/draft.html",
        {
            "observation": observation,
            "feedback": feedback,
            "form": form,
            "coach": _coach_for_form(form, feedback, words),
            "reminder": CONVERSATION_REMINDER,
            "flagged": flagged_words(wording_flags(observation_values(observation), words)),
            "conflict_rows": rows,
        },
        status=409 if rows is not None else 200,
    )


@require_POST
@roles_required(*OBSERVERS)
def coach(request: AuthedRequest, observation_pk: int) -> HttpResponse:
    """The coach's checks on what is typed now, for the draft page to refresh without saving."""
    observation = get_object_or_404(
        observations_to_draft(request.user).select_related("visit__walk__school"),
        pk=observation_pk,
    )
    feedback = feedback_for(observation=observation, user=request.user)
    form = FeedbackForm(request.POST, instance=Feedback(observation=observation))
    form.is_valid()  # coach whatever is valid so far; errors show on save
    words = school_words(school=observation.visit.walk.school)
    return render(
        request,
        "feedback/draft_coach.html",
        {
            "coach": _coach_for_form(form, feedback, words),
            "reminder": CONVERSATION_REMINDER,
            "oob": True,
        },
    )


RELEASE_BLOCKED = (
    "The coach's checks do not pass. Change the note, or write why it should be released as it is."
)


def _release_confirm(request: AuthedRequest, feedback: Feedback, reason: str) -> HttpResponse:
    """Who will read the note once it goes, asked before it goes (no JavaScript needed)."""
    observation = feedback.observation
    return render(
        request,
        "feedback/release_confirm.html",
        {
            "feedback": feedback,
            "observation": observation,
            "override_reason": reason,
            "records": observation.visit.observations.filter(status="completed").count(),
        },
    )


@require_POST
@roles_required(*OBSERVERS)
def release(request: AuthedRequest, observation_pk: int) -> HttpResponse:
    """Release the saved draft the person has just confirmed."""
    observation = get_object_or_404(
        observations_to_draft(request.user).select_related("visit__walk__school", "visit__teacher"),
        pk=observation_pk,
    )
    feedback = feedback_for(observation=observation, user=request.user)
    if feedback.pk is None:
        raise Http404("No draft saved yet")
    if feedback.status != Feedback.Status.DRAFT:
        messages.info(request, "This note was already released.")
        return redirect("feedback:draft", observation_pk=observation.pk)
    try:
        feedback_release(
            feedback=feedback,
            user=request.user,
            override_reason=request.POST.get("override_reason", ""),
            base_version=_posted_version(request.POST.get("version")),
        )
    except ReleaseBlocked:
        messages.error(request, RELEASE_BLOCKED)
    except BeforeVisitDay as early:
        messages.error(request, str(early))
    except VersionConflict:
        messages.error(
            request,
            "The draft changed after you confirmed, so it was not released. "
            "Read it again, then release it.",
        )
    else:
        teacher = observation.visit.teacher
        name = teacher.display_name if teacher else "the teacher"
        messages.success(request, f"Feedback released to {name}, who has been told.")
    return redirect("feedback:draft", observation_pk=observation.pk)


def _posted_version(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else -1


def _released(request: AuthedRequest, feedback: Feedback) -> HttpResponse:
    """A released note, read-only, with the teacher's replies and room to answer them."""
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        feedback_reply(feedback=feedback, user=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Reply sent.")
        return redirect("feedback:draft", observation_pk=feedback.observation_id)
    return render(
        request,
        "feedback/released.html",
        {
            "feedback": feedback,
            "observation": feedback.observation,
            "replies": feedback.replies.select_related("author"),
            "versions": feedback.versions.select_related("replaced_by"),
            "form": form,
        },
    )


def _released_note(request: AuthedRequest, observation_pk: int) -> Feedback:
    """The released note of an observation the user may draft from (the SENDCo, or the
    staff observer who wrote it); anything else is 404."""
    observation = get_object_or_404(
        observations_to_draft(request.user).select_related(
            "visit__walk__school", "visit__group", "visit__teacher", "observer"
        ),
        pk=observation_pk,
    )
    feedback = feedback_for(observation=observation, user=request.user)
    if not feedback.is_released:
        raise Http404("Not a released note")
    return feedback


@roles_required(*OBSERVERS)
def correct(request: AuthedRequest, observation_pk: int) -> HttpResponse:
    """Correct a released note; the teacher is told and can read the earlier wording."""
    feedback = _released_note(request, observation_pk)
    words = school_words(school=feedback.observation.visit.walk.school)
    if request.method == "POST":
        form = FeedbackForm(request.POST, instance=Feedback(observation=feedback.observation))
        if form.is_valid():
            try:
                feedback_correct(
                    feedback=feedback,
                    user=request.user,
                    data=form.cleaned_data,
                    base_version=form.cleaned_data["version"],
                    override_reason=form.cleaned_data["override_reason"],
                )
            except ReleaseBlocked:
                form.add_error("override_reason", RELEASE_BLOCKED)
            except VersionConflict:
                form.add_error(
                    None,
                    "The note changed since you opened this page. Nothing was saved; "
                    "open it again to see the note as it is now.",
                )
            except NotReleased as gone:
                form.add_error(None, str(gone))
            else:
                messages.success(
                    request, "The note is corrected. The teacher has been told and can read both."
                )
                return redirect("feedback:draft", observation_pk=observation_pk)
    else:
        form = FeedbackForm(instance=feedback, initial={"version": feedback.version})
    return render(
        request,
        "feedback/correct.html",
        {
            "feedback": feedback,
            "observation": feedback.observation,
            "form": form,
            "coach": _coach_for_form(form, feedback, words),
            "reminder": CONVERSATION_REMINDER,
        },
    )


@roles_required(*OBSERVERS)
def withdraw(request: AuthedRequest, observation_pk: int) -> HttpResponse:
    """Withdraw a released note with a reason the teacher reads."""
    feedback = _released_note(request, observation_pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_withdraw(
                feedback=feedback, user=request.user, reason=form.cleaned_data["reason"]
            )
        except NotReleased as gone:
            form.add_error(None, str(gone))
        else:
            messages.success(request, "The note is withdrawn. The teacher has been told why.")
            return redirect("feedback:draft", observation_pk=observation_pk)
    return render(
        request,
        "feedback/withdraw.html",
        {"feedback": feedback, "observation": feedback.observation, "form": form},
    )


@roles_required(Role.SENDCO)
def words(request: AuthedRequest) -> HttpResponse:
    school = school_for(request.user)
    judgemental_words_ensure_defaults(school=school)
    form = JudgementalWordForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        word = form.cleaned_data["word"]
        # A word removed earlier comes back rather than clashing with itself.
        JudgementalWord.objects.update_or_create(
            school=school,
            word=word,
            defaults={"suggestion": form.cleaned_data["suggestion"], "is_active": True},
        )
        messages.success(request, f"\u201c{word}\u201d will be flagged.")
        return redirect("feedback:words")
    return render(
        request,
        "feedback/words.html",
        {"form": form, "words": judgemental_words_for(request.user).filter(is_active=True)},
    )


@require_POST
@roles_required(Role.SENDCO)
def word_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    word = get_object_or_404(judgemental_words_for(request.user), pk=pk)
    word.is_active = False
    word.save(update_fields=["is_active"])
    messages.success(request, f"\u201c{word.word}\u201d will no longer be flagged.")
    return redirect("feedback:words")
