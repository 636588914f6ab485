"""Releases put in a given workflow state and the admin URLs of the workflow,
for the workflow tests."""

import datetime

from django.urls import reverse
from django.utils import timezone

from communiques.models import Communique
from tests.factories import make_communique

Status = Communique.Status
HOUR = datetime.timedelta(hours=1)


def make_in_state(state, **fields):
    """A release in one of the workflow's states."""
    now = timezone.now()
    if state == "draft":
        return make_communique(published=False, **fields)
    if state == "review":
        return make_communique(published=False, status=Status.REVIEW, **fields)
    if state == "scheduled":
        return make_communique(published=True, published_at=now + 24 * HOUR, **fields)
    if state == "published":
        return make_communique(published=True, published_at=now - HOUR, **fields)
    if state == "withdrawn":
        return make_communique(
            published=False,
            status=Status.WITHDRAWN,
            published_at=now - 2 * HOUR,
            withdrawn_at=now - HOUR,
            withdrawal_reason="Erreur sur les montants.",
            **fields,
        )
    raise ValueError(state)


def transition_url(communique, name):
    return reverse("admin:communiques_communique_transition", args=[communique.pk, name])


def state_of(communique) -> str:
    communique.refresh_from_db()
    if communique.status == Status.PUBLISHED:
        return "scheduled" if communique.is_scheduled else "published"
    return communique.status


def change_url(communique):
    return reverse("admin:communiques_communique_change", args=[communique.pk])
