from django.contrib import admin

from .models import MappingRevision, SsoIdentity


@admin.register(SsoIdentity)
class SsoIdentityAdmin(admin.ModelAdmin):
    list_display = ["staff", "provider", "issuer", "last_login_at"]
    list_filter = ["provider"]
    readonly_fields = ["provider", "issuer", "subject", "staff", "created_at", "last_login_at"]

    def has_add_permission(self, request):  # identities come from logins only
        return False


@admin.register(MappingRevision)
class MappingRevisionAdmin(admin.ModelAdmin):
    list_display = ["version", "sha256", "first_seen_at"]
    readonly_fields = ["version", "sha256", "text", "first_seen_at"]

    def has_add_permission(self, request):  # the file is the source; this is its history
        return False
