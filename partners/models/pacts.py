"""Territorial pacts: their kind, reference strategies, funding, axes and documents."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grandest_press.links import reverse
from grandest_press.models import Attachment
from grandest_press.relations import LoadsRelations, Relation, Relations
from grandest_press.typography import DatePrecision, normalise_partial_date, partial_date
from partners.models.organisations import Organisation
from partners.models.pages import PUBLIC_PAGES, PublicPageQuerySet, PublicRecord


class ReferenceFramework(models.Model):
    class Kind(models.TextChoices):
        STRATEGY = "strategie", _("Stratégie")
        SCHEME = "schema", _("Schéma")
        CONTRACT = "contrat", _("Contrat")

    acronym = models.CharField(_("sigle"), max_length=30, unique=True)
    full_name = models.CharField(_("nom complet"), max_length=300)
    brand_name = models.CharField(
        _("appellation"),
        max_length=150,
        blank=True,
        help_text=_("Nom d’usage, par exemple « Performance Grand Est » pour le CPRDFOP."),
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("lien"), blank=True)

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("document de référence")
        verbose_name_plural = _("documents de référence")

    def __str__(self):
        return f"{self.acronym} – {self.full_name}"


class PactKind(models.Model):
    acronym = models.CharField(_("sigle"), max_length=30, unique=True)
    full_name = models.CharField(_("nom complet"), max_length=200)
    slug = models.SlugField(_("identifiant d’URL"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("type de pacte")
        verbose_name_plural = _("types de pactes")

    def __str__(self):
        return f"{self.acronym} – {self.full_name}"


class TerritorialPactQuerySet(PublicPageQuerySet):
    def current(self):
        """Pacts signed and not finished: what the Région is working on now."""
        return self.filter(
            status__in=[TerritorialPact.Status.SIGNED, TerritorialPact.Status.ONGOING]
        )

    def for_list(self):
        """What a pact card shows (includes/pact_card.html), in the same query: its kind
        and its territories (`territories_list`)."""
        return PACT_CARD.annotate(self)


class TerritorialPact(LoadsRelations, PublicRecord):
    class Status(models.TextChoices):
        PREPARING = "preparation", _("En préparation")
        SIGNED = "signe", _("Signé")
        ONGOING = "en_cours", _("En cours")
        COMPLETED = "acheve", _("Achevé")

    kind = models.ForeignKey(
        PactKind, on_delete=models.PROTECT, related_name="pacts", verbose_name=_("type")
    )
    title = models.CharField(_("titre"), max_length=250)
    slug = models.SlugField(_("identifiant d’URL"), max_length=250, unique=True)
    territories = models.ManyToManyField(
        Organisation,
        related_name="territorial_pacts",
        verbose_name=_("territoires"),
        help_text=_("Le ou les territoires partenaires, par exemple Châlons Agglo."),
    )
    signing_date = models.DateField(_("date de signature"), null=True, blank=True)
    signing_date_precision = models.CharField(
        _("précision de la date"),
        max_length=5,
        choices=DatePrecision.CHOICES,
        default=DatePrecision.DAY,
        help_text=_("Si seul le mois est connu (« en juin 2021 »), choisissez « Mois »."),
    )
    signing_place = models.CharField(
        _("lieu de signature"),
        max_length=250,
        blank=True,
        help_text=_("Par exemple « Foire de Châlons-en-Champagne (51) »."),
    )
    summary = models.TextField(_("résumé"), blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PREPARING
    )
    frameworks = models.ManyToManyField(
        ReferenceFramework,
        related_name="pacts",
        blank=True,
        verbose_name=_("documents de référence"),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = TerritorialPactQuerySet.as_manager()

    class Meta:
        ordering = ["-signing_date", "title"]
        verbose_name = _("pacte territorial")
        verbose_name_plural = _("pactes territoriaux")
        permissions = [("publish_territorialpact", _("Peut publier les pactes territoriaux"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["signe", "en_cours", "acheve"])
                | Q(signing_date__isnull=False),
                name="%(app_label)s_%(class)s_signed_has_date",
                violation_error_message=_(
                    "Un pacte signé, en cours ou achevé doit avoir une date de signature."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.signing_date:
            self.signing_date = normalise_partial_date(
                self.signing_date, self.signing_date_precision
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:pact-detail", kwargs={"slug": self.slug})

    @property
    def status_label(self) -> str:
        """As get_status_display(), without building the choices' dict again for each
        card of a page."""
        return self.Status(self.status).label

    @property
    def signing_date_display(self) -> str:
        return partial_date(self.signing_date, self.signing_date_precision)


class PactAttachment(Attachment):
    """A document joined to a pact (the signed pact, its annexes), public with the pact."""

    pact = models.ForeignKey(
        TerritorialPact,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("pacte"),
    )

    class Meta(Attachment.Meta):
        ordering = ["pact", "order", "pk"]
        verbose_name = _("document du pacte")
        verbose_name_plural = _("documents du pacte")

    def get_absolute_url(self):
        return reverse("partners:pact-attachment", kwargs={"slug": self.pact.slug, "pk": self.pk})


class PactFunding(models.Model):
    pact = models.ForeignKey(
        TerritorialPact, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("pacte")
    )
    label = models.CharField(
        _("objet"), max_length=250, help_text=_("Par exemple « Engagement de la Région ».")
    )
    amount = models.DecimalField(_("montant en euros"), max_digits=15, decimal_places=2)
    wording = models.CharField(
        _("montant tel qu’écrit"),
        max_length=100,
        blank=True,
        help_text=_("Forme du communiqué, par exemple « 1,25 milliard d’euros »."),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["pact", "order", "pk"]
        verbose_name = _("montant")
        verbose_name_plural = _("montants")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_positive",
                violation_error_message=_("Un montant ne peut pas être négatif."),
            ),
        ]

    def __str__(self):
        return f"{self.label} : {self.wording or self.amount}"


class PactAxis(models.Model):
    pact = models.ForeignKey(
        TerritorialPact, on_delete=models.CASCADE, related_name="axes", verbose_name=_("pacte")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=1)
    title = models.CharField(_("intitulé"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    organisations = models.ManyToManyField(
        Organisation,
        related_name="pact_axes",
        blank=True,
        verbose_name=_("organisations impliquées"),
    )

    class Meta:
        ordering = ["pact", "order"]
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        constraints = [
            models.UniqueConstraint(
                fields=["pact", "order"],
                name="%(app_label)s_%(class)s_unique_order",
                violation_error_message=_("Deux axes du même pacte ont le même numéro d’ordre."),
            ),
        ]

    def __str__(self):
        return self.title


# What a pact card shows.
PACT_CARD = Relations(TerritorialPact, "kind", "territories")


# What the pact page shows, loaded in one query.
PACT_PAGE = Relations(
    TerritorialPact,
    "kind",
    "territories",
    "frameworks",
    "fundings",
    "attachments",
    Relation("axes", "organisations"),
    Relation("signatories", "person", "organisation"),
    Relation("attendees", "person"),
)
PUBLIC_PAGES[TerritorialPact] = PACT_PAGE
