"""Preview links: a journalist reads a release before its embargo lifts; each opening is kept."""

import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communiques.models.communique import Communique
from grandest_press.links import reverse

PREVIEW_SIGNING_SALT = "communiques.preview-link"


class PreviewLinkQuerySet(models.QuerySet):
    def from_token(self, token: str):
        """The link a signed token designates, or None if it is forged or unknown.

        The signature catches tampering; the secret is then compared in constant time.
        """
        try:
            value = signing.Signer(salt=PREVIEW_SIGNING_SALT).unsign(token)
            pk, secret = value.split(".", 1)
            link = self.select_related("communique").get(pk=int(pk))
        except (signing.BadSignature, ValueError, self.model.DoesNotExist):
            return None
        if not hmac.compare_digest(link.secret.encode(), secret.encode()):
            return None
        return link


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


class PreviewLink(models.Model):
    """A personal link that lets one journalist read a release before its embargo lifts."""

    communique = models.ForeignKey(
        Communique,
        on_delete=models.CASCADE,
        related_name="preview_links",
        verbose_name=_("communiqué"),
    )
    recipient_name = models.CharField(_("journaliste"), max_length=150)
    outlet = models.CharField(_("média"), max_length=150, blank=True)
    email = models.EmailField(_("courriel"))
    secret = models.CharField(max_length=64, default=_new_secret, editable=False)
    expires_at = models.DateTimeField(
        _("expire le"),
        blank=True,
        help_text=_("Laissé vide : à la levée de l’embargo (date de publication programmée)."),
    )
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("créé par"),
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["communique", "recipient_name"]
        verbose_name = _("lien d’aperçu sous embargo")
        verbose_name_plural = _("liens d’aperçu sous embargo")

    def __str__(self):
        outlet = f" ({self.outlet})" if self.outlet else ""
        return f"{self.recipient_name}{outlet}"

    def save(self, *args, **kwargs):
        self._expire_with_the_embargo()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("communiques:preview", kwargs={"token": self.token})

    def clean(self):
        super().clean()
        self._expire_with_the_embargo()
        if self.expires_at is None:
            raise ValidationError(
                {
                    "expires_at": _(
                        "Programmez d’abord le communiqué ou indiquez une date d’expiration."
                    )
                }
            )

    def _expire_with_the_embargo(self):
        """Left empty, the expiry is the scheduled publication: the embargo's end."""
        if self.expires_at is None and self.communique_id and self.communique.published_at:
            self.expires_at = self.communique.published_at

    @property
    def token(self) -> str:
        return signing.Signer(salt=PREVIEW_SIGNING_SALT).sign(f"{self.pk}.{self.secret}")

    def is_valid(self) -> bool:
        return self.revoked_at is None and timezone.now() < self.expires_at

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    def record_opening(self, *, user_agent: str = "", by_robot: bool = False):
        return self.openings.create(user_agent=user_agent[:300], by_robot=by_robot)

    def reader_openings(self) -> list:
        """Openings by the journalist, not by a robot previewing the link (prefetch-friendly)."""
        return [opening for opening in self.openings.all() if not opening.by_robot]

    def robot_fetches(self) -> list:
        return [opening for opening in self.openings.all() if opening.by_robot]


class PreviewOpening(models.Model):
    """One fetch of a preview link: by the journalist, or by a robot that previews links
    (a chat tool, a social network, a search engine; or a HEAD request), kept apart."""

    link = models.ForeignKey(
        PreviewLink, on_delete=models.CASCADE, related_name="openings", verbose_name=_("lien")
    )
    opened_at = models.DateTimeField(_("ouvert le"), default=timezone.now)
    by_robot = models.BooleanField(
        _("robot"),
        default=False,
        help_text=_(
            "Aperçu automatique du lien (Slack, WhatsApp, Teams, réseaux sociaux…) : ce "
            "n’est pas une ouverture par le journaliste."
        ),
    )
    user_agent = models.CharField(_("navigateur ou robot"), max_length=300, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("ouverture d’un lien d’aperçu")
        verbose_name_plural = _("ouvertures des liens d’aperçu")

    def __str__(self):
        return f"{self.link} — {self.opened_at:%d/%m/%Y %H:%M}"
