from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest

from .models import ApiToken, AuditEvent

# ModelAdmin is generic in django-stubs only; Django itself cannot subscript it.
if TYPE_CHECKING:
    AuditEventAdminBase = admin.ModelAdmin[AuditEvent]
    ApiTokenAdminBase = admin.ModelAdmin[ApiToken]
else:
    AuditEventAdminBase = ApiTokenAdminBase = admin.ModelAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(AuditEventAdminBase):
    list_display = ["at", "actor_username", "action", "citizen_pseudonym", "ip_address", "via"]
    list_filter = ["action", "via"]
    search_fields = ["actor_username", "action", "citizen_pseudonym"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(ApiTokenAdminBase):
    list_display = ["name", "user", "prefix", "created_at", "revoked_at"]
    readonly_fields = ["token_hash", "prefix", "created_at", "last_used_at"]
