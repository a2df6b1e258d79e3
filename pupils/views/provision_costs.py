"""What provision costs (SENDCo and SLT), and the school's hourly rates by role
(kept by the SENDCo and the school admin, read by SLT)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from pupils.access import RATE_READERS, keeps_rates, pupils_for
from pupils.models import CostBasis, DeliveryRole
from pupils.provision_forms import StaffRatesForm
from pupils.queries import provision_costs, pupil_provision_costs, staff_rates
from pupils.services import staff_rates_save
from pupils.views.terms import provision_term, term_choices
from schools.roles import SEND_LEADERS
from sendit.lib.access import AuthedRequest, roles_required
from sendit.lib.params import page_of

PER_PAGE = 25


@roles_required(*SEND_LEADERS)
def costs(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    term = provision_term(request, today=today)
    found = provision_costs(request.user, term, today=today)
    return render(
        request,
        "pupils/provision_costs.html",
        {
            "costs": found,
            "page": page_of(request, found.interventions, PER_PAGE),
            "terms": term_choices(request, today, term),
            "session_basis": CostBasis.SESSION.value,
            "rates": [(role.label, found.rates.get(role.value)) for role in DeliveryRole],
        },
    )


@roles_required(*SEND_LEADERS)
def pupil_costs(request: AuthedRequest) -> HttpResponse:
    """Each pupil's share of the cost of the provision they get in the term."""
    today = timezone.localdate()
    term = provision_term(request, today=today)
    page = page_of(request, pupil_provision_costs(request.user, term, today=today), PER_PAGE)
    pupils = pupils_for(request.user).in_bulk([cost.pupil_id for cost in page])
    return render(
        request,
        "pupils/provision_pupil_costs.html",
        {
            "term": term,
            "terms": term_choices(request, today, term),
            "page": page,
            "rows": [(pupils[c.pupil_id], c) for c in page if c.pupil_id in pupils],
        },
    )


@roles_required(*RATE_READERS)
def rates(request: AuthedRequest) -> HttpResponse:
    """The hourly rate of each role; the SENDCo and the school admin change them."""
    can_edit = keeps_rates(request.user)
    if request.method == "POST" and not can_edit:
        raise Http404("Not found")
    current = staff_rates(request.user)
    form = StaffRatesForm(request.POST or None, initial=current) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        school = request.user.school
        if school is None:  # roles_required let through a member of a school only
            raise Http404("No school")
        changed = staff_rates_save(school=school, user=request.user, rates=form.rates)
        if changed:
            names = ", ".join(DeliveryRole(role).label.lower() for role in changed)
            messages.success(request, f"Hourly rates saved ({names}). Costs use them at once.")
        else:
            messages.success(request, "No rate was changed.")
        return redirect("pupils:staff_rates")
    return render(
        request,
        "pupils/staff_rates.html",
        {
            "form": form,
            "show_provision_nav": request.user.has_role(*SEND_LEADERS),
            "rates": [(role.label, current.get(role.value)) for role in DeliveryRole],
        },
    )
