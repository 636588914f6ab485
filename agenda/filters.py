"""Filters of the public agenda: shareable in the URL, as the release list's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communiques.filters import SlugChoiceField
from communiques.models import Theme
from partners.models import Organisation, Person, TerritorialPact


class AgendaFilterForm(forms.Form):
    """Bound to request.GET; invalid values are reported and ignored, never a 500.
    Each list offers only what public invitations cite, and public records alone."""

    theme = SlugChoiceField(Theme.objects.none(), label=_("Thème"), empty_label=_("Tous"))
    territoire = SlugChoiceField(
        Organisation.objects.none(), label=_("Territoire"), empty_label=_("Tous")
    )
    pacte = SlugChoiceField(TerritorialPact.objects.none(), label=_("Pacte"), empty_label=_("Tous"))
    personne = SlugChoiceField(Person.objects.none(), label=_("Intervenant"), empty_label=_("Tous"))

    def __init__(self, data, *, invitations, **kwargs):
        super().__init__(data, **kwargs)
        keys = invitations.values("pk")
        self.fields["theme"].queryset = Theme.objects.filter(invitations__in=keys).distinct()
        self.fields["territoire"].queryset = (
            Organisation.objects.public().filter(invitations__in=keys).distinct()
        )
        self.fields["pacte"].queryset = (
            TerritorialPact.objects.public().filter(invitations__in=keys).distinct()
        )
        self.fields["personne"].queryset = (
            Person.objects.public().filter(invitations__in=keys).distinct()
        )

    def filter(self, queryset):
        """Apply the valid filters to `queryset` (already the public invitations)."""
        self.is_valid()  # invalid values are left out of cleaned_data
        values = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value not in (None, "")
        }
        if "theme" in values:
            queryset = queryset.filter(themes=values["theme"])
        if "territoire" in values:
            queryset = queryset.filter(territories=values["territoire"])
        if "pacte" in values:
            queryset = queryset.filter(pact=values["pacte"])
        if "personne" in values:
            queryset = queryset.mentioning_person(values["personne"])
        return queryset
