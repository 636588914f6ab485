"""Sendings of a release to an audience, and the delivery to each address."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from journalists.addresses import parse_addresses
from journalists.models.audiences import RecipientList, Segment
from journalists.models.directory import Journalist
from journalists.models.subscribers import Subscriber
from journalists.models.suppressions import Suppression

MAX_DELIVERY_ATTEMPTS = 6


class SendingQuerySet(models.QuerySet):
    def with_counts(self):
        """Per sending: deliveries by state and preview links opened, in one query."""
        by_state = {
            f"{state}_count": models.Count("deliveries", filter=Q(deliveries__state=state))
            for state in Delivery.State.values
        }
        opened = (
            Delivery.objects.filter(
                sending=models.OuterRef("pk"), preview_link__openings__isnull=False
            )
            .order_by()
            .values("sending")
            .annotate(count=models.Count("pk", distinct=True))
            .values("count")
        )
        return self.annotate(
            **by_state,
            opened_count=models.functions.Coalesce(models.Subquery(opened), 0),
        )


class Sending(models.Model):
    """A release sent by email to journalists (« envoi »)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("En préparation")
        SCHEDULED = "scheduled", _("Lancé")
        PAUSED = "paused", _("En pause")
        CANCELLED = "cancelled", _("Annulé")
        DONE = "done", _("Terminé")

    class Kind(models.TextChoices):
        RELEASE = "release", _("Communiqué")
        CORRECTION = "correction", _("Rectificatif")
        WITHDRAWAL = "withdrawal", _("Retrait")

    communique = models.ForeignKey(
        "communiques.Communique",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("communiqué"),
    )
    recipient_lists = models.ManyToManyField(
        RecipientList, related_name="sendings", blank=True, verbose_name=_("listes")
    )
    segments = models.ManyToManyField(
        Segment, related_name="sendings", blank=True, verbose_name=_("segments")
    )
    journalists = models.ManyToManyField(
        Journalist,
        related_name="+",
        blank=True,
        verbose_name=_("journalistes choisis"),
        help_text=_("Destinataires à l’unité, en plus des listes et segments."),
    )
    kind = models.CharField(
        _("nature"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.RELEASE,
        editable=False,
        help_text=_(
            "Un rectificatif ou un avis de retrait part aux seules adresses qui ont reçu "
            "le communiqué."
        ),
    )
    note = models.TextField(
        _("explication"),
        blank=True,
        help_text=_(
            "Pour un rectificatif : la correction apportée ; pour un retrait : son motif. "
            "Le texte du communiqué retiré n’est jamais renvoyé."
        ),
    )
    addresses = models.TextField(
        _("adresses à l’unité"),
        blank=True,
        help_text=_(
            "Une adresse de courriel par ligne, en plus des listes, segments et journalistes "
            "choisis. Une adresse déjà destinataire ne reçoit qu’un message ; une adresse "
            "exclue des envois n’en reçoit aucun."
        ),
    )
    is_alert = models.BooleanField(
        _("alerte des abonnés"),
        default=False,
        editable=False,
        help_text=_("Envoi automatique aux abonnés, à la minute de la publication."),
    )
    state = models.CharField(
        _("état"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    send_at = models.DateTimeField(
        _("à partir du"),
        null=True,
        blank=True,
        help_text=_("Heure de Paris. Laissé vide au lancement : tout de suite."),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    created_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("préparé par"),
    )
    launched_at = models.DateTimeField(_("lancé le"), null=True, blank=True, editable=False)
    launched_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("lancé par"),
    )

    objects = SendingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        permissions = [("launch_sending", _("Peut lancer, suspendre et annuler les envois"))]
        constraints = [
            models.UniqueConstraint(
                fields=["communique"],
                condition=Q(is_alert=True),
                name="%(app_label)s_%(class)s_one_alert_per_release",
                violation_error_message=_("Ce communiqué a déjà son alerte aux abonnés."),
            ),
        ]

    def __str__(self):
        if self.kind != self.Kind.RELEASE:
            return f"{self.get_kind_display()} : {self.communique} ({self.created_at:%d/%m/%Y})"
        return f"{self.communique} ({self.created_at:%d/%m/%Y})"

    @property
    def is_follow_up(self) -> bool:
        return self.kind != self.Kind.RELEASE

    def clean(self):
        super().clean()
        try:
            parse_addresses(self.addresses)
        except ValidationError as error:
            raise ValidationError({"addresses": error.messages}) from error

    def single_addresses(self) -> list[str]:
        return parse_addresses(self.addresses)


class Delivery(models.Model):
    """One message of a sending to one address: the unit that is sent exactly once."""

    class State(models.TextChoices):
        QUEUED = "queued", _("En attente")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")
        REFUSED = "refused", _("Refusé")

    sending = models.ForeignKey(
        Sending, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("envoi")
    )
    journalist = models.ForeignKey(
        Journalist,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("journaliste"),
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("abonné"),
    )
    email = models.EmailField(_("courriel"), blank=True)
    digest = models.CharField(max_length=64, editable=False)
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    error = models.CharField(_("erreur"), max_length=500, blank=True)
    preview_link = models.OneToOneField(
        "communiques.PreviewLink",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delivery",
        verbose_name=_("lien d’aperçu"),
    )

    class Meta:
        ordering = ["sending", "pk"]
        verbose_name = _("message envoyé")
        verbose_name_plural = _("messages envoyés")
        indexes = [
            models.Index(fields=["sending", "state", "next_attempt_at"], name="delivery_due_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sending", "digest"],
                name="%(app_label)s_%(class)s_once_per_address",
                violation_error_message=_("Cette adresse figure déjà dans cet envoi."),
            ),
        ]

    def __str__(self):
        return f"{self.email or self.journalist} — {self.get_state_display()}"

    def retry_later(self, error: str):
        """A temporary failure: again after 1, 2, 4… minutes, failed after the last try."""
        self.attempts += 1
        self.error = error[:500]
        if self.attempts >= MAX_DELIVERY_ATTEMPTS:
            self.state = self.State.FAILED
        else:
            self.state = self.State.QUEUED
            self.next_attempt_at = timezone.now() + datetime.timedelta(
                minutes=2 ** (self.attempts - 1)
            )
        self.save(update_fields=["attempts", "error", "state", "next_attempt_at"])

    def refuse(self, error: str, *, bounced: bool):
        """Refused for good; a bounced address is never written to again."""
        self.state = self.State.REFUSED
        self.error = error[:500]
        self.attempts += 1
        self.save(update_fields=["state", "error", "attempts"])
        if bounced and self.email:
            Suppression.add(self.email, reason=Suppression.Reason.BOUNCED, detail=error)


@receiver(pre_delete, sender=Subscriber)
def forget_subscriber_addresses(sender, instance, **kwargs):
    """A deleted subscriber's messages stay counted, without the address."""
    Delivery.objects.filter(subscriber=instance).update(email="")
