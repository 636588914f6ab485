from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grandest_press.admin import AttachmentAdminForm
from grandest_press.admin_review import ReviewedChangesAdminMixin
from grandest_press.protection import ProtectedDeleteAdminMixin
from partners.admin_publication import PublicationAdminMixin
from partners.models import (
    Mandate,
    Organisation,
    PactAttachment,
    PactAttendee,
    PactAxis,
    PactFunding,
    PactKind,
    PactSignatory,
    Person,
    ReferenceFramework,
    TerritorialPact,
)


class MandateInline(admin.TabularInline):
    model = Mandate
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["title", "organisation", "start_date", "end_date"]


class CurrentMandateFilter(admin.SimpleListFilter):
    """Opens on the mandates in force today, which is what officers look up most."""

    title = _("en cours")
    parameter_name = "en_cours"

    def lookups(self, request, model_admin):
        return [("oui", _("En cours aujourd’hui")), ("non", _("Terminés ou à venir"))]

    def queryset(self, request, queryset):
        active = Mandate.objects.active_on(timezone.localdate()).values("pk")
        if self.value() == "oui":
            return queryset.filter(pk__in=active)
        if self.value() == "non":
            return queryset.exclude(pk__in=active)
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(
    PublicationAdminMixin, ReviewedChangesAdminMixin, ProtectedDeleteAdminMixin, admin.ModelAdmin
):
    list_display = ["name", "short_name", "kind", "departement_code", "siren"]
    list_filter = ["kind", "departement_code"]
    search_fields = ["name", "short_name", "siren", "insee_code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["logo"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "name_with_preposition"]}),
        (
            _("Identification"),
            {
                "fields": ["siren", "insee_code", "departement_code", "region_code", "website"],
                "description": _(
                    "Codes officiels des territoires, pour relier les données ouvertes à "
                    "celles de l’INSEE : SIREN d’un EPCI, code commune INSEE d’une commune, "
                    "code d’un département, code d’une région."
                ),
            },
        ),
        (_("Présentation"), {"fields": ["description", "logo"]}),
    ]


@admin.register(Person)
class PersonAdmin(
    PublicationAdminMixin, ReviewedChangesAdminMixin, ProtectedDeleteAdminMixin, admin.ModelAdmin
):
    list_display = ["last_name", "first_name", "current_roles"]
    search_fields = ["last_name", "first_name"]
    prepopulated_fields = {"slug": ["first_name", "last_name"]}
    autocomplete_fields = ["portrait"]
    inlines = [MandateInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("mandates__organisation")

    @admin.display(description=_("fonctions en cours"))
    def current_roles(self, person):
        today = timezone.localdate()
        return ", ".join(m.role_label for m in person.mandates.all() if m.is_active_on(today))


@admin.register(Mandate)
class MandateAdmin(ReviewedChangesAdminMixin, admin.ModelAdmin):
    list_display = ["person", "title", "organisation", "start_date", "end_date"]
    list_filter = [CurrentMandateFilter, "organisation__kind"]
    search_fields = ["person__last_name", "person__first_name", "title", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]
    list_select_related = ["person", "organisation"]
    date_hierarchy = "start_date"


@admin.register(ReferenceFramework)
class ReferenceFrameworkAdmin(admin.ModelAdmin):
    list_display = ["acronym", "full_name", "brand_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["acronym", "full_name", "brand_name"]


@admin.register(PactKind)
class PactKindAdmin(admin.ModelAdmin):
    list_display = ["acronym", "full_name"]
    search_fields = ["acronym", "full_name"]
    prepopulated_fields = {"slug": ["acronym"]}


class PactAxisInline(admin.StackedInline):
    model = PactAxis
    extra = 0
    autocomplete_fields = ["organisations"]
    fields = ["order", "title", "description", "organisations"]


class PactSignatoryInline(admin.TabularInline):
    model = PactSignatory
    extra = 0
    autocomplete_fields = ["organisation", "person"]
    fields = ["order", "organisation", "person", "role"]


class PactAttendeeInline(admin.TabularInline):
    model = PactAttendee
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["order", "person", "role"]


class PactFundingInline(admin.TabularInline):
    model = PactFunding
    extra = 0
    fields = ["order", "label", "amount", "wording"]


class PactAttachmentInline(admin.TabularInline):
    form = AttachmentAdminForm
    model = PactAttachment
    extra = 0
    fields = ["order", "title", "file", "file_format", "size"]
    readonly_fields = ["file_format", "size"]


@admin.register(TerritorialPact)
class TerritorialPactAdmin(
    PublicationAdminMixin, ReviewedChangesAdminMixin, ProtectedDeleteAdminMixin, admin.ModelAdmin
):
    list_display = ["title", "kind", "status", "signing_date", "territory_names"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "territories__name", "territories__short_name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["territories", "frameworks"]
    date_hierarchy = "signing_date"
    inlines = [
        PactSignatoryInline,
        PactAttendeeInline,
        PactAxisInline,
        PactFundingInline,
        PactAttachmentInline,
    ]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "status", "territories", "summary"]}),
        (_("Signature"), {"fields": ["signing_date", "signing_date_precision", "signing_place"]}),
        (_("Cadre"), {"fields": ["frameworks"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("kind").prefetch_related("territories")

    @admin.display(description=_("territoires"))
    def territory_names(self, pact):
        return ", ".join(t.display_name for t in pact.territories.all())
