"""What is edited on a release's admin page: quotes, contacts, documents, corrections,
preview links."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from communiques.admin import drafting
from communiques.models import (
    CommuniqueAmount,
    CommuniqueAttachment,
    CommuniqueContact,
    Correction,
    PreviewLink,
    Quote,
)
from grandest_press.admin import AttachmentAdminForm


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker", "organisation"]
    fields = ["order", "speaker", "organisation", "text"]

    def get_extra(self, request, obj=None, **kwargs):
        # Opened from a pact: a row ready for each signatory's quote.
        pact = drafting.pact_of(request) if obj is None else None
        return len(drafting.quote_slots(pact)) if pact else self.extra


class CommuniqueAmountInline(admin.TabularInline):
    model = CommuniqueAmount
    extra = 0
    fields = ["order", "label", "amount", "wording"]


class CommuniqueContactInline(admin.TabularInline):
    model = CommuniqueContact
    extra = 0
    autocomplete_fields = ["contact"]
    fields = ["order", "contact"]


class CommuniqueAttachmentInline(admin.TabularInline):
    form = AttachmentAdminForm
    model = CommuniqueAttachment
    extra = 0
    fields = ["order", "title", "file", "file_format", "size"]
    readonly_fields = ["file_format", "size"]


class CorrectionInline(admin.TabularInline):
    """Past change notes; new ones are written in the form's « rectificatif » field."""

    model = Correction
    extra = 0
    fields = ["created_at", "text", "created_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def preview_link_html(preview_link):
    """The address to send to the journalist, while it works."""
    if not preview_link.pk:
        return "—"
    if not preview_link.is_valid():
        return _("expiré ou révoqué")
    return format_html('<a href="{0}">{0}</a>', preview_link.get_absolute_url())


class PreviewLinkInline(admin.TabularInline):
    model = PreviewLink
    extra = 0
    fields = [
        "recipient_name",
        "outlet",
        "email",
        "expires_at",
        "link",
        "openings_count",
        "robot_count",
    ]
    readonly_fields = ["link", "openings_count", "robot_count"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("openings")

    @admin.display(description=_("lien à envoyer"))
    def link(self, preview_link):
        return preview_link_html(preview_link)

    @admin.display(description=_("ouvertures"))
    def openings_count(self, preview_link):
        return len(preview_link.reader_openings()) if preview_link.pk else 0

    @admin.display(description=_("aperçus par des robots"))
    def robot_count(self, preview_link):
        return len(preview_link.robot_fetches()) if preview_link.pk else 0
