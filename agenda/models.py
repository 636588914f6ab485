"""Press invitations: events announced to journalists, under the release's workflow.

An invitation goes through the same states as a release (draft, « à relire »,
scheduled or published, withdrawn), with the same permissions and journal
(communiques.models.workflow). Its event has a status of its own (« reporté »,
« annulé ») that changes while it is online: journalists must learn it fast.
"""

import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Min, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from communiques.models import Communique, CommuniqueEvent, CommuniqueWorkflow, PressContact, Theme
from communiques.search import folded_match
from grandest_press.links import reverse
from grandest_press.richtext import EDITOR_EXTENSIONS, sanitize_html
from partners import services as partners
from partners.models import Mandate, Organisation, Person, TerritorialPact

PUBLISH_PERMISSION = "agenda.publish_invitation"

INVITATION_MESSAGES = {
    "already_draft": _("Cette invitation est déjà un brouillon."),
    "online_to_draft": _("Une invitation en ligne ne repasse pas en brouillon : retirez-la."),
    "withdraw_offline": _(
        "Seule une invitation en ligne peut être retirée (déprogrammez une invitation à venir)."
    ),
    "withdrawn_to_draft": _("Une invitation retirée doit d’abord repasser en brouillon."),
    "already_online": _("Cette invitation est déjà en ligne."),
    "incomplete": _("Cette invitation est incomplète, il manque : {missing}."),
}


class InvitationQuerySet(models.QuerySet):
    def published(self, now=None):
        """The one definition of what the public may see of the agenda, as for releases:
        a scheduled invitation turns public at its publication time, with no job to run."""
        return self.filter(
            status=Invitation.Status.PUBLISHED, published_at__lte=now or timezone.now()
        )

    def scheduled(self):
        return self.filter(status=Invitation.Status.PUBLISHED, published_at__gt=timezone.now())

    def withdrawn(self):
        return self.filter(status=Invitation.Status.WITHDRAWN, withdrawn_at__isnull=False)

    def next_change_timestamp(self) -> float | None:
        """When the public agenda next changes by itself (Unix time), or None: a
        scheduled invitation turns public, or an event ends and moves from « à venir »
        to « passés ». One query: the page cache asks on every new state."""
        now = timezone.now()
        published = Q(status=Invitation.Status.PUBLISHED)
        moments = self.annotate(finish=Coalesce("ends_at", "starts_at")).aggregate(
            publication=Min("published_at", filter=published & Q(published_at__gt=now)),
            end=Min("finish", filter=published & Q(published_at__lte=now) & Q(finish__gt=now)),
        )
        upcoming = [moment for moment in moments.values() if moment is not None]
        return min(upcoming).timestamp() if upcoming else None

    def upcoming(self, now=None):
        """Events not over yet, the soonest first."""
        now = now or timezone.now()
        return (
            self.annotate(finish=Coalesce("ends_at", "starts_at"))
            .filter(finish__gte=now)
            .order_by("starts_at", "pk")
        )

    def agenda_order(self, now=None):
        """Events to come (soonest first), then past events (latest first), with
        `in_past` (0 or 1) on each."""
        now = now or timezone.now()
        return self.annotate(
            in_past=Case(
                When(Q(ends_at__lt=now) | Q(ends_at__isnull=True, starts_at__lt=now), then=1),
                default=Value(0),
                output_field=models.IntegerField(),
            )
        ).order_by(
            "in_past",
            # Upcoming events by start; past ones have no value here, then start descending.
            Case(When(in_past=0, then=F("starts_at"))).asc(nulls_last=True),
            F("starts_at").desc(),
            "pk",
        )

    def search(self, query):
        """Published invitations whose title, announcement or place holds every word of
        the site search's `query` (communiques.search.ParsedQuery), the latest first."""
        fields = ["title", "lede", "place_name", "place_address"]
        return folded_match(self.published(), fields, query).order_by("-starts_at", "-pk")

    def for_list(self):
        """What a card shows beside the invitation's own fields: its themes."""
        return self.prefetch_related(Prefetch("themes", to_attr="themes_list"))

    def for_page(self):
        """What the page, its calendar file and feed items show."""
        return self.select_related("pact", "related_release", "follow_up_release").prefetch_related(
            Prefetch("themes", to_attr="themes_list"),
            "territories",
            Prefetch(
                "speakers",
                Person.objects.prefetch_related(
                    Prefetch(
                        "mandates",
                        Mandate.objects.select_related("organisation"),
                        to_attr="mandates_list",
                    )
                ),
            ),
            Prefetch(
                "contacts",
                PressContact.objects.select_related("organisation").prefetch_related(
                    Prefetch("phones", to_attr="phones_list")
                ),
            ),
        )

    def citing(self, record):
        """Invitations that cite `record`: a pact, a speaker, a territory, the
        organisation of a press contact."""
        condition = {
            TerritorialPact: Q(pact=record),
            Person: Q(speakers=record),
            Organisation: Q(territories=record) | Q(contacts__organisation=record),
        }[type(record)]
        return self.filter(pk__in=self.model._default_manager.filter(condition).values("pk"))

    def first_citing(self, record):
        """The published or scheduled invitation citing `record` that is (or will be)
        the first public, or None."""
        invitations = self.filter(status=Invitation.Status.PUBLISHED).citing(record)
        return invitations.order_by("published_at").first()

    def mentioning_person(self, person):
        """Invitations at which `person` speaks, each once."""
        return self.filter(pk__in=self.model._default_manager.filter(speakers=person).values("pk"))


class Invitation(CommuniqueWorkflow, models.Model):
    Status = Communique.Status

    class EventStatus(models.TextChoices):
        SCHEDULED = "scheduled", _("Prévu")
        POSTPONED = "postponed", _("Reporté")
        CANCELLED = "cancelled", _("Annulé")

    publish_permission = PUBLISH_PERMISSION
    change_permission = "agenda.change_invitation"
    workflow_messages = INVITATION_MESSAGES

    title = models.CharField(
        _("titre"),
        max_length=300,
        help_text=_("Par exemple « Signature du Pacte Offensive Croissance Emploi »."),
    )
    slug = models.SlugField(
        _("identifiant d’URL"),
        max_length=300,
        unique=True,
        help_text=_("Forme l’adresse de la page ; ne le changez plus après publication."),
    )
    uid = models.UUIDField(
        _("identifiant de calendrier"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_(
            "Reste le même à chaque modification : les agendas mettent l’événement à jour."
        ),
    )
    lede = models.TextField(
        _("annonce"),
        blank=True,
        help_text=_(
            "Qui, quoi, où, quand, en une ou deux phrases : « Jean Rottner et Bruno "
            "Bourg-Broc signeront le POCE… ». Affichée en tête, dans les listes et les flux."
        ),
    )
    starts_at = models.DateTimeField(_("début"), help_text=_("Heure de Paris."))
    ends_at = models.DateTimeField(
        _("fin"), null=True, blank=True, help_text=_("Heure de Paris ; facultative.")
    )
    place_name = models.CharField(
        _("lieu"),
        max_length=250,
        help_text=_("Par exemple « Foire de Châlons-en-Champagne, stand de la Région »."),
    )
    place_address = models.CharField(
        _("adresse"),
        max_length=300,
        blank=True,
        help_text=_("Adresse postale : elle donne le lien vers la carte OpenStreetMap."),
    )
    programme = ProseEditorField(
        _("programme"),
        blank=True,
        config={"extensions": EDITOR_EXTENSIONS},
        sanitize=sanitize_html,
        help_text=_(
            "Par exemple « 11 h : accueil ; 11 h 15 : signature ; 11 h 45 : points presse »."
        ),
    )
    speakers = models.ManyToManyField(
        Person,
        related_name="invitations",
        blank=True,
        verbose_name=_("intervenants"),
        help_text=_("Leur fonction à la date de l’événement s’affiche d’après leurs mandats."),
    )
    themes = models.ManyToManyField(
        Theme, related_name="invitations", blank=True, verbose_name=_("thèmes")
    )
    territories = models.ManyToManyField(
        Organisation,
        related_name="invitations",
        blank=True,
        verbose_name=_("territoires"),
        help_text=_(
            "Collectivités concernées : les journalistes filtrent l’agenda par territoire."
        ),
    )
    pact = models.ForeignKey(
        TerritorialPact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("pacte concerné"),
    )
    related_release = models.ForeignKey(
        Communique,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcing_invitations",
        verbose_name=_("communiqué lié"),
        help_text=_("Un communiqué déjà paru que l’événement prolonge."),
    )
    follow_up_release = models.ForeignKey(
        Communique,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_of",
        verbose_name=_("communiqué publié après l’événement"),
        help_text=_("Affiché sur l’invitation une fois l’événement passé, s’il est en ligne."),
    )
    accreditation_deadline = models.DateTimeField(
        _("accréditation avant le"), null=True, blank=True, help_text=_("Heure de Paris.")
    )
    accreditation_details = models.TextField(
        _("modalités d’accréditation"),
        blank=True,
        help_text=_("Par exemple « Merci de confirmer votre présence à presse@grandest.fr »."),
    )
    contacts = models.ManyToManyField(
        PressContact, related_name="invitations", blank=True, verbose_name=_("contacts presse")
    )
    event_status = models.CharField(
        _("état de l’événement"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        help_text=_(
            "« Reporté » : indiquez la nouvelle date dans début et fin si elle est connue ; "
            "« Annulé » : indiquez le motif. Affiché en tête de page, dans les flux et les agendas."
        ),
    )
    event_status_note = models.TextField(
        _("motif du report ou de l’annulation"), blank=True, help_text=_("Affiché au public.")
    )
    previous_starts_at = models.DateTimeField(
        _("date initialement prévue"),
        null=True,
        blank=True,
        help_text=_("Remplie d’elle-même quand on change la date d’un événement reporté."),
    )
    sequence = models.PositiveIntegerField(
        _("révision"),
        default=0,
        editable=False,
        help_text=_("Incrémentée à chaque modification (SEQUENCE des fichiers d’agenda)."),
    )

    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("date de publication"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Heure de Paris. Dans le futur, l’invitation est programmée (sous embargo)."),
    )
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("motif du retrait"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créée par"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modifiée par"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("invitation presse")
        verbose_name_plural = _("invitations presse")
        permissions = [
            (
                "publish_invitation",
                _("Peut programmer, publier, modifier en ligne et retirer les invitations"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
                violation_error_message=_(
                    "Une invitation publiée doit avoir une date de publication."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="%(app_label)s_%(class)s_withdrawn_has_date",
                violation_error_message=_("Une invitation retirée doit avoir une date de retrait."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("La fin de l’événement doit suivre son début."),
            ),
            models.CheckConstraint(
                condition=~Q(event_status="cancelled") | ~Q(event_status_note=""),
                name="%(app_label)s_%(class)s_cancelled_has_reason",
                violation_error_message=_(
                    "Indiquez le motif de l’annulation : il sera affiché au public."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sanitized here too: scripts and the seed do not go through the form field.
        self.programme = sanitize_html(self.programme)
        if not self._state.adding:
            self.sequence += 1
            self._keep_previous_start()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "sequence", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("agenda:detail", kwargs={"slug": self.slug})

    def missing_for_publication(self) -> list[str]:
        """What an invitation still lacks to be published or scheduled: a journalist
        needs to know what, where and whom to ask."""
        missing = []
        if not self.title.strip():
            missing.append(_("le titre"))
        if not self.lede.strip():
            missing.append(_("l’annonce"))
        if not (self.place_name.strip() or self.place_address.strip()):
            missing.append(_("le lieu"))
        return [str(part) for part in missing]

    def get_ics_url(self):
        return reverse("agenda:ics", kwargs={"slug": self.slug})

    def get_pdf_url(self):
        return reverse("agenda:pdf", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("La fin de l’événement doit suivre son début.")})
        if self.event_status == self.EventStatus.CANCELLED and not self.event_status_note.strip():
            raise ValidationError(
                {"event_status_note": _("Indiquez le motif de l’annulation : il sera affiché.")}
            )

    def _keep_previous_start(self):
        """A postponed event whose date changes keeps the date first announced."""
        if self.event_status != self.EventStatus.POSTPONED or self.previous_starts_at:
            return
        before = Invitation.objects.filter(pk=self.pk).values_list("starts_at", flat=True).first()
        if before and before != self.starts_at:
            self.previous_starts_at = before

    def record_event(self, *, action, user, note):
        InvitationEvent.objects.create(invitation=self, action=action, user=user, note=note)

    def cited_records(self) -> dict:
        """The pacts, people and organisations this invitation cites, as querysets: they
        turn public with it, as with a release (CommuniqueWorkflow.publish_cited_records)."""
        return {
            "pacts": TerritorialPact.objects.filter(invitations=self),
            "people": Person.objects.filter(invitations=self),
            "organisations": Organisation.objects.filter(
                pk__in=Organisation.objects.filter(
                    Q(invitations=self) | Q(press_contacts__invitations=self)
                ).values("pk")
            ),
        }

    @classmethod
    def reconsider_pending_records(cls):
        """After a scheduled invitation is unscheduled or deleted: each record still
        waiting for a time to come is public from the first release or invitation that
        now cites it, or from its explicit publication, or stays private."""
        for record in partners.pending_records():
            citing = [
                first.published_at
                for first in (
                    Communique.objects.first_citing(record),
                    cls.objects.first_citing(record),
                )
                if first is not None
            ]
            partners.reconsider(record, first_citation=min(citing, default=None))

    @property
    def editorial_state(self) -> str:
        if self.is_scheduled:
            return str(_("Programmée"))
        if self.status == self.Status.PUBLISHED:
            return str(_("Publiée"))
        if self.status == self.Status.WITHDRAWN:
            return str(_("Retirée"))
        return self.get_status_display()

    @property
    def is_past(self) -> bool:
        return (self.ends_at or self.starts_at) < timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.event_status == self.EventStatus.CANCELLED

    @property
    def is_postponed(self) -> bool:
        return self.event_status == self.EventStatus.POSTPONED

    @property
    def status_banner(self) -> str:
        """« ANNULÉ », « REPORTÉ » or « REPORTÉ — date à préciser », else ""."""
        if self.is_cancelled:
            return str(_("ANNULÉ"))
        if self.is_postponed:
            return (
                str(_("REPORTÉ"))
                if self.previous_starts_at
                else str(_("REPORTÉ — date à préciser"))
            )
        return ""

    @property
    def display_title(self) -> str:
        """The title as feeds and calendars show it: its event status first."""
        banner = self.status_banner
        return f"{banner} — {self.title}" if banner else self.title

    @property
    def reference_date(self):
        """The date whose mandates apply to the speakers: the event's, in Paris."""
        return timezone.localdate(self.starts_at)

    @property
    def speakers_with_mandates(self) -> list:
        """[(person, their mandate on the event's date or None)]."""
        return [(person, person.mandate_on(self.reference_date)) for person in self.speakers.all()]

    @property
    def map_url(self) -> str:
        """A plain link to OpenStreetMap's search for the address (nothing embedded)."""
        query = self.place_address or self.place_name
        if not query:
            return ""
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})

    @property
    def public_follow_up(self):
        """The release that followed the event, once it is public."""
        return _if_public(self.follow_up_release)

    @property
    def public_related_release(self):
        """The release the event relates to, if it is public: a draft is never named."""
        return _if_public(self.related_release)


def _if_public(release):
    return release if release is not None and release.is_published() else None


class InvitationEvent(models.Model):
    """The invitation's editorial journal, with the release journal's actions."""

    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        related_name="events",
        verbose_name=_("invitation"),
    )
    invitation_title = models.CharField(_("titre de l’invitation"), max_length=300)
    action = models.CharField(_("action"), max_length=20, choices=CommuniqueEvent.Action.choices)
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
        verbose_name = _("événement éditorial d’invitation")
        verbose_name_plural = _("journal éditorial des invitations")

    def __str__(self):
        return f"{self.get_action_display()} : {self.invitation_title}"

    def save(self, *args, **kwargs):
        if self.invitation_id and not self.invitation_title:
            self.invitation_title = self.invitation.title
        super().save(*args, **kwargs)
