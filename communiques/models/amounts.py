"""Amounts a release announces that no pact owns: a budget, a fund, a grant."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from communiques.models.communique import Communique


class CommuniqueAmount(models.Model):
    communique = models.ForeignKey(
        Communique,
        on_delete=models.CASCADE,
        related_name="amounts",
        verbose_name=_("communiqué"),
    )
    label = models.CharField(
        _("libellé"), max_length=250, help_text=_("La phrase du communiqué qui l’annonce.")
    )
    amount = models.DecimalField(_("montant (€)"), max_digits=15, decimal_places=2)
    wording = models.CharField(
        _("forme écrite"),
        max_length=100,
        blank=True,
        help_text=_("Tel qu’écrit dans le texte, par exemple « 1,25 milliard d’euros »."),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["communique", "order", "pk"]
        verbose_name = _("montant annoncé")
        verbose_name_plural = _("montants annoncés")

    def __str__(self):
        return self.wording or f"{self.amount} €"
