"""The press directory: languages, media, journalists with their addresses and phones."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from communiques.models import Theme
from journalists.addresses import email_digest, normalise_email
from journalists.models.suppressions import Suppression
from partners.models import Organisation

TERRITORY_KINDS = [Organisation.Kind.DEPARTEMENT, Organisation.Kind.EPCI]
TERRITORY_CHOICES = {"kind__in": TERRITORY_KINDS}


class Language(models.Model):
    code = models.CharField(
        _("code"), max_length=8, unique=True, help_text=_("Par exemple « de ».")
    )
    name = models.CharField(_("nom"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("langue")
        verbose_name_plural = _("langues")

    def __str__(self):
        return self.name


class Media(models.Model):
    class Kind(models.TextChoices):
        REGIONAL_DAILY = "pqr", _("Presse quotidienne régionale")
        NATIONAL = "nationale", _("Presse nationale")
        AGENCY = "agence", _("Agence")
        RADIO = "radio", _("Radio")
        TELEVISION = "television", _("Télévision")
        WEB = "web", _("Web")
        TRADE = "specialisee", _("Presse spécialisée")
        FOREIGN = "etrangere", _("Presse étrangère")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    territories = models.ManyToManyField(
        Organisation,
        related_name="+",
        blank=True,
        limit_choices_to=TERRITORY_CHOICES,
        verbose_name=_("territoires couverts"),
        help_text=_("Départements et intercommunalités couverts par la rédaction."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("média")
        verbose_name_plural = _("médias")

    def __str__(self):
        return self.name


class JournalistQuerySet(models.QuerySet):
    def mailable(self):
        """Journalists with at least one address that may be written to."""
        return self.filter(emails__in=JournalistEmail.objects.mailable()).distinct()


class Journalist(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    media = models.ForeignKey(
        Media,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journalists",
        verbose_name=_("média"),
    )
    function = models.CharField(
        _("fonction"), max_length=150, blank=True, help_text=_("Par exemple « chef d’agence ».")
    )
    beats = models.ManyToManyField(
        Theme,
        related_name="+",
        blank=True,
        verbose_name=_("rubriques"),
        help_text=_("Les thèmes des communiqués qui l’intéressent."),
    )
    territories = models.ManyToManyField(
        Organisation,
        related_name="+",
        blank=True,
        limit_choices_to=TERRITORY_CHOICES,
        verbose_name=_("territoires"),
        help_text=_("Départements et intercommunalités qu’il ou elle couvre."),
    )
    languages = models.ManyToManyField(
        Language, related_name="+", blank=True, verbose_name=_("langues")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    erased_at = models.DateTimeField(
        _("effacé le"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Données personnelles effacées à sa demande ; les envois restent comptés."),
    )

    objects = JournalistQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("journaliste")
        verbose_name_plural = _("journalistes")

    def __str__(self):
        return self.name


class JournalistEmailQuerySet(models.QuerySet):
    def mailable(self):
        """Addresses not on the suppression list, of journalists not erased."""
        return self.filter(journalist__erased_at__isnull=True).exclude(
            digest__in=Suppression.objects.values("digest")
        )


class JournalistEmail(models.Model):
    class LegalBasis(models.TextChoices):
        LEGITIMATE_INTEREST = "interet_legitime", _("Intérêt légitime")
        CONSENT = "consentement", _("Consentement")

    journalist = models.ForeignKey(
        Journalist, on_delete=models.CASCADE, related_name="emails", verbose_name=_("journaliste")
    )
    email = models.EmailField(_("courriel"))
    normalised = models.CharField(max_length=254, editable=False, unique=True)
    digest = models.CharField(max_length=64, editable=False, db_index=True)
    legal_basis = models.CharField(
        _("base légale"),
        max_length=20,
        choices=LegalBasis.choices,
        default=LegalBasis.LEGITIMATE_INTEREST,
        help_text=_(
            "Intérêt légitime pour une adresse professionnelle de journaliste ; consentement "
            "pour une personne qui s’est abonnée elle-même."
        ),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("D’où vient l’adresse : « carte de visite », « import annuaire 2026 »…"),
    )
    collected_on = models.DateField(_("recueillie le"), default=timezone.localdate)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = JournalistEmailQuerySet.as_manager()

    class Meta:
        ordering = ["journalist", "order", "pk"]
        verbose_name = _("courriel")
        verbose_name_plural = _("courriels")

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.normalised = normalise_email(self.email)
        self.digest = email_digest(self.email)
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        self.normalised = normalise_email(self.email)
        taken = JournalistEmail.objects.filter(normalised=self.normalised).exclude(pk=self.pk)
        if self.email and taken.exists():
            raise ValidationError({"email": _("Cette adresse figure déjà dans l’annuaire.")})


class JournalistPhone(models.Model):
    journalist = models.ForeignKey(
        Journalist, on_delete=models.CASCADE, related_name="phones", verbose_name=_("journaliste")
    )
    number = PhoneNumberField(
        _("numéro"), help_text=_("Par exemple « 06 84 80 11 48 » ou « +33 3 26 70 74 36 ».")
    )
    label = models.CharField(_("libellé"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["journalist", "order", "pk"]
        verbose_name = _("téléphone")
        verbose_name_plural = _("téléphones")
        constraints = [
            models.UniqueConstraint(
                fields=["journalist", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("Ce numéro figure déjà pour ce journaliste."),
            ),
        ]

    def __str__(self):
        return self.number.as_national if self.number else ""
