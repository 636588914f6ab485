"""The admin of recipient lists and segments."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy

from journalists.models import (
    Media,
    RecipientList,
    Segment,
)


@admin.register(RecipientList)
class RecipientListAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]
    autocomplete_fields = ["journalists"]


class SegmentForm(forms.ModelForm):
    media_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("types de média"),
        choices=Media.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Aucun coché : tous les types."),
    )

    class Meta:
        model = Segment
        fields = ["name", "themes", "territories", "media_kinds", "languages"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("media_kinds", self.instance.media_kinds)


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    form = SegmentForm
    list_display = ["name"]
    search_fields = ["name"]
    autocomplete_fields = ["themes", "territories", "languages"]
    readonly_fields = ["member_count"]

    @admin.display(description=gettext_lazy("journalistes"))
    def member_count(self, segment):
        return segment.members().count() if segment.pk else "—"
