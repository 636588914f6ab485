"""The admin of subscribers to release alerts."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from journalists.models import (
    Subscriber,
)


class ConfirmedFilter(admin.SimpleListFilter):
    title = gettext_lazy("confirmation")
    parameter_name = "confirme"

    def lookups(self, request, model_admin):
        return [("oui", gettext_lazy("Confirmés")), ("non", gettext_lazy("En attente"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "non":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Subscribers manage their own choices (double opt-in): the admin only reads."""

    list_display = ["email", "all_releases", "confirmed_at", "created_at"]
    list_filter = [ConfirmedFilter, "all_releases", "themes"]
    search_fields = ["normalised"]
    readonly_fields = ["email", "all_releases", "themes", "pacts", "territories", "confirmed_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
