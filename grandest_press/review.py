"""Changes to live content that wait for review: pending revisions and review comments.

A user who may not publish edits something the public sees (a published release, an
image it shows…): the form's data is kept as a PendingRevision, the live object does not
change. Publication applies it (the same form and validation as a direct save) or sends
it back with a ReviewComment. Which objects are live is said by the apps that publish
them (`register_live_check`): this module imports no app.
"""

import hashlib
import os
import posixpath
import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

REVIEW_PERMISSION = "grandest_press.review_pendingrevision"

_live_checks: dict[type[models.Model], list[Callable[[models.Model], bool]]] = {}


def register_live_check(model, check: Callable[[models.Model], bool]) -> None:
    """`check(obj)` is true when the public sees `obj`: a change to it then waits for
    review. Each app registers its public models (and what they show, such as images)."""
    _live_checks.setdefault(model, []).append(check)


def is_live(obj) -> bool:
    return obj.pk is not None and any(check(obj) for check in _live_checks.get(type(obj), []))


def may_change_live_content(user) -> bool:
    """Publication's right: edit live content directly, apply or send back revisions."""
    return user.has_perm(REVIEW_PERMISSION)


def fingerprint(*objects) -> str:
    """A digest of what forms edit in `objects` (their editable fields): it changes with
    any edit, not with what the site derives (a search index, a modification time), so a
    revision proposed against one state is never applied over another."""
    digest = hashlib.sha256()
    for obj in objects:
        fields = [
            field.name
            for field in obj._meta.get_fields()
            if not field.auto_created
            and (field.concrete or field.many_to_many)
            and field.editable
            and not field.primary_key
        ]
        digest.update(serializers.serialize("json", [obj], fields=fields, sort_keys=True).encode())
    return digest.hexdigest()


class PrivateStorage(FileSystemStorage):
    """Files of proposed revisions: under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, never
    served by any URL."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Proposed files are private: they have no URL.")


def private_storage():
    return PrivateStorage()


def revision_file_upload_to(instance, filename):
    return f"revisions/{secrets.token_hex(16)}/{posixpath.basename(filename)}"


class PendingRevisionQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )

    def pending(self):
        return self.filter(status=PendingRevision.Status.PENDING)


class PendingRevision(models.Model):
    """A change to live content proposed by someone who may not publish it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de relecture")
        APPLIED = "applied", _("Publiée")
        RETURNED = "returned", _("Renvoyée à son auteur")
        WITHDRAWN = "withdrawn", _("Retirée par son auteur")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("type de contenu")
    )
    object_id = models.PositiveBigIntegerField(_("identifiant de l’objet"))
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("objet"), max_length=300)
    data = models.JSONField(
        _("données proposées"),
        default=dict,
        help_text=_("Les champs du formulaire tels que l’auteur les a envoyés."),
    )
    base_fingerprint = models.CharField(
        _("empreinte de la version en ligne"),
        max_length=64,
        help_text=_("La version en ligne à laquelle la modification s’applique."),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposée par"),
    )
    created_at = models.DateTimeField(_("proposée le"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("relue par"),
    )
    decided_at = models.DateTimeField(_("relue le"), null=True, blank=True)

    objects = PendingRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("modification en attente de relecture")
        verbose_name_plural = _("modifications en attente de relecture")
        permissions = [
            (
                "review_pendingrevision",
                _("Peut publier ou renvoyer les modifications du contenu en ligne"),
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status="pending"),
                name="%(app_label)s_%(class)s_one_pending_per_object",
                violation_error_message=_(
                    "Une modification de ce contenu est déjà en attente de relecture."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="%(app_label)s_%(class)s_decided_has_date",
                violation_error_message=_("Une modification relue doit avoir une date."),
            ),
        ]

    def __str__(self):
        return f"{self.object_repr} ({self.get_status_display().lower()})"

    def post_data(self, **overrides) -> QueryDict:
        """The proposed form data, as the form reads it; `overrides` replace fields."""
        data = QueryDict(mutable=True)
        for key, values in {**self.data, **{k: [v] for k, v in overrides.items()}}.items():
            data.setlist(key, [str(value) for value in values])
        return data

    def uploaded_files(self) -> MultiValueDict:
        """The files sent with the proposal, as uploads the form validates again."""
        files = MultiValueDict()
        for kept in self.files.all():
            with kept.file.open("rb") as stored:
                files.appendlist(
                    kept.field_name,
                    SimpleUploadedFile(kept.original_name, stored.read(), kept.mime_type),
                )
        return files

    def decide(self, *, status, by):
        """Applied, sent back or withdrawn: the proposed files are no longer needed (an
        applied file was copied where the live object keeps its own)."""
        self.status = status
        self.decided_by = by
        self.decided_at = timezone.now()
        self.save(update_fields=["status", "decided_by", "decided_at"])
        kept = list(self.files.all())
        self.files.all().delete()
        for kept_file in kept:
            storage, name = kept_file.file.storage, kept_file.file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


class PendingRevisionFile(models.Model):
    """A file sent with a proposed revision, kept in private storage until applied."""

    revision = models.ForeignKey(
        PendingRevision,
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=_("modification"),
    )
    field_name = models.CharField(_("champ"), max_length=200)
    file = models.FileField(
        _("fichier"), storage=private_storage, upload_to=revision_file_upload_to, max_length=300
    )
    original_name = models.CharField(_("nom d’origine"), max_length=255)
    mime_type = models.CharField(_("type"), max_length=100, blank=True)

    class Meta:
        ordering = ["revision", "pk"]
        verbose_name = _("fichier proposé")
        verbose_name_plural = _("fichiers proposés")

    def __str__(self):
        return self.original_name


class ReviewComment(models.Model):
    """A message of the review thread of a record: why it was sent back, the answers."""

    class Kind(models.TextChoices):
        RETURNED = "returned", _("Renvoi")
        COMMENT = "comment", _("Commentaire")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("type de contenu")
    )
    object_id = models.PositiveBigIntegerField(_("identifiant de l’objet"))
    content_object = GenericForeignKey("content_type", "object_id")
    revision = models.ForeignKey(
        PendingRevision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("modification concernée"),
    )
    about = models.CharField(
        _("version concernée"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « version 7 » ou « modification proposée le … »."),
    )
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("commentaire"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("commentaire de relecture")
        verbose_name_plural = _("commentaires de relecture")
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "created_at"], name="review_comment_thread_idx"
            )
        ]

    def __str__(self):
        return self.text[:80]

    @classmethod
    def thread_of(cls, obj):
        return cls.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        ).select_related("author", "revision")
