"""Who and what a press release talks about: organisations, people and their
mandates, territorial pacts with their axes and signatories, reference strategies."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from grandest_press.links import reverse
from grandest_press.models import Attachment, Image
from grandest_press.relations import LoadsRelations, Relation, Relations
from grandest_press.text import fold
from grandest_press.typography import DatePrecision, normalise_partial_date, partial_date
from grandest_press.validators import (
    REGION_CODES,
    validate_commune_code,
    validate_departement_code,
    validate_region_code,
    validate_siren,
)

VOWELS = "AEIOUYÉÈÊÂÎÔÛaeiouyéèêâîôûH"


def fold_name(name: str) -> str:
    """A name as the importer compares names: "Châlons-en-Champagne" → "chalons en champagne"."""
    return fold(name, separator=" ")[:200]


class PublicPageQuerySet(models.QuerySet):
    """Organisations, people and pacts (all public): the query of their public page."""

    def for_page(self):
        """Each with everything its public page shows, in one query (PUBLIC_PAGES)."""
        return PUBLIC_PAGES[self.model].annotate(self)


class Organisation(LoadsRelations, models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("Région")
        DEPARTEMENT = "departement", _("Département")
        EPCI = "epci", _("Intercommunalité (EPCI)")
        COMMUNE = "commune", _("Commune")
        ETAT = "etat", _("État")
        COMPANY = "entreprise", _("Entreprise")
        NETWORK = "reseau", _("Réseau ou association")
        HIGHER_EDUCATION = "enseignement", _("Enseignement supérieur")
        OTHER = "autre", _("Autre")

    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(
        _("nom court ou sigle"),
        max_length=60,
        blank=True,
        help_text=_("Forme courte utilisée dans les textes, par exemple « Châlons Agglo »."),
    )
    slug = models.SlugField(_("identifiant d’URL"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    name_with_preposition = models.CharField(
        _("nom précédé de « de »"),
        max_length=220,
        blank=True,
        help_text=_(
            "Comment écrire « Président … » : « de la Région Grand Est », « du Grand Reims », "
            "« de Châlons Agglo ». Laissé vide, on écrit « de » (ou « d’ ») suivi du nom."
        ),
    )
    website = models.URLField(_("site web"), blank=True)
    siren = models.CharField(
        _("SIREN"),
        max_length=9,
        blank=True,
        validators=[validate_siren],
        help_text=_("9 chiffres, sans espace. Facultatif."),
    )
    departement_code = models.CharField(
        _("département"),
        max_length=3,
        blank=True,
        validators=[validate_departement_code],
        help_text=_(
            "Code du département du siège, par exemple « 51 » pour la Marne ; pour un "
            "département, son propre code."
        ),
    )
    insee_code = models.CharField(
        _("code commune INSEE"),
        max_length=5,
        blank=True,
        validators=[validate_commune_code],
        help_text=_(
            "Pour une commune : son code du Code officiel géographique (pas le code postal), "
            "par exemple « 51108 » pour Châlons-en-Champagne."
        ),
    )
    region_code = models.CharField(
        _("code région INSEE"),
        max_length=2,
        blank=True,
        validators=[validate_region_code],
        help_text=_("Pour une région : son code INSEE, « 44 » pour le Grand Est."),
    )
    description = models.TextField(_("présentation"), blank=True)
    logo = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_("Texte alternatif conseillé : « Logo de … »."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # The names folded as the importer compares them (`fold_name()`), kept by save():
    # an import finds "Region grand-est" with one indexed query, whatever the table's size.
    folded_name = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    folded_short_name = models.CharField(max_length=60, blank=True, editable=False, db_index=True)

    objects = PublicPageQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["siren"],
                condition=~Q(siren=""),
                name="%(app_label)s_%(class)s_unique_siren",
                violation_error_message=_("Une organisation porte déjà ce numéro SIREN."),
            ),
            models.CheckConstraint(
                condition=Q(siren="") | Q(siren__regex=r"^[0-9]{9}$"),
                name="%(app_label)s_%(class)s_siren_nine_digits",
                violation_error_message=_("Le numéro SIREN doit comporter exactement 9 chiffres."),
            ),
            models.CheckConstraint(
                condition=Q(insee_code="") | Q(insee_code__regex=r"^[0-9][0-9AB][0-9]{3}$"),
                name="%(app_label)s_%(class)s_insee_code_format",
                violation_error_message=_("Le code commune INSEE doit comporter 5 caractères."),
            ),
            models.CheckConstraint(
                condition=Q(region_code="") | Q(region_code__in=REGION_CODES),
                name="%(app_label)s_%(class)s_region_code_known",
                violation_error_message=_("Code de région INSEE inconnu."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.folded_name = fold_name(self.name)
        self.folded_short_name = fold_name(self.short_name)[:60]
        update_fields = kwargs.get("update_fields")
        if update_fields and {"name", "short_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "folded_name", "folded_short_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:organisation-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        errors = {}
        if self.insee_code and self.kind != self.Kind.COMMUNE:
            errors["insee_code"] = _("Le code commune INSEE ne concerne que les communes.")
        if self.region_code and self.kind != self.Kind.REGION:
            errors["region_code"] = _("Le code de région ne concerne que les régions.")
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def of_name(self) -> str:
        """The name after a title: "de la Région Grand Est", "d’Épinal"."""
        if self.name_with_preposition:
            return self.name_with_preposition
        name = self.short_name or self.name
        return f"d’{name}" if name[:1] in VOWELS else f"de {name}"


class Person(LoadsRelations, models.Model):
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("identifiant d’URL"), max_length=200, unique=True)
    portrait = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("portrait"),
    )
    bio = models.TextField(_("biographie courte"), blank=True)

    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = PublicPageQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("personnalité")
        verbose_name_plural = _("personnalités")

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("partners:person-detail", kwargs={"slug": self.slug})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def mandate_on(self, date: datetime.date, organisation=None):
        """The mandate this person held on `date` (for `organisation` if given), or None.

        Works on the mandates read with the page (`mandates_list`, see RELEASE_PAGE's
        quotes) so a page listing many people stays at a constant number of queries;
        queries them otherwise (a signatory saved in the admin). The most recently
        started mandate wins.
        """
        if date is None:
            return None
        mandates = getattr(self, "mandates_list", None)
        if mandates is None:
            mandates = self.mandates.all()
        candidates = [
            mandate
            for mandate in mandates
            if mandate.is_active_on(date)
            and (organisation is None or mandate.organisation_id == organisation.pk)
        ]
        candidates.sort(key=lambda mandate: mandate.start_date, reverse=True)
        return candidates[0] if candidates else None


class MandateQuerySet(models.QuerySet):
    def active_on(self, date: datetime.date):
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=date), start_date__lte=date)


class Mandate(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="mandates", verbose_name=_("personne")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mandates",
        verbose_name=_("organisation"),
    )
    title = models.CharField(
        _("fonction"),
        max_length=150,
        help_text=_("Par exemple « Président », « Présidente », « Vice-président »."),
    )
    start_date = models.DateField(
        _("début"), help_text=_("Une date future est possible (prise de fonction annoncée).")
    )
    end_date = models.DateField(
        _("fin"), null=True, blank=True, help_text=_("Laisser vide si le mandat est en cours.")
    )

    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["person", "-start_date"]
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_(
                    "La date de fin du mandat doit être postérieure ou égale à sa date de début."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.role_label}"

    @property
    def role_label(self) -> str:
        """ "Président de la Région Grand Est"."""
        return f"{self.title} {self.organisation.of_name}"

    def is_active_on(self, date: datetime.date) -> bool:
        return self.start_date <= date and (self.end_date is None or self.end_date >= date)

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {
                    "end_date": _(
                        "La date de fin du mandat doit être postérieure ou égale à sa date "
                        "de début."
                    )
                }
            )
        if self.person_id and self.organisation_id and self.start_date and self.title:
            overlapping = self.overlapping_mandates()
            if overlapping.exists():
                other = overlapping.first()
                raise ValidationError(
                    _(
                        "Ce mandat chevauche un autre mandat de la même personne pour la même "
                        "fonction (%(other)s, depuis le %(start)s)."
                    ),
                    params={
                        "other": other.role_label,
                        "start": other.start_date.strftime("%d/%m/%Y"),
                    },
                    code="overlap",
                )

    def overlapping_mandates(self):
        """Mandates of the same person, organisation and title whose dates overlap this one."""
        others = Mandate.objects.filter(
            person_id=self.person_id, organisation_id=self.organisation_id, title=self.title
        ).exclude(pk=self.pk)
        others = others.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
        if self.end_date is not None:
            others = others.filter(start_date__lte=self.end_date)
        return others


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


class TerritorialPact(LoadsRelations, models.Model):
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


class PactSignatory(models.Model):
    """A party that signs a pact: an organisation, through a named person or not."""

    pact = models.ForeignKey(
        TerritorialPact,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("pacte"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="pact_signatures",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="pact_signatures",
        null=True,
        blank=True,
        verbose_name=_("signataire"),
        help_text=_("Laisser vide si l’organisation signe sans signataire nommé."),
    )
    role = models.CharField(
        _("qualité du signataire"),
        max_length=250,
        blank=True,
        help_text=_(
            "Telle qu’au jour de la signature. Laissé vide, elle est reprise du mandat "
            "de la personne à cette date."
        ),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["pact", "order", "pk"]
        verbose_name = _("signataire")
        verbose_name_plural = _("signataires")
        constraints = [
            models.UniqueConstraint(
                fields=["pact", "organisation"],
                name="%(app_label)s_%(class)s_unique_organisation",
                violation_error_message=_("Cette organisation signe déjà ce pacte."),
            ),
        ]

    def __str__(self):
        if self.person_id:
            return f"{self.person}, {self.role}"
        return str(self.organisation)

    def save(self, *args, **kwargs):
        if not self.role and self.person_id:
            self.role = self.role_from_mandate()
        super().save(*args, **kwargs)

    def role_from_mandate(self) -> str:
        mandate = self.person.mandate_on(self.pact.signing_date, self.organisation)
        return mandate.role_label if mandate else ""


class PactAttendee(models.Model):
    """Someone present at a signing ("en présence de") who does not sign."""

    pact = models.ForeignKey(
        TerritorialPact, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("pacte")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="pact_attendances",
        verbose_name=_("personne"),
    )
    role = models.CharField(_("qualité"), max_length=250, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["pact", "order", "pk"]
        verbose_name = _("personne présente (non signataire)")
        verbose_name_plural = _("personnes présentes (non signataires)")
        constraints = [
            models.UniqueConstraint(
                fields=["pact", "person"],
                name="%(app_label)s_%(class)s_unique_person",
                violation_error_message=_("Cette personne figure déjà parmi les présents."),
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.role}" if self.role else str(self.person)

    def clean(self):
        super().clean()
        if (
            self.pact_id
            and self.person_id
            and self.pact.signatories.filter(person_id=self.person_id).exists()
        ):
            raise ValidationError(
                _("Cette personne signe déjà le pacte : elle ne peut pas être seulement présente.")
            )


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

# What the organisation and person pages show, loaded in one query.
ORGANISATION_PAGE = Relations(
    Organisation,
    "logo",
    Relation("mandates", "person"),
    "territorial_pacts",
    Relation("pact_signatures", "pact"),
)
PERSON_PAGE = Relations(
    Person,
    "portrait",
    Relation("mandates", "organisation"),
    Relation("pact_signatures", "pact"),
)
# The public page of each (PublicPageQuerySet.for_page).
PUBLIC_PAGES = {
    relations.model: relations for relations in [ORGANISATION_PAGE, PERSON_PAGE, PACT_PAGE]
}
