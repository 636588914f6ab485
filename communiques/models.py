"""Press releases, their quotes, themes and press contacts."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from phonenumber_field.modelfields import PhoneNumberField

from grandest_press.richtext import EDITOR_EXTENSIONS, sanitize_html
from grandest_press.typography import DatePrecision, normalise_partial_date, partial_date
from grandest_press.validators import IMAGE_VALIDATORS
from partners.models import (
    Mandate,
    Organisation,
    PactAttendee,
    PactAxis,
    PactSignatory,
    Person,
    TerritorialPact,
)

PUBLISH_PERMISSION = "communiques.publish_communique"


class Theme(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant d’URL"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communiques:theme", kwargs={"slug": self.slug})


class CommuniqueQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what the public may see. Every public surface uses it."""
        return self.filter(status=Communique.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_list(self):
        return self.prefetch_related("themes")

    def for_detail(self):
        speaker_mandates = Prefetch(
            "speaker__mandates", queryset=Mandate.objects.select_related("organisation")
        )
        return self.prefetch_related(
            "themes",
            "organisations",
            Prefetch(
                "quotes",
                queryset=Quote.objects.select_related("speaker", "organisation").prefetch_related(
                    speaker_mandates
                ),
            ),
            Prefetch(
                "pacts",
                queryset=TerritorialPact.objects.select_related("kind").prefetch_related(
                    "frameworks",
                    Prefetch(
                        "axes",
                        queryset=PactAxis.objects.prefetch_related("organisations"),
                    ),
                    Prefetch(
                        "signatories",
                        queryset=PactSignatory.objects.select_related("person", "organisation"),
                    ),
                    Prefetch("attendees", queryset=PactAttendee.objects.select_related("person")),
                ),
            ),
            Prefetch(
                "contact_links",
                queryset=CommuniqueContact.objects.select_related(
                    "contact__organisation"
                ).prefetch_related("contact__phones"),
            ),
        )


class Communique(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publié")

    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(
        _("identifiant d’URL"),
        max_length=300,
        unique=True,
        help_text=_("Forme l’adresse de la page ; ne le changez plus après publication."),
    )
    lede = models.TextField(
        _("chapeau"),
        blank=True,
        help_text=_(
            "Phrase d’attaque : qui, quoi, quand, où. Affichée en tête et dans les listes."
        ),
    )
    body = ProseEditorField(
        _("texte"),
        blank=True,
        config={"extensions": EDITOR_EXTENSIONS},
        sanitize=sanitize_html,
        help_text=_(
            "Paragraphes, intertitres, listes et liens. Les citations se saisissent à part."
        ),
    )
    dateline_place = models.CharField(
        _("lieu"),
        max_length=250,
        blank=True,
        help_text=_("Lieu de l’événement, par exemple « Foire de Châlons-en-Champagne (51) »."),
    )
    event_date = models.DateField(_("date de l’événement"), null=True, blank=True)
    event_date_precision = models.CharField(
        _("précision de la date"),
        max_length=5,
        choices=DatePrecision.CHOICES,
        default=DatePrecision.DAY,
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("date de publication"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Heure de Paris. Renseignée automatiquement à la publication."),
    )
    themes = models.ManyToManyField(
        Theme, related_name="communiques", blank=True, verbose_name=_("thèmes")
    )
    pacts = models.ManyToManyField(
        TerritorialPact,
        related_name="communiques",
        blank=True,
        verbose_name=_("pactes concernés"),
    )
    organisations = models.ManyToManyField(
        Organisation,
        related_name="communiques",
        blank=True,
        verbose_name=_("organisations citées"),
    )
    image = models.ImageField(
        _("image"), upload_to="communiques/", blank=True, validators=IMAGE_VALIDATORS
    )
    image_alt = models.CharField(
        _("texte alternatif"),
        max_length=250,
        blank=True,
        help_text=_(
            "Décrit l’image pour les personnes qui ne la voient pas. Obligatoire avec une image."
        ),
    )
    image_credit = models.CharField(_("crédit photo"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créé par"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modifié par"),
    )

    objects = CommuniqueQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("communiqué")
        verbose_name_plural = _("communiqués")
        permissions = [("publish_communique", _("Peut publier et dépublier les communiqués"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
                violation_error_message=_(
                    "Un communiqué publié doit avoir une date de publication."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sanitized here too: imports and scripts do not go through the form field.
        self.body = sanitize_html(self.body)
        if self.event_date:
            self.event_date = normalise_partial_date(self.event_date, self.event_date_precision)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("communiques:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Décrivez l’image : le texte alternatif est obligatoire.")}
            )

    @property
    def event_date_display(self) -> str:
        return partial_date(self.event_date, self.event_date_precision)

    @property
    def reference_date(self):
        """The date whose roles apply to people quoted: the event, else publication."""
        if self.event_date:
            return self.event_date
        if self.published_at:
            return timezone.localdate(self.published_at)
        return timezone.localdate()

    def is_published(self) -> bool:
        """Mirrors CommuniqueQuerySet.published() for one object."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @staticmethod
    def can_publish(user) -> bool:
        return user.has_perm(PUBLISH_PERMISSION)

    def publish(self, *, by, at=None):
        """Make the release public now (or at `at`). Only the Publication group may."""
        if not self.can_publish(by):
            raise PermissionDenied(_("Vous n’avez pas le droit de publier un communiqué."))
        self.status = self.Status.PUBLISHED
        self.published_at = at or self.published_at or timezone.now()
        self.updated_by = by
        self.full_clean()
        self.save()

    def unpublish(self, *, by):
        """Back to draft; the publication date is kept for the record."""
        if not self.can_publish(by):
            raise PermissionDenied(_("Vous n’avez pas le droit de dépublier un communiqué."))
        self.status = self.Status.DRAFT
        self.updated_by = by
        self.save()

    @property
    def contacts(self):
        return [link.contact for link in self.contact_links.all()]


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
