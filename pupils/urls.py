from __future__ import annotations

from django.urls import path

from pupils.views import (
    concerns,
    groups,
    imports,
    profiles,
    provision,
    provision_costs,
    provision_grid,
    provision_impact,
    pupil,
    register,
)

app_name = "pupils"

urlpatterns = [
    path("register/", register.register, name="register"),
    path("register/movement/", register.register_movement_page, name="register_movement"),
    path("my-classes/", register.my_classes, name="my_classes"),
    path("register.csv", register.register_csv, name="register_csv"),
    path("<int:pk>/", pupil.pupil_detail, name="pupil"),
    path("<int:pk>/status/", pupil.pupil_status, name="pupil_status"),
    path("<int:pk>/audit/", pupil.pupil_audit, name="audit"),
    path("<int:pk>/profile/", profiles.profile_edit, name="profile_edit"),
    path("<int:pk>/profile/print/", profiles.profile_print, name="profile_print"),
    path("<int:pk>/reviews/new/", profiles.review_add, name="review_add"),
    path("groups/", groups.group_list, name="groups"),
    path("groups/<int:pk>/", groups.group_detail, name="group"),
    # Provision map, assessments, access arrangements, EHC plans (B).
    path("interventions/", provision.interventions, name="interventions"),
    path("interventions/new/", provision.intervention_create, name="intervention_create"),
    path(
        "interventions/missing-exit/",
        provision.interventions_missing_exit,
        name="interventions_missing_exit",
    ),
    path("interventions/<int:pk>/", provision.intervention_detail, name="intervention_detail"),
    path("interventions/<int:pk>/edit/", provision.intervention_edit, name="intervention_edit"),
    path(
        "interventions/<int:pk>/pupils/",
        provision.intervention_pupils,
        name="intervention_pupils",
    ),
    path(
        "interventions/<int:pk>/places/<int:place_pk>/remove/",
        provision.intervention_remove_pupil,
        name="intervention_remove_pupil",
    ),
    path(
        "interventions/<int:pk>/measures/",
        provision.intervention_measures,
        name="intervention_measures",
    ),
    # Provision in figures (#11): the grid, costs, hourly rates, impact.
    path("provision/grid/", provision_grid.grid, name="provision_grid"),
    path("provision/grid.csv", provision_grid.grid_csv, name="provision_grid_csv"),
    path("provision/costs/", provision_costs.costs, name="provision_costs"),
    path("provision/costs/pupils/", provision_costs.pupil_costs, name="provision_pupil_costs"),
    path("provision/rates/", provision_costs.rates, name="staff_rates"),
    path("provision/impact/", provision_impact.impact, name="provision_impact"),
    path("<int:pupil_pk>/assessments/new/", provision.assessment_create, name="assessment_create"),
    path("assessments/<int:pk>/edit/", provision.assessment_edit, name="assessment_edit"),
    path("reading-ages/", provision.reading_flags, name="reading_flags"),
    path(
        "<int:pupil_pk>/arrangements/new/", provision.arrangement_create, name="arrangement_create"
    ),
    path("arrangements/<int:pk>/edit/", provision.arrangement_edit, name="arrangement_edit"),
    path("arrangements/<int:pk>/delete/", provision.arrangement_delete, name="arrangement_delete"),
    path(
        "arrangements/attention/",
        provision.arrangements_attention,
        name="arrangements_attention",
    ),
    path("<int:pupil_pk>/ehc-plan/", provision.ehc_edit, name="ehc_edit"),
    path("ehc-reviews/", provision.ehc_reviews, name="ehc_reviews"),
    # Concerns (B).
    path("concerns/", concerns.concerns, name="concerns"),
    path("concerns/new/", concerns.concern_create, name="concern_create"),
    path("concerns/mine/", concerns.my_concerns, name="my_concerns"),
    path("concerns/<int:pk>/triage/", concerns.concern_triage, name="concern_triage"),
    # MIS import (B).
    path("import/", imports.import_upload, name="import"),
    path("import/preview/", imports.import_preview, name="import_preview"),
]
