"""Filters of the public release list: shareable in the URL, combinable."""

import functools

from django import forms
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from communiques.models import Communique, Theme
from partners.models import Organisation, PactKind, Person, TerritorialPact


def year_choices():
    """The years with at least one public release, latest first: the first and last
    years of publication (two index lookups), then one index lookup per year between,
    where listing the distinct years would read every release."""
    public = Communique.objects.published()
    span = public.aggregate(first=Min("published_at"), last=Max("published_at"))
    years = []
    if span["first"]:
        first = timezone.localtime(span["first"]).year
        last = timezone.localtime(span["last"]).year
        years = [
            year
            for year in range(last, first - 1, -1)
            if year in (first, last) or public.filter(published_at__year=year).exists()
        ]
    return [("", _("Toutes"))] + [(year, year) for year in years]


class SlugChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)


class CommuniqueFilterForm(forms.Form):
    """Bound to request.GET; invalid values are reported and ignored, never a 500."""

    theme = SlugChoiceField(Theme.objects.all(), label=_("Thème"), empty_label=_("Tous"))
    annee = forms.TypedChoiceField(label=_("Année de publication"), coerce=int, required=False)
    mois = forms.TypedChoiceField(
        label=_("Mois de publication"),
        coerce=int,
        required=False,
        choices=[("", _("Tous"))] + [(number, name) for number, name in MONTHS.items()],
    )
    # Public ones only (set when bound: public() reads the clock).
    organisation = SlugChoiceField(
        Organisation.objects.none(), label=_("Organisation ou territoire"), empty_label=_("Toutes")
    )
    pacte = SlugChoiceField(TerritorialPact.objects.none(), label=_("Pacte"), empty_label=_("Tous"))
    type = SlugChoiceField(PactKind.objects.all(), label=_("Type de pacte"), empty_label=_("Tous"))
    personne = SlugChoiceField(
        Person.objects.none(), label=_("Personnalité citée ou signataire"), empty_label=_("Toutes")
    )

    @classmethod
    def for_query(cls, data):
        """The form bound to `data`, or NO_FILTERS when no filter is in it (most list
        pages: page 1, page 200): binding a form copies each field and its queryset."""
        if not any(name in data for name in cls.base_fields):
            return NO_FILTERS
        return cls(data)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        # Looked up only when the form is drawn or a year is chosen: the list page
        # keeps the drawn form in a cache (CommuniqueListView.by_filters).
        self.fields["annee"].choices = functools.cache(year_choices)
        self.fields["organisation"].queryset = Organisation.objects.public()
        self.fields["pacte"].queryset = TerritorialPact.objects.public()
        self.fields["personne"].queryset = Person.objects.public()

    def filter(self, queryset):
        """Apply the valid filters to `queryset` (already the public releases)."""
        self.is_valid()
        values = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value not in (None, "")
        }
        if "theme" in values:
            queryset = queryset.filter(themes=values["theme"])
        if "annee" in values:
            queryset = queryset.filter(published_at__year=values["annee"])
        if "mois" in values:
            queryset = queryset.filter(published_at__month=values["mois"])
        if "organisation" in values:
            queryset = queryset.mentioning_organisation(values["organisation"])
        if "pacte" in values:
            queryset = queryset.filter(pacts=values["pacte"])
        if "type" in values:
            queryset = queryset.matching(Q(pacts__kind=values["type"]))
        if "personne" in values:
            queryset = queryset.mentioning_person(values["personne"])
        return queryset

    def active_filters(self):
        """(label, chosen value, URL without this filter) for each filter in use."""
        self.is_valid()
        active = []
        for name, value in getattr(self, "cleaned_data", {}).items():
            if value in (None, ""):
                continue
            remaining = {
                key: self.data[key]
                for key in self.fields
                if key != name and self.data.get(key) and key in self.cleaned_data
            }
            shown = MONTHS[value] if name == "mois" else value
            active.append((self.fields[name].label, shown, "?" + urlencode(remaining)))
        return active


class _NoFilters:
    """What the list needs of a valid form in which no filter is chosen."""

    @property
    def errors(self):
        return {}

    def filter(self, queryset):
        return queryset

    def active_filters(self):
        return []


NO_FILTERS = _NoFilters()
