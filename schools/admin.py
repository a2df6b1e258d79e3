from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from schools.models import BackgroundJob, School, User


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "max_observers", "yearly_observation_limit"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "school", "is_active"]
    list_filter = ["school", "is_sendco", "is_slt", "is_teacher", "is_ta", "is_governor"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["title", "first_name", "last_name", "department", "staff_code"]}),
        ("School", {"fields": ["school", "mis_id"]}),
        (
            "Roles",
            {"fields": ["is_sendco", "is_slt", "is_teacher", "is_ta", "is_governor",
                        "is_school_admin"]},
        ),
        ("Platform", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "password1", "password2", "school"]})]


@admin.register(BackgroundJob)
class BackgroundJobAdmin(admin.ModelAdmin):
    list_display = ["kind", "school", "status", "created_at", "finished_at"]
