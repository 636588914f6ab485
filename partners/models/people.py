"""People and their mandates: who held which office in which organisation, when."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from grandest_press.links import reverse
from grandest_press.models import Image
from grandest_press.relations import LoadsRelations, Relation, Relations
from partners.models.organisations import Organisation
from partners.models.pages import PUBLIC_PAGES, PublicPageQuerySet, PublicRecord


class Person(LoadsRelations, PublicRecord):
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
        permissions = [("publish_person", _("Peut publier les personnalités"))]

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


PERSON_PAGE = Relations(
    Person,
    "portrait",
    Relation("mandates", "organisation"),
    Relation("pact_signatures", "pact"),
)
PUBLIC_PAGES[Person] = PERSON_PAGE
