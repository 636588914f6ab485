"""The admin of suppressed addresses."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journalists.addresses import email_digest
from journalists.models import (
    Suppression,
)


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    """The suppression list keeps digests only: search by typing a full address."""

    list_display = ["__str__", "reason", "detail", "created_at"]
    list_filter = ["reason"]
    search_fields = ["digest"]
    search_help_text = gettext_lazy(
        "Saisissez une adresse complète pour savoir si elle est exclue."
    )

    class Form(forms.ModelForm):
        address = forms.EmailField(label=gettext_lazy("adresse à exclure"))

        class Meta:
            model = Suppression
            fields = ["reason", "detail"]

        def clean_address(self):
            address = self.cleaned_data["address"]
            if Suppression.blocks(address):
                raise forms.ValidationError(_("Cette adresse est déjà exclue des envois."))
            return address

        def save(self, commit=True):
            self.instance.digest = email_digest(self.cleaned_data["address"])
            return super().save(commit)

    form = Form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["address", "reason", "detail"]
        return ["reason", "detail", "created_at"]

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.filter(digest=email_digest(search_term)), False

    def has_change_permission(self, request, obj=None):
        return False
