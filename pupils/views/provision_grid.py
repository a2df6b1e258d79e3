"""The provision grid: year groups down, areas of need or waves across (SENDCo and SLT)."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pupils.queries import GRID_ACROSS, ProvisionGrid, provision_grid
from pupils.views.terms import provision_term, term_choices
from schools.roles import SEND_LEADERS
from sendit.lib.access import AuthedRequest, roles_required
from sendit.lib.params import choice_param
from sendit.lib.spreadsheets import csv_safe

ACROSS_LABELS = {"area": "Areas of need", "wave": "Waves"}


def _grid(request: AuthedRequest) -> ProvisionGrid:
    term = provision_term(request, today=timezone.localdate())
    across = choice_param(
        request, "across", GRID_ACROSS, default="area", label="grid layout", shown="areas of need"
    )
    return provision_grid(request.user, term, across=across)


@roles_required(*SEND_LEADERS)
def grid(request: AuthedRequest) -> HttpResponse:
    found = _grid(request)
    return render(
        request,
        "pupils/provision_grid.html",
        {
            "grid": found,
            "terms": term_choices(request, timezone.localdate(), found.term),
            "across_choices": list(ACROSS_LABELS.items()),
        },
    )


@roles_required(*SEND_LEADERS)
def grid_csv(request: AuthedRequest) -> HttpResponse:
    """The grid as a spreadsheet: for each column, its pupils and its interventions."""
    found = _grid(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"provision-grid-{found.term.key}-{found.across}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    header = ["Year group"]
    for column in found.columns:
        header += [f"{column.label}: pupils", f"{column.label}: interventions (pupils)"]
    writer.writerow([*header, "All: pupils"])
    for row in found.rows:
        cells: list[object] = [f"Year {row.year}"]
        for cell in row.cells:
            names = "; ".join(f"{i.name} ({i.pupils})" for i in cell.interventions)
            cells += [cell.pupils, names]
        writer.writerow([csv_safe(value) for value in [*cells, row.total]])
    totals: list[object] = ["All year groups"]
    for column in found.columns:
        n = column.interventions
        totals += [column.pupils, f"{n} intervention{'s' if n != 1 else ''}"]
    writer.writerow([csv_safe(value) for value in [*totals, found.pupils]])
    return response
