"""The admin of preview links and who opened them."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communiques.admin.inlines import preview_link_html
from communiques.models import (
    PreviewLink,
    PreviewOpening,
)


class PreviewOpeningInline(admin.TabularInline):
    """Who opened the link: the journalist, or a robot previewing it (not an opening)."""

    model = PreviewOpening
    extra = 0
    fields = ["opened_at", "by_robot", "user_agent"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "communique", "email", "expires_at", "revoked_at", "is_valid"]
    list_filter = ["revoked_at"]
    search_fields = ["recipient_name", "outlet", "email", "communique__title"]
    autocomplete_fields = ["communique"]
    readonly_fields = ["revoked_at", "created_at", "created_by", "link"]
    fields = [
        "communique",
        "recipient_name",
        "outlet",
        "email",
        "expires_at",
        "link",
        "revoked_at",
        "created_at",
        "created_by",
    ]
    inlines = [PreviewOpeningInline]
    actions = ["revoke_selected"]

    @admin.display(boolean=True, description=_("valide"))
    def is_valid(self, preview_link):
        return preview_link.is_valid()

    @admin.display(description=_("lien à envoyer"))
    def link(self, preview_link):
        return preview_link_html(preview_link)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Révoquer les liens sélectionnés"), permissions=["change"])
    def revoke_selected(self, request, queryset):
        links = list(queryset.filter(revoked_at__isnull=True))
        for preview_link in links:
            preview_link.revoke()
        self.message_user(
            request,
            ngettext("%d lien révoqué.", "%d liens révoqués.", len(links)) % len(links),
            messages.SUCCESS,
        )
