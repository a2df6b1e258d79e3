from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from audit.access import changes_for
from audit.models import ChangeKind
from schools.access import (
    STAFF_MANAGE_ROLES,
    grant_confirmers_for,
    grants_to_decide_for,
    grants_waiting_on_others_for,
    jobs_for,
    pending_grants_for,
    role_grants_for,
    school_for,
    staff_for,
    staff_managed_by,
    staff_members_for,
    staff_memberships_for,
)
from schools.forms import SchoolSettingsForm, StaffForm, StaffSearchForm
from schools.middleware import ACTIVE_SCHOOL_KEY, active_membership, school_activate
from schools.models import PUPIL_DATA_ROLES, ROLE_FIELDS, Membership, Role, RoleGrant, User
from schools.roles import RECORD_KEEPERS
from schools.services import (
    RoleRuleError,
    job_queue_worker_check,
    role_grant_decide,
    staff_add,
    staff_deactivate,
    staff_password_email,
    staff_reactivate,
    staff_roles_set,
    staff_update,
)
from schools.terms import year_holding
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from sendit.lib.params import page_of


def school_choose(request: AuthedRequest) -> HttpResponse:
    """Which school to work in, for someone who belongs to several (shown
    after sign-in; the header's "Switch school" posts here too)."""
    memberships = list(request.user.active_memberships())
    if request.method == "POST":
        membership = active_membership(request.user, request.POST.get("school"))
        if membership is None:
            return render(
                request,
                "schools/choose.html",
                {"memberships": memberships, "error": "Choose one of your schools."},
                status=400,
            )
        school_activate(request, membership.school)
        messages.success(request, f"You are working in {membership.school.name}.")
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = ""
        return redirect(target or "home")
    return render(
        request,
        "schools/choose.html",
        {
            "memberships": memberships,
            "current": request.session.get(ACTIVE_SCHOOL_KEY),
            "next": request.GET.get("next", ""),
        },
    )


@require_POST
def school_switch(request: AuthedRequest) -> HttpResponse:
    """Work in another of one's schools, starting at its home page with
    nothing of the old school kept in the session."""
    membership = active_membership(request.user, request.POST.get("school"))
    if membership is None:
        raise Http404("Not one of your schools")
    school_activate(request, membership.school)
    messages.success(request, f"You are working in {membership.school.name}.")
    return redirect("home")


@roles_required(*RECORD_KEEPERS)
def school_settings(request: AuthedRequest) -> HttpResponse:
    school = school_for(request.user)
    form = SchoolSettingsForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "School settings saved.")
        return redirect("schools:settings")
    staff = page_of(request, staff_for(request.user).order_by("last_name", "first_name"), 25)
    return render(
        request,
        "schools/settings.html",
        {
            "school": school,
            "form": form,
            "staff": staff,
            "jobs": jobs_for(request.user)[:5],
            "term_year": year_holding(school, timezone.localdate()),
        },
    )


@require_POST
@roles_required(*RECORD_KEEPERS)
def worker_check(request: AuthedRequest) -> HttpResponse:
    job = job_queue_worker_check(requested_by=request.user)
    messages.info(request, "A check was sent to the background worker.")
    return redirect("schools:job", pk=job.pk)


@roles_required(*RECORD_KEEPERS)
def job_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(jobs_for(request.user), pk=pk)
    return render(request, "schools/job.html", {"job": job})


# Staff and roles ---------------------------------------------------------------------------------

STAFF_PAGE_SIZE = 25
ROLE_CHANGE_KINDS = (
    ChangeKind.ROLE_GRANTED,
    ChangeKind.ROLE_REQUESTED,
    ChangeKind.ROLE_CONFIRMED,
    ChangeKind.ROLE_DECLINED,
    ChangeKind.ROLE_REMOVED,
    ChangeKind.ACCOUNT_DEACTIVATED,
    ChangeKind.ACCOUNT_REACTIVATED,
    ChangeKind.STAFF_ADDED,
)


def _pending_grants(user: User) -> Prefetch:
    """Each member's grants waiting in the reader's school, as ``pending_grants``."""
    return Prefetch("role_grants", queryset=pending_grants_for(user), to_attr="pending_grants")


def _search_staff(
    staff: QuerySet[User], form: StaffSearchForm, here: QuerySet[Membership]
) -> QuerySet[User]:
    """Staff matching every word of the search (name, email, department, staff
    code or a role's name), the role chosen and active or deactivated, each
    as they are in this school (``here``: its memberships)."""
    data = form.cleaned_data if form.is_valid() else {}

    def holding(role: str) -> Q:
        return Q(pk__in=here.filter(**{ROLE_FIELDS[role]: True}).values("user_id"))

    status = data.get("status") or "active"
    working = Q(is_active=True, pk__in=here.filter(is_active=True).values("user_id"))
    if status == "active":
        staff = staff.filter(working)
    elif status == "inactive":
        staff = staff.exclude(working)
    if data.get("role"):
        staff = staff.filter(holding(data["role"]))
    for word in (data.get("q") or "").split():
        match = (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(department__icontains=word)
            | Q(staff_code__iexact=word)
        )
        for role in Role:
            if word.lower() in (role.value, role.label.lower(), role.label.lower().split()[0]):
                match |= holding(role)
        staff = staff.filter(match)
    return staff


@roles_required(*RECORD_KEEPERS)
def staff_list(request: AuthedRequest) -> HttpResponse:
    search = StaffSearchForm(request.GET or None)
    staff = _search_staff(
        staff_members_for(request.user), search, staff_memberships_for(request.user)
    ).prefetch_related(_pending_grants(request.user))
    page = page_of(request, staff.order_by("last_name", "first_name", "pk"), STAFF_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "schools/staff_list.html",
        {
            "search": search,
            "page": page,
            "query": query.urlencode(),
            "changes": changes_for(request.user).filter(kind__in=ROLE_CHANGE_KINDS)[:10],
            "can_manage": request.user.has_role(*STAFF_MANAGE_ROLES),
            "pending_count": pending_grants_for(request.user).count(),
        },
    )


def _grant_message(member: User, pending: list[RoleGrant]) -> str:
    roles = " and ".join(grant.get_role_display() for grant in pending)
    return (
        f"{roles} for {member.display_name} is waiting for another SENDCo or senior leader "
        "to confirm it."
    )


@roles_required(*STAFF_MANAGE_ROLES)
def staff_add_view(request: AuthedRequest) -> HttpResponse:
    form = StaffForm(request.POST or None, staff=staff_managed_by(request.user))
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "roles"}
        try:
            with transaction.atomic():
                member = staff_add(
                    actor=request.user,
                    values=values,
                    roles=form.cleaned_data["roles"],
                    request=request,
                )
        except RoleRuleError as error:  # added by someone else since the form checked
            form.add_error("email", str(error))
        else:
            messages.success(request, f"{member.display_name} was added.")
            pending = list(pending_grants_for(request.user).filter(user=member))
            if pending:
                messages.info(request, _grant_message(member, pending))
            if request.POST.get("send_password_email"):
                staff_password_email(actor=request.user, member=member, request=request)
                messages.info(
                    request, f"An email to set a password is on its way to {member.email}."
                )
            return redirect("schools:staff_detail", pk=member.pk)
    return render(request, "schools/staff_form.html", {"form": form, "member": None})


@roles_required(*RECORD_KEEPERS)
def staff_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(staff_members_for(request.user), pk=pk)
    grants = list(
        role_grants_for(request.user)
        .filter(user=member)
        .select_related("requested_by", "decided_by")[:20]
    )
    pending = [
        (
            grant,
            list(
                grant_confirmers_for(request.user, grant).order_by("last_name", "first_name")[:10]
            ),
        )
        for grant in grants
        if grant.is_pending
    ]
    return render(
        request,
        "schools/staff_detail.html",
        {
            "member": member,
            "grants": grants,
            "pending": pending,
            "changes": changes_for(request.user).filter(target_user=member)[:50],
            "can_manage": request.user.has_role(*STAFF_MANAGE_ROLES),
            "is_self": member.pk == request.user.pk,
        },
    )


@roles_required(*STAFF_MANAGE_ROLES)
def staff_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(staff_managed_by(request.user), pk=pk)
    form = StaffForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "roles"}
        try:
            with transaction.atomic():
                staff_update(actor=request.user, member=member, values=values, request=request)
                pending = staff_roles_set(
                    actor=request.user,
                    member=member,
                    roles=form.cleaned_data["roles"],
                    request=request,
                )
        except RoleRuleError as error:
            member.refresh_from_db()
            form.add_error("roles", str(error))
        else:
            messages.success(request, f"Saved the details of {member.display_name}.")
            if pending:
                messages.info(request, _grant_message(member, pending))
            return redirect("schools:staff_detail", pk=member.pk)
    return render(request, "schools/staff_form.html", {"form": form, "member": member})


def _staff_action(
    request: AuthedRequest,
    pk: int,
    action: Callable[..., object],
    done: Callable[[User], str],
) -> HttpResponse:
    """Run a staff service on one of the admin's staff; ``done`` says what
    happened, or the rule that stopped it is shown."""
    member = get_object_or_404(staff_managed_by(request.user), pk=pk)
    try:
        action(actor=request.user, member=member, request=request)
    except RoleRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done(member))
    return redirect("schools:staff_detail", pk=member.pk)


def _deactivated(member: User) -> str:
    if member.is_active:  # still works in another school of the deployment
        return (
            f"{member.display_name} no longer works in this school and cannot open it any more. "
            "Their records are kept."
        )
    return (
        f"{member.display_name}'s account is deactivated and signed out everywhere. "
        "Their records are kept."
    )


@require_POST
@roles_required(*STAFF_MANAGE_ROLES)
def staff_deactivate_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _staff_action(request, pk, staff_deactivate, _deactivated)


@require_POST
@roles_required(*STAFF_MANAGE_ROLES)
def staff_reactivate_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        pk,
        staff_reactivate,
        lambda member: f"{member.display_name}'s account is active again.",
    )


@require_POST
@roles_required(*STAFF_MANAGE_ROLES)
def staff_password_email_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        pk,
        staff_password_email,
        lambda member: f"An email to set a password is on its way to {member.email}.",
    )


@roles_required(*PUPIL_DATA_ROLES)
def role_grants(request: AuthedRequest) -> HttpResponse:
    to_decide = list(grants_to_decide_for(request.user).order_by("requested_at"))
    waiting_on_others = grants_waiting_on_others_for(request.user)
    return render(
        request,
        "schools/staff_grants.html",
        {"to_decide": to_decide, "waiting_on_others": waiting_on_others},
    )


def _decide(request: AuthedRequest, pk: int, *, confirm: bool) -> HttpResponse:
    grant = get_object_or_404(grants_to_decide_for(request.user), pk=pk)
    try:
        role_grant_decide(actor=request.user, grant=grant, confirm=confirm, request=request)
    except RoleRuleError as error:
        messages.error(request, str(error))
    else:
        verb = "confirmed" if confirm else "declined"
        messages.success(
            request, f"You {verb} {grant.get_role_display()} for {grant.user.display_name}."
        )
    return redirect("schools:role_grants")


@require_POST
@roles_required(*PUPIL_DATA_ROLES)
def role_grant_confirm_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, confirm=True)


@require_POST
@roles_required(*PUPIL_DATA_ROLES)
def role_grant_decline_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, confirm=False)
