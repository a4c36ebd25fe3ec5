from django.contrib import admin

from .models import Municipality, ResearchProject, Staff, Team, TeamMembership


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "rating_interval_days"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["display_name", "role", "function", "municipality", "is_active"]
    list_filter = ["role", "municipality", "is_active"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    inlines = [MembershipInline]


@admin.register(ResearchProject)
class ResearchProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    filter_horizontal = ["municipalities", "researchers"]
