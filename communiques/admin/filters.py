"""The list filter the releases' admin list opens on."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from communiques.models import (
    Communique,
)


class PublicationStateFilter(admin.SimpleListFilter):
    """Opens on what still needs work: drafts and releases waiting for review."""

    title = _("étape")
    parameter_name = "etape"

    def lookups(self, request, model_admin):
        return [
            ("a-traiter", _("Brouillons et à relire")),
            ("a-relire", _("À relire")),
            ("programmes", _("Programmés")),
            ("en-ligne", _("En ligne")),
            ("retires", _("Retirés")),
        ]

    def queryset(self, request, queryset):
        status = Communique.Status
        match self.value():
            case "a-traiter":
                return queryset.filter(status__in=[status.DRAFT, status.REVIEW])
            case "a-relire":
                return queryset.filter(status=status.REVIEW)
            case "programmes":
                return queryset.scheduled()
            case "en-ligne":
                return queryset.published()
            case "retires":
                return queryset.filter(status=status.WITHDRAWN)
        return queryset
