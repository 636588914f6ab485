"""Subscribers: people who asked for releases themselves, with double opt-in."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communiques.models import Theme
from journalists.addresses import email_digest, normalise_email
from journalists.models.directory import TERRITORY_CHOICES, TERRITORY_KINDS
from journalists.models.suppressions import Suppression
from partners.models import Organisation


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def alerted_by(self, communique):
        """Confirmed subscribers whose choices match a release, addresses not excluded."""
        territories = Organisation.objects.filter(
            Q(communiques=communique) | Q(territorial_pacts__communiques=communique),
            kind__in=TERRITORY_KINDS,
        )
        return (
            self.confirmed()
            .filter(
                Q(all_releases=True)
                | Q(themes__communiques=communique)
                | Q(pacts__communiques=communique)
                | Q(territories__in=territories)
            )
            .exclude(digest__in=Suppression.objects.values("digest"))
            .distinct()
        )


class Subscriber(models.Model):
    """A reader or journalist who subscribed on the public site (double opt-in)."""

    email = models.EmailField(_("courriel"))
    normalised = models.CharField(max_length=254, editable=False, unique=True)
    digest = models.CharField(max_length=64, editable=False, db_index=True)
    all_releases = models.BooleanField(_("tous les communiqués"), default=False)
    themes = models.ManyToManyField(Theme, related_name="+", blank=True, verbose_name=_("thèmes"))
    pacts = models.ManyToManyField(
        "partners.TerritorialPact", related_name="+", blank=True, verbose_name=_("pactes")
    )
    territories = models.ManyToManyField(
        Organisation,
        related_name="+",
        blank=True,
        limit_choices_to=TERRITORY_CHOICES,
        verbose_name=_("territoires"),
    )
    confirmed_at = models.DateTimeField(
        _("confirmé le"),
        null=True,
        blank=True,
        help_text=_("Consentement : la date où la personne a confirmé par le lien reçu."),
    )
    created_at = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("abonné")
        verbose_name_plural = _("abonnés")

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.normalised = normalise_email(self.email)
        self.digest = email_digest(self.email)
        super().save(*args, **kwargs)
