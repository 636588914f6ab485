from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communiques.models import (
    Communique,
    CommuniqueContact,
    PressContact,
    PressContactPhone,
    Quote,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
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


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker", "organisation"]
    fields = ["order", "speaker", "organisation", "text"]


class CommuniqueContactInline(admin.TabularInline):
    model = CommuniqueContact
    extra = 0
    autocomplete_fields = ["contact"]
    fields = ["order", "contact"]


class PublicationStateFilter(admin.SimpleListFilter):
    """Opens on what still needs work: drafts first."""

    title = _("visibilité")
    parameter_name = "visibilite"

    def lookups(self, request, model_admin):
        return [("brouillons", _("Brouillons")), ("publics", _("Visibles en ligne"))]

    def queryset(self, request, queryset):
        if self.value() == "brouillons":
            return queryset.exclude(pk__in=Communique.objects.published().values("pk"))
        if self.value() == "publics":
            return queryset.published()
        return queryset


@admin.register(Communique)
class CommuniqueAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "is_published", "event_date", "published_at", "updated_by"]
    list_filter = [PublicationStateFilter, "status", "themes", "pacts__kind"]
    search_fields = ["title", "lede", "body", "quotes__text"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes", "pacts", "organisations"]
    list_select_related = ["updated_by"]
    date_hierarchy = "published_at"
    inlines = [QuoteInline, CommuniqueContactInline]
    actions = ["publish_selected", "unpublish_selected"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lede", "body"]}),
        (_("Événement"), {"fields": ["event_date", "event_date_precision", "dateline_place"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Liens"), {"fields": ["themes", "pacts", "organisations"]}),
        (_("Image"), {"fields": ["image", "image_alt", "image_credit"]}),
        (
            _("Historique"),
            {
                "fields": ["created_at", "created_by", "updated_at", "updated_by"],
                "classes": ["collapse"],
            },
        ),
    ]

    @admin.display(boolean=True, description=_("en ligne"))
    def is_published(self, communique):
        return communique.is_published()

    def view_on_site(self, communique):
        # A draft has no public page: the link would only lead to a 404.
        return communique.get_absolute_url() if communique.is_published() else None

    def has_publish_permission(self, request):
        return Communique.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["status", "published_at"]
        return fields

    def has_change_permission(self, request, obj=None):
        # Once online, only the Publication group may touch a release.
        if (
            obj is not None
            and obj.status == Communique.Status.PUBLISHED
            and not self.has_publish_permission(request)
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Communique.Status.PUBLISHED:
            return request.user.is_superuser
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if "status" in form.changed_data and not self.has_publish_permission(request):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publier les communiqués sélectionnés"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        count = 0
        for communique in queryset:
            try:
                communique.publish(by=request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("« %(title)s » n’a pas été publié : %(errors)s")
                    % {"title": communique.title, "errors": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                count += 1
        self.message_user(
            request,
            ngettext("%d communiqué publié.", "%d communiqués publiés.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Dépublier (repasser en brouillon)"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = 0
        for communique in queryset:
            communique.unpublish(by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%d communiqué repassé en brouillon.",
                "%d communiqués repassés en brouillon.",
                count,
            )
            % count,
            messages.SUCCESS,
        )
