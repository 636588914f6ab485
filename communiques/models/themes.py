"""Themes: the subjects a release is filed under (public theme pages)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from grandest_press.links import reverse


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
