"""The admin of the press directory: languages, media, journalists with their addresses."""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communiques.models import PreviewOpening
from journalists import services
from journalists.admin.spreadsheets import export_view, import_view
from journalists.models import (
    Delivery,
    Journalist,
    JournalistEmail,
    JournalistPhone,
    Language,
    Media,
)


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Media)
class MediaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["territories"]


class JournalistEmailInline(admin.TabularInline):
    model = JournalistEmail
    extra = 1
    fields = ["email", "legal_basis", "source", "collected_on", "order"]


class JournalistPhoneInline(admin.TabularInline):
    model = JournalistPhone
    extra = 0
    fields = ["number", "label", "order"]


class DeliveryInline(admin.TabularInline):
    """What a journalist received."""

    model = Delivery
    extra = 0
    fields = ["sending", "email", "state", "sent_at", "preview_opened"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("envois reçus")
    can_delete = False

    def get_queryset(self, request):
        opened = PreviewOpening.objects.filter(link=OuterRef("preview_link"))
        return (
            super()
            .get_queryset(request)
            .select_related("sending__communique")
            .annotate(opened=Exists(opened))
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("lien d’aperçu ouvert"), boolean=True)
    def preview_opened(self, delivery):
        return delivery.opened if delivery.preview_link_id else None


class ErasedFilter(admin.SimpleListFilter):
    """Opens on the living directory: erased entries are kept only for the counts."""

    title = gettext_lazy("effacement")
    parameter_name = "efface"

    def lookups(self, request, model_admin):
        return [("tous", gettext_lazy("Tous, y compris effacés")), ("oui", gettext_lazy("Effacés"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Actifs"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(erased_at__isnull=False)
        if self.value() == "tous":
            return queryset
        return queryset.filter(erased_at__isnull=True)


@admin.register(Journalist)
class JournalistAdmin(admin.ModelAdmin):
    list_display = ["name", "media", "media_kind", "function", "first_email"]
    list_select_related = ["media"]
    list_filter = [ErasedFilter, "media__kind", "beats", "languages", "lists"]
    search_fields = ["name", "function", "media__name", "emails__normalised"]
    autocomplete_fields = ["media", "beats", "territories", "languages"]
    readonly_fields = ["personal_data_links"]
    inlines = [JournalistEmailInline, JournalistPhoneInline, DeliveryInline]
    fieldsets = [
        (None, {"fields": ["name", "media", "function"]}),
        (gettext_lazy("Centres d’intérêt"), {"fields": ["beats", "territories", "languages"]}),
        (gettext_lazy("Notes"), {"fields": ["notes"]}),
        (gettext_lazy("Données personnelles (RGPD)"), {"fields": ["personal_data_links"]}),
    ]

    def get_queryset(self, request):
        first_email = JournalistEmail.objects.filter(journalist=OuterRef("pk")).order_by(
            "order", "pk"
        )
        return (
            super()
            .get_queryset(request)
            .annotate(first_email_address=Subquery(first_email.values("email")[:1]))
        )

    @admin.display(description=gettext_lazy("type de média"), ordering="media__kind")
    def media_kind(self, journalist):
        return journalist.media.get_kind_display() if journalist.media else ""

    @admin.display(description=gettext_lazy("courriel"), ordering="first_email_address")
    def first_email(self, journalist):
        return journalist.first_email_address or ""

    @admin.display(description=gettext_lazy("accès et effacement"))
    def personal_data_links(self, journalist):
        if not journalist.pk:
            return _("Enregistrez d’abord la fiche.")
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:journalists_journalist_export", args=[journalist.pk]),
            _("Exporter ses données (JSON)"),
            reverse("admin:journalists_journalist_erase", args=[journalist.pk]),
            _("Effacer ses données"),
        )

    def get_urls(self):
        return [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name="journalists_journalist_import",
            ),
            path(
                "exporter/",
                self.admin_site.admin_view(self.export_all_view),
                name="journalists_journalist_export_all",
            ),
            path(
                "<int:pk>/export/",
                self.admin_site.admin_view(self.export_view),
                name="journalists_journalist_export",
            ),
            path(
                "<int:pk>/effacer/",
                self.admin_site.admin_view(self.erase_view),
                name="journalists_journalist_erase",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        return import_view(self, request)

    def export_all_view(self, request):
        return export_view(self, request)

    def export_view(self, request, pk):
        journalist = get_object_or_404(Journalist, pk=pk)
        if not self.has_view_permission(request, journalist):
            raise PermissionDenied
        data = json.dumps(services.personal_data(journalist), ensure_ascii=False, indent=2)
        response = HttpResponse(data, content_type="application/json; charset=utf-8")
        filename = f"donnees-{slugify(journalist.name) or journalist.pk}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def erase_view(self, request, pk):
        journalist = get_object_or_404(Journalist, pk=pk)
        if not self.has_delete_permission(request, journalist):
            raise PermissionDenied
        if request.method == "POST":
            services.erase(journalist)
            self.message_user(
                request,
                _("Les données personnelles ont été effacées ; les envois restent comptés."),
                messages.SUCCESS,
            )
            return redirect("admin:journalists_journalist_change", journalist.pk)
        return TemplateResponse(
            request,
            "admin/journalists/journalist/erase.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Effacer les données de %(name)s") % {"name": journalist.name},
                "journalist": journalist,
                "deliveries": journalist.deliveries.count(),
            },
        )
