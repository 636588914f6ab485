"""Documents joined to a release (dossier de presse…)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from communiques.models.communique import Communique
from grandest_press.links import reverse
from grandest_press.models import Attachment


class CommuniqueAttachment(Attachment):
    """A document joined to a release (dossier de presse…), downloadable with it."""

    communique = models.ForeignKey(
        Communique,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("communiqué"),
    )

    class Meta(Attachment.Meta):
        ordering = ["communique", "order", "pk"]
        verbose_name = _("document joint")
        verbose_name_plural = _("documents joints")

    def get_absolute_url(self):
        return reverse(
            "communiques:attachment", kwargs={"slug": self.communique.slug, "pk": self.pk}
        )
