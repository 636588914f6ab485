"""Suppressions: addresses that must never be written to again (RGPD, bounces, unsubscribes)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from journalists.addresses import email_digest


class Suppression(models.Model):
    """An address never to be written to again, whoever imports it later.

    Keyed by the digest of the normalised address, so the list itself keeps no address
    in clear (an erased journalist's stays blocked without being kept).
    """

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "desinscription", _("Désinscription")
        BOUNCED = "rejet", _("Rejet définitif du serveur")
        ERASED = "effacement", _("Effacement à la demande de la personne")
        MANUAL = "manuel", _("Ajout manuel")

    digest = models.CharField(_("empreinte de l’adresse"), max_length=64, unique=True)
    reason = models.CharField(_("motif"), max_length=20, choices=Reason.choices)
    detail = models.CharField(_("précision"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("adresse exclue des envois")
        verbose_name_plural = _("adresses exclues des envois")

    def __str__(self):
        return f"{self.get_reason_display()} ({self.created_at:%d/%m/%Y})"

    @classmethod
    def add(cls, address: str, *, reason: str, detail: str = ""):
        suppression, _created = cls.objects.get_or_create(
            digest=email_digest(address), defaults={"reason": reason, "detail": detail[:300]}
        )
        return suppression

    @classmethod
    def blocks(cls, address: str) -> bool:
        return cls.objects.filter(digest=email_digest(address)).exists()
