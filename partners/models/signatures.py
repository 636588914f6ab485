"""Who signs a pact, and who only attends its signing."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models.organisations import Organisation
from partners.models.pacts import TerritorialPact
from partners.models.people import Person


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
