"""Press contacts: who journalists call about a release, with their phones."""

from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from communiques.models.communique import Communique
from grandest_press.links import reverse
from partners.models import (
    Organisation,
)


class PressContactQuerySet(models.QuerySet):
    def public(self):
        """The one definition of the contacts the public may see (contacts page,
        contact cards, on-call schedule): those still in post, of a public organisation
        (a card names its organisation)."""
        return self.filter(is_active=True, organisation__in=Organisation.objects.public())

    def for_cards(self):
        """With what a contact card shows: its organisation and `phones_list`."""
        return self.select_related("organisation").prefetch_related(
            Prefetch("phones", queryset=PressContactPhone.objects.all(), to_attr="phones_list")
        )

    def press_service(self):
        """The Région's service mailboxes (no person's name): the press service's card."""
        return self.public().filter(name="", organisation__kind=Organisation.Kind.REGION)


class PressContact(models.Model):
    name = models.CharField(
        _("nom"),
        max_length=150,
        blank=True,
        help_text=_("Laisser vide pour une adresse de service (presse@…)."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="press_contacts",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("courriel"), blank=True)
    is_active = models.BooleanField(
        _("actif"), default=True, help_text=_("Décocher quand la personne a quitté le service.")
    )

    objects = PressContactQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "name", "email"]
        verbose_name = _("contact presse")
        verbose_name_plural = _("contacts presse")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") | ~Q(email=""),
                name="%(app_label)s_%(class)s_name_or_email",
                violation_error_message=_("Indiquez au moins un nom ou un courriel."),
            ),
        ]

    def __str__(self):
        return self.name or self.email

    @property
    def is_press_service(self) -> bool:
        """Mirrors PressContactQuerySet.press_service() for one public contact."""
        return not self.name and self.organisation.kind == Organisation.Kind.REGION

    def get_card_url(self):
        return reverse("communiques:contact-card", kwargs={"pk": self.pk})

    def get_qr_url(self):
        return reverse("communiques:contact-qr", kwargs={"pk": self.pk})


class PressContactPhone(models.Model):
    contact = models.ForeignKey(
        PressContact, on_delete=models.CASCADE, related_name="phones", verbose_name=_("contact")
    )
    number = PhoneNumberField(
        _("numéro"), help_text=_("Par exemple « 06 84 80 11 48 » ou « +33 3 26 70 74 36 ».")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["contact", "order", "pk"]
        verbose_name = _("téléphone")
        verbose_name_plural = _("téléphones")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("Ce numéro figure déjà pour ce contact."),
            ),
        ]

    def __str__(self):
        return self.number.as_national if self.number else ""


class CommuniqueContact(models.Model):
    """The ordered press contacts printed at the foot of a release."""

    communique = models.ForeignKey(
        Communique,
        on_delete=models.CASCADE,
        related_name="contact_links",
        verbose_name=_("communiqué"),
    )
    contact = models.ForeignKey(
        PressContact,
        on_delete=models.PROTECT,
        related_name="communique_links",
        verbose_name=_("contact"),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["communique", "order", "pk"]
        verbose_name = _("contact presse du communiqué")
        verbose_name_plural = _("contacts presse du communiqué")
        constraints = [
            models.UniqueConstraint(
                fields=["communique", "contact"],
                name="%(app_label)s_%(class)s_unique_contact",
                violation_error_message=_("Ce contact figure déjà sur le communiqué."),
            ),
        ]

    def __str__(self):
        return str(self.contact)
