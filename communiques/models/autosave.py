"""Autosaves: what an editor typed in a release's form, kept privately every 30 s.

An autosave belongs to one user and one release (or to that user's new release form);
it is never shown to the public nor to other editors, and never written into the
release: restoring it only fills the form again. The release's `version` stays the
lock: the form restored carries the version the autosave started from, so that a save
after someone else's is refused as any other stale edit.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The release form's fields an autosave keeps (text typed, not relations).
AUTOSAVED_FIELDS = [
    "title",
    "slug",
    "lede",
    "body",
    "dateline_place",
    "event_date",
    "event_date_precision",
]


class AutosaveQuerySet(models.QuerySet):
    def of(self, user, communique=None):
        """The autosave of `user` for `communique` (None: their new release form)."""
        return self.filter(user=user, communique=communique)


class CommuniqueAutosave(models.Model):
    communique = models.ForeignKey(
        "communiques.Communique",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("communiqué"),
        help_text=_("Vide : un nouveau communiqué, pas encore enregistré."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("rédacteur"),
    )
    data = models.JSONField(_("saisie"), default=dict)
    base_version = models.PositiveIntegerField(
        _("version de départ"),
        null=True,
        blank=True,
        help_text=_("La version du communiqué quand le formulaire a été ouvert."),
    )
    saved_at = models.DateTimeField(_("enregistré le"), auto_now=True)

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        ordering = ["-saved_at"]
        verbose_name = _("enregistrement automatique")
        verbose_name_plural = _("enregistrements automatiques")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "communique"],
                condition=Q(communique__isnull=False),
                name="%(app_label)s_%(class)s_one_per_user_and_release",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(communique__isnull=True),
                name="%(app_label)s_%(class)s_one_new_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.saved_at:%d/%m/%Y %H:%M}"

    def form_initial(self) -> dict:
        """The release form's initial values to restore this autosave."""
        initial = {name: self.data[name] for name in AUTOSAVED_FIELDS if name in self.data}
        if self.base_version is not None:
            initial["version"] = self.base_version
        return initial
