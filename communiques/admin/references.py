"""The admin of what releases refer to: themes and press contacts."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from communiques.models import (
    PressContact,
    PressContactPhone,
    Theme,
)
from grandest_press.protection import ProtectedDeleteAdminMixin


@admin.register(Theme)
class ThemeAdmin(ProtectedDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PressContactPhoneInline(admin.TabularInline):
    model = PressContactPhone
    extra = 1
    fields = ["order", "number"]


@admin.register(PressContact)
class PressContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "email", "phone_numbers", "is_active"]
    list_filter = ["is_active", "organisation"]
    search_fields = ["name", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    inlines = [PressContactPhoneInline]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("organisation").prefetch_related("phones")
        )

    @admin.display(description=_("téléphones"))
    def phone_numbers(self, contact):
        return " / ".join(phone.number.as_national for phone in contact.phones.all())
