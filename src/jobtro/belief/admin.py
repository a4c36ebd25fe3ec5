"""Instruments are readable in the admin; ratings are not (citizen data goes through
core.access and the audit log, as in citizens.admin)."""

from django.contrib import admin

from .models import Instrument, Item


class ItemInline(admin.TabularInline):
    model = Item
    fields = ["code", "indicator", "raters", "general", "text", "maps_to"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "previous", "loaded_at"]
    readonly_fields = ["code", "name", "name_en", "description", "previous", "source", "loaded_at"]
    inlines = [ItemInline]

    def has_add_permission(self, request):
        # Load a new version from its file: `jobtro manage load_instrument FILE`.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
