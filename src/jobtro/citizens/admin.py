"""Admin for the configurable lists only.

Citizen records are deliberately not in the Django admin: every read of them must go
through core.access and the audit log, which the pages and the API do.
"""

from django.contrib import admin

from .models import ActionKind, TargetGroup


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_active"]


@admin.register(ActionKind)
class ActionKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "job_oriented", "is_active"]
