from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grandest_press.admin_review import PendingRevisionFilter, ReviewedChangesAdminMixin
from grandest_press.models import Image, LegalPage, PendingRevision
from grandest_press.review import may_change_live_content
from grandest_press.validators import document_help_text, image_help_text


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]
    fields = ["title", "slug", "body", "updated_at"]
    readonly_fields = ["slug", "updated_at"]

    def has_add_permission(self, request):
        # The footer links to the pages created by migration; new ones would be orphans.
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


class ImageAdminForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = image_help_text()

    class Meta:
        model = Image
        fields = ["file", "alt_text", "is_decorative", "caption", "credit", "focal_x", "focal_y"]
        widgets = {
            "file": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        }


class AttachmentAdminForm(forms.ModelForm):
    """The form of a downloadable document: its help text states the size limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].help_text = document_help_text()


@admin.register(Image)
class ImageAdmin(ReviewedChangesAdminMixin, admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "__str__", "credit", "dimensions", "uploaded_at"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = ["is_decorative", PendingRevisionFilter]
    search_fields = ["alt_text", "caption", "credit", "file"]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["preview", "dimensions", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "dimensions"]}),
        (
            _("Accessibilité et droits"),
            {"fields": ["alt_text", "is_decorative", "caption", "credit"]},
        ),
        (
            _("Recadrage"),
            {
                "fields": ["focal_x", "focal_y"],
                "description": _(
                    "Le point à garder visible quand l’image est recadrée au format des "
                    "réseaux sociaux (1200 × 630)."
                ),
            },
        ),
    ]

    @admin.display(description=_("aperçu"))
    def thumbnail(self, image):
        if not image.file:
            return "—"
        smallest = next(r for r in image.renditions() if r.format == "jpg")
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="" class="admin-thumbnail">',
            image.file.storage.url(smallest.name),
            120,
            round(120 * smallest.height / smallest.width),
        )

    @admin.display(description=_("aperçu"))
    def preview(self, image):
        if not image.pk or not image.file:
            return "—"
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="">',
            image.url,
            min(480, image.largest.width),
            round(min(480, image.largest.width) * image.height / image.width),
        )

    @admin.display(description=_("dimensions"))
    def dimensions(self, image):
        return f"{image.width} × {image.height} px" if image.width else "—"


@admin.register(PendingRevision)
class PendingRevisionAdmin(admin.ModelAdmin):
    """Publication's list of the changes to live content waiting for its review."""

    list_display = ["object_repr", "content_type", "created_by", "created_at", "status", "review"]
    list_filter = ["status", "content_type"]
    list_select_related = ["content_type", "created_by"]
    search_fields = ["object_repr"]
    date_hierarchy = "created_at"

    def has_module_permission(self, request):
        return may_change_live_content(request.user)

    def has_view_permission(self, request, obj=None):
        return may_change_live_content(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("relecture"))
    def review(self, revision):
        if revision.status != PendingRevision.Status.PENDING:
            return "—"
        content_type = revision.content_type
        url = reverse(
            f"admin:{content_type.app_label}_{content_type.model}_pending_revision",
            args=[revision.object_id],
        )
        return format_html('<a href="{}">{}</a>', url, _("Relire"))
