"""Audiences of a sending: hand-made recipient lists and segments built from criteria."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communiques.models import Theme
from journalists.models.directory import TERRITORY_CHOICES, Journalist, Language, Media
from partners.models import Organisation


class RecipientList(models.Model):
    """Journalists chosen by hand (« les correspondants à Strasbourg »)."""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    journalists = models.ManyToManyField(
        Journalist, related_name="lists", blank=True, verbose_name=_("journalistes")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("liste de diffusion")
        verbose_name_plural = _("listes de diffusion")

    def __str__(self):
        return self.name

    def members(self):
        return Journalist.objects.filter(lists=self)


class Segment(models.Model):
    """Journalists computed from criteria, kept current as the directory changes.

    A journalist belongs when they match one of the chosen values of every criterion
    that has some (themes AND territories AND media kinds AND languages); a criterion
    left empty does not filter.
    """

    name = models.CharField(_("nom"), max_length=150, unique=True)
    themes = models.ManyToManyField(
        Theme, related_name="+", blank=True, verbose_name=_("rubriques")
    )
    territories = models.ManyToManyField(
        Organisation,
        related_name="+",
        blank=True,
        limit_choices_to=TERRITORY_CHOICES,
        verbose_name=_("territoires"),
    )
    media_kinds = models.JSONField(
        _("types de média"),
        default=list,
        blank=True,
        help_text=_("Laisser vide pour tous les types."),
    )
    languages = models.ManyToManyField(
        Language, related_name="+", blank=True, verbose_name=_("langues")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self):
        return self.name

    def members(self):
        criteria = Q()
        if themes := list(self.themes.values_list("pk", flat=True)):
            criteria &= Q(
                pk__in=Journalist.beats.through.objects.filter(theme_id__in=themes).values(
                    "journalist_id"
                )
            )
        if territories := list(self.territories.values_list("pk", flat=True)):
            criteria &= Q(
                pk__in=Journalist.territories.through.objects.filter(
                    organisation_id__in=territories
                ).values("journalist_id")
            ) | Q(
                media__in=Media.territories.through.objects.filter(
                    organisation_id__in=territories
                ).values("media_id")
            )
        if self.media_kinds:
            criteria &= Q(media__kind__in=self.media_kinds)
        if languages := list(self.languages.values_list("pk", flat=True)):
            criteria &= Q(
                pk__in=Journalist.languages.through.objects.filter(
                    language_id__in=languages
                ).values("journalist_id")
            )
        return Journalist.objects.filter(criteria)
