"""Press releases, their quotes, themes and press contacts."""

import datetime
import hmac
import secrets

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from phonenumber_field.modelfields import PhoneNumberField

from communiques import search
from grandest_press.links import reverse
from grandest_press.models import Attachment, Image
from grandest_press.relations import LoadsRelations, Relation, Relations
from grandest_press.richtext import EDITOR_EXTENSIONS, sanitize_html
from grandest_press.typography import DatePrecision, normalise_partial_date, partial_date
from partners.models import (
    Organisation,
    Person,
    TerritorialPact,
)

PUBLISH_PERMISSION = "communiques.publish_communique"


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


# The columns of a release card: its link, title, date and lede.
CARD_FIELDS = ("id", "slug", "title", "lede", "published_at")


class CommuniqueQuerySet(models.QuerySet):
    def published(self, now=None):
        """The one definition of what the public may see. Every public surface uses it.

        A scheduled release is "published" with a future date: it turns public at that
        exact moment, with no job to run. `now`: the moment to see it at (default: now).
        """
        return self.filter(
            status=Communique.Status.PUBLISHED, published_at__lte=now or timezone.now()
        )

    def scheduled(self):
        """Releases waiting for their publication time (under embargo)."""
        return self.filter(status=Communique.Status.PUBLISHED, published_at__gt=timezone.now())

    def next_publication_timestamp(self) -> float | None:
        """When the next scheduled release turns public (Unix time), or None."""
        moment = self.scheduled().order_by("published_at").values_list("published_at", flat=True)
        first = moment.first()
        return first.timestamp() if first else None

    def withdrawn(self):
        """Releases taken down after publication: the public gets a short notice (410)."""
        return self.filter(status=Communique.Status.WITHDRAWN, withdrawn_at__isnull=False)

    def mentioning_organisation(self, organisation):
        """Releases that cite, quote on behalf of, or give a contact of `organisation`."""
        return self.matching(
            Q(organisations=organisation)
            | Q(quotes__organisation=organisation)
            | Q(contact_links__contact__organisation=organisation)
            | Q(pacts__territories=organisation)
            | Q(pacts__signatories__organisation=organisation)
        )

    def mentioning_person(self, person):
        """Releases that quote `person` or report a pact they signed or attended."""
        return self.matching(
            Q(quotes__speaker=person)
            | Q(pacts__signatories__person=person)
            | Q(pacts__attendees__person=person)
        )

    def matching(self, condition):
        """Releases with at least one related row matching `condition`, each once: by
        their keys, rather than distinct(), whose rows would each carry a card's JSON
        (for_list) before being deduplicated, and which window() cannot page."""
        return self.filter(pk__in=self.model._default_manager.filter(condition).values("pk"))

    def for_list(self):
        """What a release card shows (includes/communique_card.html), in one query: the
        columns it prints and the release's themes (`themes_list`). Only those: each
        column costs its share of compiling the query and of reading twenty rows (a list
        page reads five of twenty-two; any other read on a card is refused under
        fetch_mode(FETCH_RAISE), and one more query a test counts otherwise).

        Past the first page, take window(offset, limit) first (CardPages does):
        PostgreSQL builds the JSON of the rows an OFFSET skips too."""
        return RELEASE_CARD.annotate(self.only(*CARD_FIELDS))

    def for_page(self):
        """What the release page, its previews, its kit presse and feed items show, read
        with each release in one query whatever its size (RELEASE_PAGE)."""
        return RELEASE_PAGE.annotate(self.defer("search_vector", "search_text"))

    def window(self, offset, limit):
        """self[offset:offset + limit], read as a deep list page should be: the releases
        to skip are found by their keys alone, in the index of published() and its order
        (Meta.indexes), then only the `limit` kept are read from the table, with what the
        page shows (page 200 of the list: 6 -> 0.6 ms on PostgreSQL). Apply for_list()
        after: a card's JSON is then built for the kept alone. Not for a distinct()
        queryset, whose subquery would select more than the key (see matching()), nor
        one ordered by an annotation (a search's rank), which the kept do not carry."""
        if self.query.distinct:
            raise ValueError("window() reads the key alone: not for a distinct() queryset.")
        kept = self.model._default_manager.filter(pk__in=self.values("pk")[offset : offset + limit])
        return kept.order_by(*self.query.order_by) if self.query.order_by else kept

    def get_for_detail(self, **lookups):
        """for_page().get(**lookups): one release with everything its page shows."""
        return self.for_page().get(**lookups)


class Communique(LoadsRelations, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        REVIEW = "review", _("À relire")
        PUBLISHED = "published", _("Publié ou programmé")
        WITHDRAWN = "withdrawn", _("Retiré")

    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(
        _("identifiant d’URL"),
        max_length=300,
        unique=True,
        help_text=_("Forme l’adresse de la page ; ne le changez plus après publication."),
    )
    lede = models.TextField(
        _("chapeau"),
        blank=True,
        help_text=_(
            "Phrase d’attaque : qui, quoi, quand, où. Affichée en tête et dans les listes."
        ),
    )
    body = ProseEditorField(
        _("texte"),
        blank=True,
        config={"extensions": EDITOR_EXTENSIONS},
        sanitize=sanitize_html,
        help_text=_(
            "Paragraphes, intertitres, listes et liens. Les citations se saisissent à part."
        ),
    )
    dateline_place = models.CharField(
        _("lieu"),
        max_length=250,
        blank=True,
        help_text=_("Lieu de l’événement, par exemple « Foire de Châlons-en-Champagne (51) »."),
    )
    event_date = models.DateField(_("date de l’événement"), null=True, blank=True)
    event_date_precision = models.CharField(
        _("précision de la date"),
        max_length=5,
        choices=DatePrecision.CHOICES,
        default=DatePrecision.DAY,
    )
    event_date_wording = models.CharField(
        _("date telle qu’écrite"),
        max_length=100,
        blank=True,
        help_text=_("Forme du texte importé, par exemple « Ce jeudi 5 septembre 2019 »."),
    )
    source_hash = models.CharField(
        _("empreinte du texte importé"),
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("Reconnaît un texte déjà importé pour mettre à jour le même brouillon."),
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("date de publication"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Heure de Paris. Dans le futur, le communiqué est programmé (sous embargo) "
            "et paraît automatiquement à cette heure."
        ),
    )
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    withdrawal_reason = models.TextField(
        _("motif du retrait"),
        blank=True,
        help_text=_("Affiché au public à la place du communiqué retiré."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Incrémentée à chaque enregistrement, pour refuser les écrasements."),
    )
    themes = models.ManyToManyField(
        Theme, related_name="communiques", blank=True, verbose_name=_("thèmes")
    )
    pacts = models.ManyToManyField(
        TerritorialPact,
        related_name="communiques",
        blank=True,
        verbose_name=_("pactes concernés"),
    )
    organisations = models.ManyToManyField(
        Organisation,
        related_name="communiques",
        blank=True,
        verbose_name=_("organisations citées"),
    )
    image = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communiques",
        verbose_name=_("image"),
        help_text=_(
            "Photo affichée en tête du communiqué et dans le kit presse, avec son texte "
            "alternatif et son crédit."
        ),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créé par"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modifié par"),
    )

    # Kept current after every save of the release or of its quotes (search.py).
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = CommuniqueQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            # published() and its order (Meta.ordering), then the key: counting public
            # releases, and skipping those before a list page (window()), read this index
            # alone, not the table.
            models.Index(
                fields=["status", "-published_at", "-created_at", "id"],
                name="communique_public_order_idx",
            ),
        ]
        verbose_name = _("communiqué")
        verbose_name_plural = _("communiqués")
        permissions = [
            (
                "publish_communique",
                _("Peut programmer, publier, modifier en ligne et retirer les communiqués"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
                violation_error_message=_(
                    "Un communiqué publié doit avoir une date de publication."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="%(app_label)s_%(class)s_withdrawn_has_date",
                violation_error_message=_("Un communiqué retiré doit avoir une date de retrait."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sanitized here too: imports and scripts do not go through the form field.
        self.body = sanitize_html(self.body)
        if self.event_date:
            self.event_date = normalise_partial_date(self.event_date, self.event_date_precision)
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            # Optimistic locking: only the holder of the current version may save.
            claimed = Communique.objects.filter(pk=self.pk, version=self.version).update(
                version=F("version") + 1
            )
            if not claimed:
                current = Communique.objects.filter(pk=self.pk).select_related("updated_by").first()
                raise StaleEditError(self, current)
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version", "updated_at"}
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("communiques:detail", kwargs={"slug": self.slug})

    def get_kit_url(self):
        return reverse("communiques:kit", kwargs={"slug": self.slug})

    @property
    def press_kit_size(self) -> int:
        """About the weight of the kit presse: its files plus a little text."""
        files = self.image.size if self.image else 0
        return files + sum(attachment.size for attachment in self.attachments_list) + 20_000

    @property
    def event_date_display(self) -> str:
        return partial_date(self.event_date, self.event_date_precision)

    @property
    def reference_date(self):
        """The date whose roles apply to people quoted: the event, else publication."""
        if self.event_date:
            return self.event_date
        if self.published_at:
            return timezone.localdate(self.published_at)
        return timezone.localdate()

    def is_published(self) -> bool:
        """Mirrors CommuniqueQuerySet.published() for one object."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def editorial_state(self) -> str:
        """What an officer calls the state: "Programmé" is a publication still to come."""
        if self.is_scheduled:
            return str(_("Programmé"))
        if self.status == self.Status.PUBLISHED:
            return str(_("Publié"))
        return self.get_status_display()

    @staticmethod
    def can_publish(user) -> bool:
        return user.has_perm(PUBLISH_PERMISSION)

    def can_edit(self, user) -> bool:
        """Rédaction edits drafts and releases under review; the rest is Publication's."""
        if not user.has_perm("communiques.change_communique"):
            return False
        if self.status in (self.Status.DRAFT, self.Status.REVIEW):
            return True
        return self.can_publish(user)

    # Editorial workflow. Each transition checks who may do it and from which state,
    # then saves and records who did it and when. Nothing else changes the status.

    def submit_for_review(self, *, by):
        self._require(by, publish=False)
        if self.status != self.Status.DRAFT:
            raise ValidationError(_("Seul un brouillon peut être soumis à relecture."))
        self.status = self.Status.REVIEW
        self._record(by, CommuniqueEvent.Action.SUBMITTED)

    def return_to_draft(self, *, by):
        """Back to draft: from review, from a schedule not yet reached, or after withdrawal."""
        self._require(by, publish=self.status != self.Status.REVIEW)
        if self.status == self.Status.DRAFT:
            raise ValidationError(_("Ce communiqué est déjà un brouillon."))
        if self.is_published():
            raise ValidationError(
                _("Un communiqué en ligne ne repasse pas en brouillon : retirez-le.")
            )
        action = (
            CommuniqueEvent.Action.UNSCHEDULED
            if self.status == self.Status.PUBLISHED
            else CommuniqueEvent.Action.RETURNED
        )
        self.status = self.Status.DRAFT
        self.published_at = None
        self.withdrawn_at = None
        self._record(by, action)

    def publish(self, *, by):
        """Put the release online now."""
        self._require_publishable(by)
        self.status = self.Status.PUBLISHED
        self.published_at = timezone.now()
        self._record(by, CommuniqueEvent.Action.PUBLISHED)

    def schedule(self, *, by, at: datetime.datetime):
        """Publish automatically at `at`: the embargo lifts then."""
        self._require_publishable(by)
        if at is None or at <= timezone.now():
            raise ValidationError(_("La date de publication programmée doit être dans le futur."))
        self.status = self.Status.PUBLISHED
        self.published_at = at
        self._record(
            by,
            CommuniqueEvent.Action.SCHEDULED,
            note=timezone.localtime(at).strftime("%d/%m/%Y %H:%M"),
        )

    def withdraw(self, *, by, reason: str):
        """Take an online release down; the public sees the reason instead (410)."""
        self._require(by, publish=True)
        if not self.is_published():
            raise ValidationError(
                _(
                    "Seul un communiqué en ligne peut être retiré "
                    "(déprogrammez un communiqué à venir)."
                )
            )
        if not (reason or "").strip():
            raise ValidationError(_("Indiquez le motif du retrait : il sera affiché au public."))
        self.status = self.Status.WITHDRAWN
        self.withdrawn_at = timezone.now()
        self.withdrawal_reason = reason.strip()
        self._record(by, CommuniqueEvent.Action.WITHDRAWN, note=self.withdrawal_reason)

    def _require(self, user, *, publish: bool):
        permission = PUBLISH_PERMISSION if publish else "communiques.change_communique"
        if not user.has_perm(permission):
            raise PermissionDenied(_("Vous n’avez pas le droit d’effectuer cette opération."))

    def _require_publishable(self, user):
        self._require(user, publish=True)
        if self.status == self.Status.WITHDRAWN:
            raise ValidationError(_("Un communiqué retiré doit d’abord repasser en brouillon."))
        if self.is_published():
            raise ValidationError(_("Ce communiqué est déjà en ligne."))

    def _record(self, by, action, note=""):
        self.updated_by = by
        self.full_clean()
        with transaction.atomic():
            self.save()
            CommuniqueEvent.objects.create(communique=self, action=action, user=by, note=note)

    @property
    def contacts(self):
        return [link.contact for link in self.contact_links.select_related("contact")]


class QuoteQuerySet(models.QuerySet):
    def published(self):
        """Quotes whose release is public."""
        return self.filter(communique__in=Communique.objects.published())


class Quote(models.Model):
    communique = models.ForeignKey(
        Communique, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("communiqué")
    )
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("auteur")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("au titre de"),
        help_text=_(
            "Si la personne a plusieurs fonctions, celle au titre de laquelle elle s’exprime."
        ),
    )
    text = models.TextField(
        _("citation"), help_text=_("Sans les guillemets, ajoutés à l’affichage.")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["communique", "order", "pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self):
        return f"{self.speaker} : « {self.text[:60]}… »"

    def save(self, *args, **kwargs):
        self.text = self.text.strip().removeprefix("«").removesuffix("»").strip()
        super().save(*args, **kwargs)

    @property
    def speaker_mandate(self):
        """The speaker's mandate on the release's date, not today's."""
        return self.speaker.mandate_on(self.communique.reference_date, self.organisation)

    @property
    def paragraphs(self):
        return [p.strip() for p in self.text.split("\n") if p.strip()]


class PressContact(models.Model):
    name = models.CharField(
        _("nom"),
        max_length=150,
        blank=True,
        help_text=_("Laisser vide pour une adresse de service (presse@…)."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="press_contacts",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("courriel"), blank=True)
    is_active = models.BooleanField(
        _("actif"), default=True, help_text=_("Décocher quand la personne a quitté le service.")
    )

    class Meta:
        ordering = ["organisation__name", "name", "email"]
        verbose_name = _("contact presse")
        verbose_name_plural = _("contacts presse")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") | ~Q(email=""),
                name="%(app_label)s_%(class)s_name_or_email",
                violation_error_message=_("Indiquez au moins un nom ou un courriel."),
            ),
        ]

    def __str__(self):
        return self.name or self.email


class PressContactPhone(models.Model):
    contact = models.ForeignKey(
        PressContact, on_delete=models.CASCADE, related_name="phones", verbose_name=_("contact")
    )
    number = PhoneNumberField(
        _("numéro"), help_text=_("Par exemple « 06 84 80 11 48 » ou « +33 3 26 70 74 36 ».")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["contact", "order", "pk"]
        verbose_name = _("téléphone")
        verbose_name_plural = _("téléphones")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("Ce numéro figure déjà pour ce contact."),
            ),
        ]

    def __str__(self):
        return self.number.as_national if self.number else ""


class CommuniqueContact(models.Model):
    """The ordered press contacts printed at the foot of a release."""

    communique = models.ForeignKey(
        Communique,
        on_delete=models.CASCADE,
        related_name="contact_links",
        verbose_name=_("communiqué"),
    )
    contact = models.ForeignKey(
        PressContact,
        on_delete=models.PROTECT,
        related_name="communique_links",
        verbose_name=_("contact"),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["communique", "order", "pk"]
        verbose_name = _("contact presse du communiqué")
        verbose_name_plural = _("contacts presse du communiqué")
        constraints = [
            models.UniqueConstraint(
                fields=["communique", "contact"],
                name="%(app_label)s_%(class)s_unique_contact",
                violation_error_message=_("Ce contact figure déjà sur le communiqué."),
            ),
        ]

    def __str__(self):
        return str(self.contact)


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


class StaleEditError(Exception):
    """Someone saved the release since this copy was read: saving would overwrite it.

    `current` is the release as that other save left it (None if it was deleted), read
    when the save was refused: it says who saved it, and when.
    """

    def __init__(self, communique, current=None):
        self.communique = communique
        self.current = current
        super().__init__(
            _("Ce communiqué a été modifié entre-temps : rechargez-le avant d’enregistrer.")
        )


class CommuniqueEvent(models.Model):
    """The audit trail: who submitted, scheduled, published, withdrew, deleted what, when."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Soumis à relecture")
        RETURNED = "returned", _("Repassé en brouillon")
        SCHEDULED = "scheduled", _("Programmé")
        UNSCHEDULED = "unscheduled", _("Déprogrammé")
        PUBLISHED = "published", _("Publié")
        CORRECTED = "corrected", _("Rectifié")
        WITHDRAWN = "withdrawn", _("Retiré")
        DELETED = "deleted", _("Supprimé")

    communique = models.ForeignKey(
        Communique,
        on_delete=models.SET_NULL,
        null=True,
        related_name="events",
        verbose_name=_("communiqué"),
    )
    communique_title = models.CharField(
        _("titre du communiqué"),
        max_length=300,
        help_text=_("Conservé même si le communiqué est supprimé."),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("par"),
    )
    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    note = models.TextField(_("précision"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("événement éditorial")
        verbose_name_plural = _("journal éditorial")

    def __str__(self):
        return f"{self.get_action_display()} : {self.communique_title}"

    def save(self, *args, **kwargs):
        if self.communique_id and not self.communique_title:
            self.communique_title = self.communique.title
        super().save(*args, **kwargs)


class Correction(models.Model):
    """A public change note ("Rectificatif du …") on a published release."""

    communique = models.ForeignKey(
        Communique,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("communiqué"),
    )
    text = models.TextField(_("rectificatif"))
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("par"),
    )

    class Meta:
        ordering = ["communique", "created_at"]
        verbose_name = _("rectificatif")
        verbose_name_plural = _("rectificatifs")

    def __str__(self):
        return self.text[:80]


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


# Revisions: every save of a release through the admin (or inside
# reversion.create_revision()) records it with its quotes and contacts.
reversion.register(Quote)
reversion.register(CommuniqueContact)
reversion.register(Communique, follow=["quotes", "contact_links"])

WORKFLOW_FIELDS = ["status", "published_at", "withdrawn_at", "withdrawal_reason", "version"]


@receiver(pre_save, sender=Communique)
def keep_workflow_state_on_raw_save(sender, instance, raw, **kwargs):
    """Restoring a revision is a raw save: it must not publish, unpublish or rewind the
    lock. Content comes back; the editorial state stays what the workflow made it."""
    if not raw or instance.pk is None:
        return
    current = Communique.objects.filter(pk=instance.pk).values(*WORKFLOW_FIELDS).first()
    if current is None:
        return
    for field_name, value in current.items():
        setattr(instance, field_name, value)
    instance.version = current["version"] + 1


@receiver(post_save, sender=Communique)
def index_communique(sender, instance, **kwargs):
    search.refresh_index([instance.pk])


@receiver(post_save, sender=Quote)
@receiver(post_delete, sender=Quote)
def index_quote_communique(sender, instance, **kwargs):
    search.refresh_index([instance.communique_id])


# What a release card shows beside the release's own fields.
RELEASE_CARD = Relations(Communique, "themes")
# A release's quotes as its page and its feed items show them: the speaker's mandates
# give the role on the release's date.
QUOTES = Relation(
    "quotes", Relation("speaker", Relation("mandates", "organisation")), "organisation"
)
# What the release page, its previews and its kit presse show, loaded in one query.
RELEASE_PAGE = Relations(
    Communique,
    "image",
    "themes",
    "organisations",
    "corrections",
    "attachments",
    QUOTES,
    Relation(
        "pacts",
        "kind",
        "frameworks",
        Relation("axes", "organisations"),
        Relation("signatories", "person", "organisation"),
        Relation("attendees", "person"),
    ),
    Relation("contact_links", Relation("contact", "organisation", "phones")),
)
