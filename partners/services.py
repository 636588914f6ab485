"""Publishing partner records: explicitly by a Publication user, or with the release
that cites them (called by the release's workflow: this app never imports it)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grandest_press.content_state import invalidate
from partners.models import Organisation, Person, TerritorialPact

# The release that makes a record public, for the admin to say why it is: the app that
# publishes releases registers it at start-up (this app never imports it).
_first_citing = []


def register_first_citing(function) -> None:
    """`function(record)`: the first published or scheduled release citing `record`,
    or None."""
    _first_citing[:] = [function]


def first_citing(record):
    """The release whose publication makes `record` public, or None."""
    return _first_citing[0](record) if _first_citing else None


def publish_permission(model) -> str:
    """The permission to publish records of `model` ("partners.publish_person")."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def named_by_pacts(pacts):
    """(people, organisations) a pact's page names as parties: its territories, its
    signatories, those present at its signing and the partners of its axes. They turn
    public with the pact."""
    people = Person.objects.filter(
        Q(pact_signatures__pact__in=pacts) | Q(pact_attendances__pact__in=pacts)
    )
    organisations = Organisation.objects.filter(
        Q(territorial_pacts__in=pacts)
        | Q(pact_signatures__pact__in=pacts)
        | Q(pact_axes__pact__in=pacts)
    )
    return people, organisations


def make_public(*, at: datetime.datetime, pacts=None, people=None, organisations=None) -> None:
    """Make these records public from `at`, a moment that may be to come (a scheduled
    release): each keeps the earliest of its own `public_since` and `at`. A pact brings
    the parties its page names (named_by_pacts). Querysets, or None for none."""
    querysets = []
    if pacts is not None:
        querysets.append(pacts)
        querysets.extend(named_by_pacts(pacts.values("pk")))
    querysets += [q for q in (people, organisations) if q is not None]
    changed = 0
    with transaction.atomic():
        for queryset in querysets:
            later = queryset.model.objects.filter(pk__in=queryset.values("pk")).filter(
                Q(public_since__isnull=True) | Q(public_since__gt=at)
            )
            changed += later.update(public_since=at)
        if changed:
            invalidate()


def publish(record, *, by) -> None:
    """A Publication user publishes `record` now (a pact with the parties it names).

    Raises PermissionDenied for anyone without the model's publish permission."""
    if not by.has_perm(publish_permission(type(record))):
        raise PermissionDenied(_("Vous n’avez pas le droit de publier cette fiche."))
    if record.is_public():
        raise ValidationError(_("Cette fiche est déjà publique."))
    now = timezone.now()
    model = type(record)
    with transaction.atomic():
        if model is TerritorialPact:
            make_public(at=now, pacts=model.objects.filter(pk=record.pk))
        else:
            make_public(at=now, **{_ARGUMENT[model]: model.objects.filter(pk=record.pk)})
        model.objects.filter(pk=record.pk).update(explicitly_published_at=now, published_by=by)
    record.refresh_from_db()


_ARGUMENT = {TerritorialPact: "pacts", Person: "people", Organisation: "organisations"}


def pending_records():
    """Pacts, people and organisations waiting for the time of a scheduled release."""
    for model in (TerritorialPact, Person, Organisation):
        yield from model.objects.private().filter(public_since__isnull=False)


def reconsider(record, *, first_citation: datetime.datetime | None) -> None:
    """A release that would have made `record` public at a time still to come was
    unscheduled: it is public from its next citing release's time (`first_citation`,
    None if none), or when it was published explicitly, or not at all. A record
    already public stays so."""
    if record.is_public():
        return
    moments = [m for m in (first_citation, record.explicitly_published_at) if m is not None]
    public_since = min(moments, default=None)
    if public_since != record.public_since:
        record.public_since = public_since
        record.save(update_fields=["public_since"])
