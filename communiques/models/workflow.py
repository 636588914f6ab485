"""The editorial workflow of a release: who may edit or publish, and each transition, recorded.

Press invitations (agenda.Invitation) go through the same workflow: they set the
permissions, messages and journal below to their own (class attributes and
`record_event`)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from communiques.models.history import CommuniqueEvent
from grandest_press.typography import french_list
from partners import services as partners

PUBLISH_PERMISSION = "communiques.publish_communique"

# The refusals that name the content; an invitation words them its own way.
RELEASE_MESSAGES = {
    "already_draft": _("Ce communiqué est déjà un brouillon."),
    "online_to_draft": _("Un communiqué en ligne ne repasse pas en brouillon : retirez-le."),
    "withdraw_offline": _(
        "Seul un communiqué en ligne peut être retiré (déprogrammez un communiqué à venir)."
    ),
    "withdrawn_to_draft": _("Un communiqué retiré doit d’abord repasser en brouillon."),
    "already_online": _("Ce communiqué est déjà en ligne."),
    "incomplete": _("Ce communiqué est incomplet, il manque : {missing}."),
}


class CommuniqueWorkflow:
    """Mixed into Communique and Invitation: permissions and transitions, nothing stored."""

    publish_permission = PUBLISH_PERMISSION
    change_permission = "communiques.change_communique"
    workflow_messages = RELEASE_MESSAGES

    @classmethod
    def can_publish(cls, user) -> bool:
        return user.has_perm(cls.publish_permission)

    def is_published(self) -> bool:
        """Mirrors the model's published() for one object."""
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

    def can_edit(self, user) -> bool:
        """Rédaction edits drafts and releases under review; the rest is Publication's."""
        if not user.has_perm(self.change_permission):
            return False
        if self.status in (self.Status.DRAFT, self.Status.REVIEW):
            return True
        return self.can_publish(user)

    def can_propose_changes(self, user) -> bool:
        """Rédaction may propose changes to a release online or scheduled: they wait
        for Publication's review as a pending revision, the public keeps the live one."""
        return self.status == self.Status.PUBLISHED and user.has_perm(
            "communiques.change_communique"
        )

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
            raise ValidationError(self.workflow_messages["already_draft"])
        if self.is_published():
            raise ValidationError(self.workflow_messages["online_to_draft"])
        unscheduled = self.status == self.Status.PUBLISHED
        action = (
            CommuniqueEvent.Action.UNSCHEDULED if unscheduled else CommuniqueEvent.Action.RETURNED
        )
        self.status = self.Status.DRAFT
        self.published_at = None
        self.withdrawn_at = None
        self._record(by, action, then=self.reconsider_pending_records if unscheduled else None)

    def publish(self, *, by):
        """Put the release online now."""
        self._require_publishable(by)
        self.status = self.Status.PUBLISHED
        self.published_at = timezone.now()
        self._record(by, CommuniqueEvent.Action.PUBLISHED, then=self.publish_cited_records)

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
            then=self.publish_cited_records,
        )

    def withdraw(self, *, by, reason: str):
        """Take an online release down; the public sees the reason instead (410)."""
        self._require(by, publish=True)
        if not self.is_published():
            raise ValidationError(self.workflow_messages["withdraw_offline"])
        if not (reason or "").strip():
            raise ValidationError(_("Indiquez le motif du retrait : il sera affiché au public."))
        self.status = self.Status.WITHDRAWN
        self.withdrawn_at = timezone.now()
        self.withdrawal_reason = reason.strip()
        self._record(by, CommuniqueEvent.Action.WITHDRAWN, note=self.withdrawal_reason)

    def missing_for_publication(self) -> list[str]:
        """What the content still lacks to be published or scheduled, as French phrases
        (« le chapeau »…); each model says what it needs."""
        raise NotImplementedError

    def incompleteness_message(self) -> str:
        """The one French sentence refusing publication, or "" when complete."""
        missing = self.missing_for_publication()
        if not missing:
            return ""
        return str(format_lazy(self.workflow_messages["incomplete"], missing=french_list(missing)))

    def _require(self, user, *, publish: bool):
        permission = self.publish_permission if publish else self.change_permission
        if not user.has_perm(permission):
            raise PermissionDenied(_("Vous n’avez pas le droit d’effectuer cette opération."))

    def _require_publishable(self, user):
        self._require(user, publish=True)
        if self.status == self.Status.WITHDRAWN:
            raise ValidationError(self.workflow_messages["withdrawn_to_draft"])
        if self.is_published():
            raise ValidationError(self.workflow_messages["already_online"])
        if message := self.incompleteness_message():
            raise ValidationError(message, code="incomplete")

    # The pacts, people and organisations a release cites turn public with it.

    def publish_cited_records(self):
        """Make what this release cites public from its publication time: at once, or
        at the minute its embargo lifts. Called in the transaction that publishes or
        schedules it, and when Publication changes what a live release cites."""
        if self.status != self.Status.PUBLISHED or self.published_at is None:
            return
        partners.make_public(at=self.published_at, **self.cited_records())

    @classmethod
    def reconsider_pending_records(cls):
        """After a scheduled release is unscheduled, deleted or no longer cites a record:
        each record still waiting for a scheduled release's time is public from the
        first release that now cites it, or from its explicit publication, or stays
        private. Nothing already public changes. Few records wait at any time."""
        releases = cls.objects
        for record in partners.pending_records():
            first = releases.first_citing(record)
            partners.reconsider(record, first_citation=first and first.published_at)

    def _record(self, by, action, note="", then=None):
        self.updated_by = by
        self.full_clean()
        with transaction.atomic():
            self.save()
            self.record_event(action=action, user=by, note=note)
            if then is not None:
                then()

    def record_event(self, *, action, user, note):
        """One line of the editorial journal (`action`: a CommuniqueEvent.Action)."""
        CommuniqueEvent.objects.create(communique=self, action=action, user=user, note=note)
