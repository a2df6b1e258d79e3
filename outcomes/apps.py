from __future__ import annotations

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes: attendance, needs assessments, meetings with parents"

    def ready(self) -> None:
        # The pupil file from the MIS may carry attendance and suspensions.
        from outcomes.imports import PUPIL_FILE_COLUMNS, plan_pupil_file_attendance
        from pupils.mis_import import pupil_file_columns_add

        pupil_file_columns_add(PUPIL_FILE_COLUMNS, plan_pupil_file_attendance)
        # The pupil's page shows their outcomes to SENDCo and SLT.
        from outcomes.record import pupil_outcomes
        from pupils.record_sections import record_section_add

        record_section_add(pupil_outcomes)
