"""The release's admin form: reader-visible changes need a version still current."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communiques.models import (
    Communique,
)

READER_VISIBLE_FIELDS = ["title", "lede", "body", "dateline_place", "event_date"]
FRENCH_TEXT_FIELDS = ["title", "lede", "body", "dateline_place", "correction_note"]
# About what search engines show of a page title before cutting it.
SEARCH_TITLE_LENGTH = 60


def stale_edit_error(current) -> ValidationError:
    """The form's error when someone else saved the release after this editor opened it."""
    who = current.updated_by.get_username() if current.updated_by else _("quelqu’un")
    return ValidationError(
        _(
            "%(who)s a enregistré ce communiqué le %(when)s, après que vous l’avez "
            "ouvert. Vos modifications n’ont pas été enregistrées : rechargez la page "
            "pour partir de sa version, puis refaites-les."
        ),
        params={
            "who": who,
            "when": timezone.localtime(current.updated_at).strftime("%d/%m/%Y à %H:%M"),
        },
        code="stale",
    )


class CommuniqueAdminForm(forms.ModelForm):
    correction_note = forms.CharField(
        label=_("Rectificatif public"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Pour un communiqué en ligne : ce qui a changé, affiché aux lecteurs "
            "(« Rectificatif du … : … »)."
        ),
    )
    minor_change = forms.BooleanField(
        label=_("Modification mineure"),
        required=False,
        help_text=_("Coquille ou mise en forme : pas de rectificatif public."),
    )

    class Meta:
        model = Communique
        fields = [
            "title",
            "slug",
            "lede",
            "body",
            "version",
            "event_date",
            "event_date_precision",
            "dateline_place",
            "themes",
            "pacts",
            "organisations",
            "image",
        ]
        widgets = {"version": forms.HiddenInput}

    # Set when this editor lost a simultaneous save: the release as the winner left it.
    lost_race_to = None
    # Set when the form restores an autosave: what was typed, and the version it started
    # from (the lock then refuses the save if someone else saved since).
    restored_initial = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FRENCH_TEXT_FIELDS:
            if name in self.fields:
                # The browser's French spell-check, and a count of what is typed.
                self.fields[name].widget.attrs.update(
                    {"lang": "fr", "spellcheck": "true", "data-counter": "on"}
                )
        if "title" in self.fields:
            self.fields["title"].widget.attrs["data-counter-limit"] = SEARCH_TITLE_LENGTH
        if self.restored_initial and not self.is_bound:
            self.initial.update(self.restored_initial)

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is None:
            return cleaned
        current = (
            self.lost_race_to
            or Communique.objects.filter(pk=instance.pk).select_related("updated_by").first()
        )
        if current and (self.lost_race_to or cleaned.get("version") != current.version):
            raise stale_edit_error(current)
        reader_visible_change = any(name in self.changed_data for name in READER_VISIBLE_FIELDS)
        if (
            instance.is_published()
            and reader_visible_change
            and not cleaned.get("minor_change")
            and not cleaned.get("correction_note", "").strip()
        ):
            raise ValidationError(
                _(
                    "Ce communiqué est en ligne : décrivez la modification dans « Rectificatif "
                    "public », ou cochez « Modification mineure » pour une simple coquille."
                ),
                code="correction_needed",
            )
        return cleaned
