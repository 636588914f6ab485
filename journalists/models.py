"""The press directory: media, journalists, their addresses, lists and segments."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from communiques.models import Theme
from journalists.addresses import email_digest, normalise_email, parse_addresses
from partners.models import Organisation

MAX_DELIVERY_ATTEMPTS = 6
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
