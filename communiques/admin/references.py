"""The admin of what releases refer to: themes and press contacts, and the on-call
schedule of the press service."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communiques.models import (
    OnCallShift,
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


class OnCallPeriodFilter(admin.SimpleListFilter):
    """Opens on the periods still to come (or under way): the ones an officer edits."""

    title = _("période")
    parameter_name = "periode"

    def lookups(self, request, model_admin):
        return [
            ("a-venir", _("En cours et à venir")),
            ("passees", _("Passées")),
            ("toutes", _("Toutes")),
        ]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": (self.value() or "a-venir") == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value() or "a-venir"
        if value == "a-venir":
            return queryset.filter(ends_at__gt=now)
        if value == "passees":
            return queryset.filter(ends_at__lte=now)
        return queryset


@admin.register(OnCallShift)
class OnCallShiftAdmin(admin.ModelAdmin):
    list_display = ["contact", "start", "end"]
    list_filter = [OnCallPeriodFilter]
    search_fields = ["contact__name", "contact__email"]
    autocomplete_fields = ["contact"]
    date_hierarchy = "starts_at"
    list_select_related = ["contact"]

    @admin.display(description=_("début"), ordering="starts_at")
    def start(self, shift):
        return OnCallShift.display_moment(shift.starts_at)

    @admin.display(description=_("fin"), ordering="ends_at")
    def end(self, shift):
        return OnCallShift.display_moment(shift.ends_at)
