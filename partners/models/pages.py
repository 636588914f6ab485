"""The public pages of organisations, people and pacts: when each record is public
(`public()`), and each read with its relations in one query."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicPageQuerySet(models.QuerySet):
    """Organisations, people and pacts: what the public may see, and their pages."""

    def public(self, now=None):
        """The one definition of which records the public may see. Every public surface
        uses it.

        A record is public from `public_since`: set when a Publication user publishes it,
        or to the publication time of the first release that cites it, a time that may be
        to come (the record then turns public with its embargoed release, with no job to
        run). `now`: the moment to see it at (default: now)."""
        return self.filter(public_since__lte=now or timezone.now())

    def private(self, now=None):
        """Records the public may not see (yet)."""
        now = now or timezone.now()
        return self.exclude(public_since__lte=now)

    def for_page(self):
        """Each with everything its public page shows, in one query (PUBLIC_PAGES)."""
        return PUBLIC_PAGES[self.model].annotate(self)


class PublicRecord(models.Model):
    """The public state of an organisation, a person or a pact (abstract).

    Not public until published: explicitly by a Publication user (`published_by`,
    `explicitly_published_at`), or with a release that cites it (`public_since` is then
    that release's publication time)."""

    public_since = models.DateTimeField(
        _("public depuis le"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_(
            "Vide : la fiche n’est pas publique. Renseignée à la publication de la fiche "
            "ou du premier communiqué qui la cite (à son heure, s’il est programmé)."
        ),
    )
    explicitly_published_at = models.DateTimeField(
        _("publiée le"), null=True, blank=True, editable=False
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("publiée par"),
    )

    class Meta:
        abstract = True

    def is_public(self, now=None) -> bool:
        """Mirrors PublicPageQuerySet.public() for one object."""
        return self.public_since is not None and self.public_since <= (now or timezone.now())


# The relations of each model's public page, keyed by model: each model's module adds its
# own, so this module needs none of them.
PUBLIC_PAGES = {}
