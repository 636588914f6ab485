"""What happened to a release: the audit trail and its public corrections.

The release is named by its label: the workflow that records events imports this module.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommuniqueEvent(models.Model):
    """The audit trail: who submitted, scheduled, published, withdrew, deleted what, when."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Soumis à relecture")
        RETURNED = "returned", _("Repassé en brouillon")
        SCHEDULED = "scheduled", _("Programmé")
        UNSCHEDULED = "unscheduled", _("Déprogrammé")
        PUBLISHED = "published", _("Publié")
        CORRECTED = "corrected", _("Rectifié")
        WITHDRAWN = "withdrawn", _("Retiré")
        DELETED = "deleted", _("Supprimé")

    communique = models.ForeignKey(
        "communiques.Communique",
        on_delete=models.SET_NULL,
        null=True,
        related_name="events",
        verbose_name=_("communiqué"),
    )
    communique_title = models.CharField(
        _("titre du communiqué"),
        max_length=300,
        help_text=_("Conservé même si le communiqué est supprimé."),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("par"),
    )
    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    note = models.TextField(_("précision"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("événement éditorial")
        verbose_name_plural = _("journal éditorial")

    def __str__(self):
        return f"{self.get_action_display()} : {self.communique_title}"

    def save(self, *args, **kwargs):
        if self.communique_id and not self.communique_title:
            self.communique_title = self.communique.title
        super().save(*args, **kwargs)


class Correction(models.Model):
    """A public change note ("Rectificatif du …") on a published release."""

    communique = models.ForeignKey(
        "communiques.Communique",
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("communiqué"),
    )
    text = models.TextField(_("rectificatif"))
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("par"),
    )

    class Meta:
        ordering = ["communique", "created_at"]
        verbose_name = _("rectificatif")
        verbose_name_plural = _("rectificatifs")

    def __str__(self):
        return self.text[:80]
