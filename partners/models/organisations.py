"""Organisations: the Région, départements, EPCI, communes and others a release names."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grandest_press.links import reverse
from grandest_press.models import Image
from grandest_press.relations import LoadsRelations, Relation, Relations
from grandest_press.text import fold
from grandest_press.validators import (
    REGION_CODES,
    validate_commune_code,
    validate_departement_code,
    validate_region_code,
    validate_siren,
)
from partners.models.pages import PUBLIC_PAGES, PublicPageQuerySet, PublicRecord

VOWELS = "AEIOUYÉÈÊÂÎÔÛaeiouyéèêâîôûH"


def fold_name(name: str) -> str:
    """A name as the importer compares names: "Châlons-en-Champagne" → "chalons en champagne"."""
    return fold(name, separator=" ")[:200]


class Organisation(LoadsRelations, PublicRecord):
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
        permissions = [("publish_organisation", _("Peut publier les organisations"))]
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


# What the organisation and person pages show, loaded in one query.
ORGANISATION_PAGE = Relations(
    Organisation,
    "logo",
    Relation("mandates", "person"),
    "territorial_pacts",
    Relation("pact_signatures", "pact"),
)
PUBLIC_PAGES[Organisation] = ORGANISATION_PAGE
