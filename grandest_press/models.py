"""Models shared by the apps: the pages every public body's site must carry, images
(with their renditions), the base of downloadable attachments, and the counter of
changes to public content that the page cache follows."""

import posixpath
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from grandest_press import documents, images
from grandest_press.links import reverse
from grandest_press.richtext import EDITOR_EXTENSIONS, sanitize_html


class LegalPage(models.Model):
    """The legal notice and the accessibility statement (RGAA), linked from the footer."""

    LEGAL_NOTICE = "mentions-legales"
    ACCESSIBILITY = "accessibilite"

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(
        _("identifiant d’URL"),
        max_length=100,
        unique=True,
        help_text=_("Forme l’adresse de la page ; le pied de page s’y réfère."),
    )
    body = ProseEditorField(
        _("texte"),
        config={"extensions": EDITOR_EXTENSIONS},
        sanitize=sanitize_html,
        help_text=_("Paragraphes, intertitres (niveau 2 et 3), listes et liens."),
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("page réglementaire")
        verbose_name_plural = _("pages réglementaires")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sanitized here too: data migrations and scripts do not go through the form.
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("legal-page", kwargs={"slug": self.slug})


def _random_folder() -> str:
    # 128 random bits: a file's address cannot be guessed before a page shows it.
    return secrets.token_hex(16)


def image_upload_to(instance, filename):
    stem, extension = posixpath.splitext(filename)
    return f"images/{_random_folder()}/{slugify(stem)[:60] or 'image'}{extension.lower()}"


class ImageFileValidator:
    """Runs images.sanitize() on a new upload and keeps the result for save()."""

    def __call__(self, value):
        if getattr(value, "_committed", False):
            return
        upload = getattr(value, "file", value)
        if hasattr(upload, "sanitized_image"):
            return
        upload.sanitized_image = images.sanitize(upload)

    def deconstruct(self):
        return ("grandest_press.models.ImageFileValidator", (), {})

    def __eq__(self, other):
        return isinstance(other, ImageFileValidator)


class Image(models.Model):
    """A photo, portrait or logo, stored without metadata, with its renditions.

    Releases, people and organisations point to it. The files live under
    `images/<random folder>/`: the original (re-encoded, no EXIF/GPS/XMP/ICC) and its
    renditions, written when the file or the focal point changes.
    """

    file = models.FileField(
        _("fichier"),
        upload_to=image_upload_to,
        max_length=200,
        validators=[ImageFileValidator()],
        help_text=_(
            "JPEG, PNG ou WebP. Les métadonnées (position GPS, appareil, auteur) sont "
            "retirées et l’image est redressée à l’enregistrement."
        ),
    )
    alt_text = models.CharField(
        _("texte alternatif"),
        max_length=250,
        blank=True,
        help_text=_(
            "Ce que montre l’image, pour les personnes qui ne la voient pas, par exemple "
            "« Jean Rottner et Bruno Bourg-Broc signent le pacte ». Obligatoire, sauf pour "
            "une image décorative."
        ),
    )
    is_decorative = models.BooleanField(
        _("image décorative"),
        default=False,
        help_text=_(
            "Cochez seulement si l’image n’apporte aucune information : elle sera ignorée "
            "par les lecteurs d’écran."
        ),
    )
    caption = models.CharField(
        _("légende"), max_length=300, blank=True, help_text=_("Affichée sous l’image.")
    )
    credit = models.CharField(
        _("crédit"),
        max_length=150,
        help_text=_(
            "Auteur ou détenteur des droits, affiché « © … » sous l’image, par exemple "
            "« Région Grand Est / Jean Dupont »."
        ),
    )
    focal_x = models.PositiveSmallIntegerField(
        _("point d’intérêt horizontal (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("De 0 (bord gauche) à 100 (bord droit) : les recadrages le gardent visible."),
    )
    focal_y = models.PositiveSmallIntegerField(
        _("point d’intérêt vertical (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("De 0 (haut) à 100 (bas)."),
    )
    width = models.PositiveIntegerField(_("largeur"), default=0, editable=False)
    height = models.PositiveIntegerField(_("hauteur"), default=0, editable=False)
    size = models.PositiveBigIntegerField(_("poids (octets)"), default=0, editable=False)
    uploaded_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_decorative=True) | ~Q(alt_text=""),
                name="%(app_label)s_%(class)s_alt_text_or_decorative",
                violation_error_message=_(
                    "Décrivez l’image (texte alternatif) ou cochez « image décorative »."
                ),
            ),
            models.CheckConstraint(
                condition=Q(focal_x__lte=100, focal_y__lte=100),
                name="%(app_label)s_%(class)s_focal_point_in_image",
                violation_error_message=_("Le point d’intérêt est un pourcentage, de 0 à 100."),
            ),
        ]

    def __str__(self):
        label = self.alt_text or self.caption or posixpath.basename(self.file.name)
        return f"{label} (© {self.credit})" if self.credit else label

    def save(self, *args, **kwargs):
        """Stores a new file cleaned of its metadata and (re)writes the renditions."""
        if self.is_decorative:
            self.alt_text = ""
        previous = getattr(self, "_stored", None)
        new_file = bool(self.file) and not self.file._committed
        if new_file:
            upload = self.file.file
            sanitized = getattr(upload, "sanitized_image", None) or images.sanitize(upload)
            stem = posixpath.splitext(posixpath.basename(self.file.name))[0]
            self.file.save(
                f"{stem}.{sanitized.extension}",
                ContentFile(sanitized.content),
                save=False,
            )
            self.width, self.height = sanitized.width, sanitized.height
            self.size = len(sanitized.content)
            picture = sanitized.image
        elif previous and self.focal != previous[3]:
            picture = images.open_stored(self.file.storage, self.file.name)
        else:
            picture = None
        if picture is not None:
            images.write_renditions(self.file.storage, self.file.name, picture, focal=self.focal)
        super().save(*args, **kwargs)
        if previous and previous[0] and previous[0] != self.file.name:
            storage, (name, width, height, _focal) = self.file.storage, previous
            transaction.on_commit(lambda: images.delete_files(storage, name, width, height))
        self._stored = (self.file.name, self.width, self.height, self.focal)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored = (instance.file.name, instance.width, instance.height, instance.focal)
        return instance

    def clean(self):
        super().clean()
        if self.is_decorative:
            self.alt_text = ""
        elif not self.alt_text.strip():
            raise ValidationError(
                {
                    "alt_text": _(
                        "Décrivez l’image : le texte alternatif est obligatoire "
                        "(ou cochez « image décorative »)."
                    )
                }
            )

    @property
    def focal(self) -> tuple[float, float]:
        return (self.focal_x / 100, self.focal_y / 100)

    @property
    def folder(self) -> str:
        """The random folder holding the files: never shown before the image is public."""
        return posixpath.dirname(self.file.name)

    def _url(self, name):
        # Each rendition's URL is asked for more than once per page (srcset, src, og).
        urls = self.__dict__.setdefault("_rendition_urls", {})
        if name not in urls:
            urls[name] = self.file.storage.url(name)
        return urls[name]

    def renditions(self):
        return images.renditions_of(self.file.name, self.width, self.height)

    def srcset(self, extension: str) -> str:
        return ", ".join(
            f"{self._url(r.name)} {r.width}w" for r in self.renditions() if r.format == extension
        )

    @property
    def largest(self) -> images.Rendition:
        """The widest JPEG rendition: the `src`, `width` and `height` of the <img>."""
        return [r for r in self.renditions() if r.format == "jpg"][-1]

    @property
    def url(self) -> str:
        return self._url(self.largest.name)

    @property
    def og_url(self) -> str:
        return self._url(images.og_rendition_of(self.file.name).name)


@receiver(post_delete, sender=Image)
def delete_image_files(sender, instance, **kwargs):
    if instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        width, height = instance.width, instance.height
        transaction.on_commit(lambda: images.delete_files(storage, name, width, height))


def document_upload_to(instance, filename):
    stem, extension = posixpath.splitext(filename)
    return f"documents/{_random_folder()}/{slugify(stem)[:80] or 'document'}{extension.lower()}"


LEADING_ARTICLES = {"Le", "La", "Les", "Un", "Une", "Des"}


class Attachment(models.Model):
    """A downloadable document; each app attaches it to what it belongs to."""

    title = models.CharField(
        _("titre"),
        max_length=200,
        help_text=_(
            "Tel qu’il se lira après « Télécharger », par exemple « le dossier de presse » "
            "ou « le pacte signé ». Le format et le poids sont ajoutés automatiquement."
        ),
    )
    file = models.FileField(
        _("fichier"),
        upload_to=document_upload_to,
        max_length=200,
        validators=[documents.validate_document],
        help_text=_("PDF, Word, Excel, PowerPoint ou OpenDocument, sans macro."),
    )
    file_format = models.CharField(
        _("format"), max_length=10, choices=documents.FORMAT_CHOICES, editable=False
    )
    size = models.PositiveBigIntegerField(_("poids (octets)"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    uploaded_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.file_format = documents.detect_format(self.file.file)
            self.size = self.file.size
            # The extension follows the content, whatever the name sent.
            stem = posixpath.splitext(posixpath.basename(self.file.name))[0]
            self.file.name = f"{stem}.{documents.FORMATS[self.file_format].extension}"
        super().save(*args, **kwargs)

    @property
    def format_label(self) -> str:
        return documents.FORMATS[self.file_format].label

    @property
    def human_size(self) -> str:
        return documents.human_size(self.size)

    @property
    def link_text(self) -> str:
        """« Télécharger le dossier de presse (PDF, 2,3 Mo) », as RGAA asks."""
        title = self.title
        if title.split(" ", 1)[0] in LEADING_ARTICLES or title[:2] in ("L’", "L'"):
            title = title[0].lower() + title[1:]
        return _("Télécharger %(title)s (%(format)s, %(size)s)") % {
            "title": title,
            "format": self.format_label,
            "size": self.human_size,
        }

    @property
    def download_filename(self) -> str:
        return documents.download_filename(self.title, self.file_format)


class ContentGeneration(models.Model):
    """How many times public content has changed: one row, bumped in the transaction
    of each change. The page cache (grandest_press.response_cache) serves only pages
    rendered in the current generation, and mirrors it for a few seconds only: a change
    that committed is seen even when the cache missed its invalidation."""

    ROW = 1

    value = models.PositiveBigIntegerField(_("génération"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("génération du contenu public")
        verbose_name_plural = _("générations du contenu public")

    def __str__(self):
        return str(self.value)

    @classmethod
    def bump(cls) -> None:
        """A new generation, in the current transaction (on the primary database)."""
        if not cls.objects.filter(pk=cls.ROW).update(value=F("value") + 1):
            # The row is made by the migration; a flushed test database has none.
            cls.objects.get_or_create(pk=cls.ROW)
            cls.objects.filter(pk=cls.ROW).update(value=F("value") + 1)

    @classmethod
    def current(cls) -> int:
        """The generation, as the database the query is routed to holds it (the page
        cache reads it on the primary, see grandest_press.content_state)."""
        return cls.objects.filter(pk=cls.ROW).values_list("value", flat=True).first() or 0


# Changes to live content waiting for review (their own module, registered here).
from grandest_press.review import (  # noqa: E402
    PendingRevision,
    PendingRevisionFile,
    ReviewComment,
)

__all__ = [
    "Attachment",
    "ContentGeneration",
    "Image",
    "LegalPage",
    "PendingRevision",
    "PendingRevisionFile",
    "ReviewComment",
]
