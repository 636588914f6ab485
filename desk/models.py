"""What the desk keeps per user: which notifications they want, and each one sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationSettings(models.Model):
    """A user's choice of emails; without a row, every notification is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("utilisateur"),
    )
    review_requests = models.BooleanField(
        _("quand un contenu est soumis à relecture"),
        default=True,
        help_text=_("Pour les membres du groupe Publication, qui relisent et publient."),
    )
    returns = models.BooleanField(
        _("quand la relecture me renvoie un contenu ou une modification"),
        default=True,
        help_text=_(
            "Pour l’auteur : un communiqué repasse en brouillon, ou une modification "
            "proposée d’un contenu en ligne est renvoyée, avec les remarques de la relecture."
        ),
    )
    applied_changes = models.BooleanField(
        _("quand une modification que j’ai proposée est publiée"),
        default=True,
        help_text=_("Pour l’auteur : la Publication applique sa modification au contenu en ligne."),
    )

    class Meta:
        ordering = ["user"]
        verbose_name = _("réglage des notifications")
        verbose_name_plural = _("réglages des notifications")

    def __str__(self):
        return str(self.user)

    @classmethod
    def wants(cls, user, kind: str) -> bool:
        """Whether `user` wants notifications of `kind` (a field name above)."""
        choice = cls.objects.filter(user=user).values_list(kind, flat=True).first()
        return True if choice is None else choice


class Notification(models.Model):
    """One email to one user about one event; its key names the event, so that an
    event notifies each person once however often it is announced."""

    key = models.CharField(_("événement"), max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("destinataire"),
    )
    subject = models.CharField(_("objet"), max_length=300)
    body = models.TextField(_("texte"))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient"],
                name="%(app_label)s_%(class)s_once_per_event_and_person",
                violation_error_message=_("Cette personne a déjà été prévenue."),
            ),
        ]

    def __str__(self):
        return self.subject
