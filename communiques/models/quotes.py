"""Quotes: what a person says in a release, under which mandate."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from communiques.models.communique import Communique
from partners.models import (
    Organisation,
    Person,
)


class QuoteQuerySet(models.QuerySet):
    def published(self):
        """Quotes whose release is public."""
        return self.filter(communique__in=Communique.objects.published())


class Quote(models.Model):
    communique = models.ForeignKey(
        Communique, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("communiqué")
    )
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("auteur")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("au titre de"),
        help_text=_(
            "Si la personne a plusieurs fonctions, celle au titre de laquelle elle s’exprime."
        ),
    )
    text = models.TextField(
        _("citation"), help_text=_("Sans les guillemets, ajoutés à l’affichage.")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["communique", "order", "pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self):
        return f"{self.speaker} : « {self.text[:60]}… »"

    def save(self, *args, **kwargs):
        self.text = self.text.strip().removeprefix("«").removesuffix("»").strip()
        super().save(*args, **kwargs)

    @property
    def speaker_mandate(self):
        """The speaker's mandate on the release's date, not today's."""
        return self.speaker.mandate_on(self.communique.reference_date, self.organisation)

    @property
    def paragraphs(self):
        return [p.strip() for p in self.text.split("\n") if p.strip()]
