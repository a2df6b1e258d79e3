from __future__ import annotations

from django.contrib import admin

from pupils.models import Pupil, PupilNeed, TeachingGroup


class PupilNeedInline(admin.TabularInline):
    model = PupilNeed
    extra = 0


@admin.register(Pupil)
class PupilAdmin(admin.ModelAdmin):
    list_display = ["legal_last_name", "legal_first_name", "school", "year_group", "sen_status"]
    list_filter = ["school", "sen_status", "year_group"]
    search_fields = ["legal_last_name", "legal_first_name", "upn"]
    inlines = [PupilNeedInline]


@admin.register(TeachingGroup)
class TeachingGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "subject", "year_group", "school"]
    list_filter = ["school", "year_group"]
    filter_horizontal = ["teachers", "teaching_assistants", "pupils"]
