"""The press release: its fields, what the public sees (`published()`), locked saves,
and the relations each public surface loads with it."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from communiques.models.themes import Theme
from communiques.models.workflow import CommuniqueWorkflow
from grandest_press.links import reverse
from grandest_press.models import Image
from grandest_press.relations import LoadsRelations, Relation, Relations
from grandest_press.richtext import EDITOR_EXTENSIONS, sanitize_html
from grandest_press.typography import DatePrecision, normalise_partial_date, partial_date
from partners.models import (
    Organisation,
    Person,
    TerritorialPact,
)

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
        """Releases that cite, quote on behalf of, or give a contact of `organisation`,
        or report a pact it is a party to (territory, signatory, partner of an axis)."""
        return self.matching(
            Q(organisations=organisation)
            | Q(quotes__organisation=organisation)
            | Q(contact_links__contact__organisation=organisation)
            | Q(pacts__territories=organisation)
            | Q(pacts__signatories__organisation=organisation)
            | Q(pacts__axes__organisations=organisation)
        )

    def mentioning_person(self, person):
        """Releases that quote `person` or report a pact they signed or attended."""
        return self.matching(
            Q(quotes__speaker=person)
            | Q(pacts__signatories__person=person)
            | Q(pacts__attendees__person=person)
        )

    def citing(self, record):
        """Releases that cite `record`, a pact, a person or an organisation: those that
        make it public when they are published (Communique.cited_records)."""
        if isinstance(record, TerritorialPact):
            return self.filter(pacts=record)
        if isinstance(record, Person):
            return self.mentioning_person(record)
        return self.mentioning_organisation(record)

    def first_citing(self, record):
        """The published or scheduled release citing `record` that is (or will be) the
        first public, or None: why a record is public, as the admin says it."""
        releases = self.filter(status=Communique.Status.PUBLISHED).citing(record)
        return releases.order_by("published_at").first()

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
        (Meta.indexes), then only the `limit` kept are read from the table, in self's own
        order, with what the page shows (page 200 of the list: 6 -> 0.6 ms on
        PostgreSQL). Apply for_list() after: a card's JSON is then built for the kept
        alone. Not for a distinct() queryset, whose key subquery would select its order's
        columns too (see matching(), which needs none)."""
        return self.filter(pk__in=self.values("pk")[offset : offset + limit])

    def get_for_detail(self, **lookups):
        """for_page().get(**lookups): one release with everything its page shows."""
        return self.for_page().get(**lookups)


class Communique(CommuniqueWorkflow, LoadsRelations, models.Model):
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
    source_url = models.URLField(
        _("adresse d’origine"),
        max_length=500,
        blank=True,
        help_text=_("Pour un communiqué repris d’un ancien site : son adresse d’alors."),
    )
    source_published_on = models.DateField(
        _("publié à l’origine le"),
        null=True,
        blank=True,
        help_text=_(
            "Pour un communiqué repris d’un ancien site : sa date de publication d’alors. "
            "Le brouillon reste à relire avant toute publication."
        ),
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

    def missing_for_publication(self) -> list[str]:
        """What a release still lacks to be published or scheduled, as French phrases
        (« le chapeau », « au moins un thème »…); empty when it is complete."""
        missing = []
        if not self.title.strip():
            missing.append(_("le titre"))
        if not self.lede.strip():
            missing.append(_("le chapeau"))
        if not strip_tags(self.body or "").strip():
            missing.append(_("le texte"))
        if self.event_date is None:
            missing.append(_("la date de l’événement"))
        if self.pk is None or not self.themes.exists():
            missing.append(_("au moins un thème"))
        if self.pk is None or not self.contact_links.exists():
            missing.append(_("au moins un contact presse"))
        if self.image_id and not (self.image.is_decorative or self.image.alt_text.strip()):
            missing.append(_("le texte alternatif de l’image"))
        return [str(part) for part in missing]

    def get_kit_url(self):
        return reverse("communiques:kit", kwargs={"slug": self.slug})

    def get_pdf_url(self):
        return reverse("communiques:pdf", kwargs={"slug": self.slug})

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

    def cited_records(self) -> dict:
        """The pacts, people and organisations this release cites, as querysets (keyword
        arguments of partners.services.make_public): the inverse of mentioning_person()
        and mentioning_organisation(), so a filter by a record finds the releases that
        made it public."""

        def each_once(model, condition):
            return model.objects.filter(pk__in=model.objects.filter(condition).values("pk"))

        signed = Q(pact_signatures__pact__communiques=self)
        return {
            "pacts": TerritorialPact.objects.filter(communiques=self),
            "people": each_once(
                Person,
                Q(quotes__communique=self) | signed | Q(pact_attendances__pact__communiques=self),
            ),
            "organisations": each_once(
                Organisation,
                Q(communiques=self)
                | Q(pk__in=self.quotes.values("organisation"))
                | Q(press_contacts__communique_links__communique=self)
                | Q(territorial_pacts__communiques=self)
                | signed
                | Q(pact_axes__pact__communiques=self),
            ),
        }

    @property
    def editorial_state(self) -> str:
        """What an officer calls the state: "Programmé" is a publication still to come."""
        if self.is_scheduled:
            return str(_("Programmé"))
        if self.status == self.Status.PUBLISHED:
            return str(_("Publié"))
        return self.get_status_display()

    @property
    def contacts(self):
        return [link.contact for link in self.contact_links.select_related("contact")]


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
