"""Read-only admin for the rules' history. Referrals are deliberately not here: every
read of a citizen's data goes through core.access and the audit log."""

from django.contrib import admin

from .models import RulesVersion


@admin.register(RulesVersion)
class RulesVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "municipality", "team", "author", "created_at"]
    readonly_fields = ["municipality", "team", "number", "text", "note", "author", "created_at"]

    def has_add_permission(self, request):  # versions are saved through the page (checked)
        return False

    def has_change_permission(self, request, obj=None):
        return False
