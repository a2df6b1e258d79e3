"""The impact of provision: the interventions that ended in a term, the pupils who
met each one's expected-progress rule, and what that cost (SENDCo and SLT)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pupils.queries import impact_summary, interventions_impact
from pupils.views.terms import provision_term, term_choices
from schools.models import Role
from schools.roles import SEND_LEADERS
from sendit.lib.access import AuthedRequest, roles_required
from sendit.lib.params import page_of

PER_PAGE = 10  # interventions with their pupils' changes on a page


@roles_required(*SEND_LEADERS)
def impact(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    term = provision_term(request, today=today, ended=True)
    summary = impact_summary(request.user, term, today=today)
    page = page_of(request, summary.interventions, PER_PAGE)
    return render(
        request,
        "pupils/provision_impact.html",
        {
            "summary": summary,
            "page": page,
            "details": interventions_impact(request.user, [row.id for row in page], today=today),
            "terms": term_choices(request, today, term),
            "can_edit": request.user.has_role(Role.SENDCO),
        },
    )
