"""The audit trail, read-only."""

from django.contrib import admin

from communiques.models import (
    CommuniqueEvent,
)


@admin.register(CommuniqueEvent)
class CommuniqueEventAdmin(admin.ModelAdmin):
    """The audit view: read-only."""

    list_display = ["at", "action", "communique_title", "user", "note"]
    list_filter = ["action", "user"]
    search_fields = ["communique_title", "note"]
    date_hierarchy = "at"
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
