"""When a pact, a person or an organisation is public: published explicitly by
Publication, or with the first release that cites it, at that release's minute."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from partners import services
from partners.models import Organisation, Person, TerritorialPact
from tests.factories import (
    attach_contact,
    make_attendee,
    make_communique,
    make_organisation,
    make_pact,
    make_person,
    make_press_contact,
    make_quote,
    make_signatory,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

SECOND = datetime.timedelta(seconds=1)
LIFT = datetime.datetime(2030, 9, 5, 9, 0, tzinfo=datetime.UTC)


def cited_by_a_draft():
    """A draft release citing private records in each way a release can cite one."""
    pact = make_pact(public=False)
    territory = make_organisation(public=False)
    pact.territories.set([territory])
    signer = make_person(public=False)
    signing_organisation = make_organisation(public=False)
    make_signatory(pact=pact, organisation=signing_organisation, person=signer)
    attendee = make_person(public=False)
    make_attendee(pact=pact, person=attendee)
    cited = make_organisation(public=False)
    speaker = make_person(public=False)
    speaking_for = make_organisation(public=False)
    contact_organisation = make_organisation(public=False)
    communique = make_communique(published=False, pacts=[pact], organisations=[cited])
    make_quote(communique=communique, speaker=speaker, organisation=speaking_for)
    attach_contact(
        communique=communique, contact=make_press_contact(organisation=contact_organisation)
    )
    records = [
        pact,
        territory,
        signer,
        signing_organisation,
        attendee,
        cited,
        speaker,
        speaking_for,
        contact_organisation,
    ]
    return communique, records


def public_now(records):
    return [type(r).objects.public().filter(pk=r.pk).exists() for r in records]


def test_a_new_record_is_private():
    for record in (make_pact(public=False), make_person(public=False)):
        assert not record.is_public()
    assert not TerritorialPact.objects.public().exists()
    assert not Person.objects.public().exists()


def test_a_record_made_by_the_orm_with_no_state_is_private():
    organisation = Organisation.objects.create(name="Vallée de la Bruche", slug="bruche")
    assert organisation.public_since is None
    assert not Organisation.objects.public().filter(pk=organisation.pk).exists()


def test_publishing_a_release_makes_everything_it_cites_public_at_once():
    publisher = make_staff_user(group="Publication")
    communique, records = cited_by_a_draft()
    communique.publish(by=publisher)
    assert public_now(records) == [True] * len(records)
    for record in records:
        record.refresh_from_db()
        assert record.public_since == communique.published_at
        assert record.is_public()


def test_scheduling_a_release_lifts_what_it_cites_at_its_minute_not_before(time_machine):
    time_machine.move_to(LIFT - datetime.timedelta(days=1), tick=False)
    publisher = make_staff_user(group="Publication")
    communique, records = cited_by_a_draft()
    communique.schedule(by=publisher, at=LIFT)
    time_machine.move_to(LIFT - SECOND, tick=False)
    assert public_now(records) == [False] * len(records)
    assert not any(type(r).objects.get(pk=r.pk).is_public() for r in records)
    time_machine.move_to(LIFT, tick=False)
    assert public_now(records) == [True] * len(records)
    assert all(type(r).objects.get(pk=r.pk).is_public() for r in records)


def test_an_earlier_release_wins(time_machine):
    time_machine.move_to(LIFT - datetime.timedelta(days=1), tick=False)
    publisher = make_staff_user(group="Publication")
    pact = make_pact(public=False)
    later = make_communique(published=False, pacts=[pact])
    earlier = make_communique(published=False, pacts=[pact])
    later.schedule(by=publisher, at=LIFT + datetime.timedelta(hours=2))
    earlier.schedule(by=publisher, at=LIFT)
    pact.refresh_from_db()
    assert pact.public_since == LIFT


def test_unscheduling_falls_back_on_the_next_citing_release(time_machine):
    time_machine.move_to(LIFT - datetime.timedelta(days=1), tick=False)
    publisher = make_staff_user(group="Publication")
    person = make_person(public=False)
    first = make_communique(published=False)
    make_quote(communique=first, speaker=person)
    second = make_communique(published=False)
    make_quote(communique=second, speaker=person)
    first.schedule(by=publisher, at=LIFT)
    second.schedule(by=publisher, at=LIFT + datetime.timedelta(hours=3))
    first.return_to_draft(by=publisher)
    person.refresh_from_db()
    assert person.public_since == LIFT + datetime.timedelta(hours=3)
    second.return_to_draft(by=publisher)
    person.refresh_from_db()
    assert person.public_since is None
    time_machine.move_to(LIFT + datetime.timedelta(days=1), tick=False)
    assert not Person.objects.public().filter(pk=person.pk).exists()


def test_unscheduling_never_unpublishes_a_record_public_by_another_release(time_machine):
    time_machine.move_to(LIFT - datetime.timedelta(days=1), tick=False)
    publisher = make_staff_user(group="Publication")
    communique, records = cited_by_a_draft()
    online = make_communique(published=False, pacts=[records[0]])
    online.publish(by=publisher)
    communique.schedule(by=publisher, at=LIFT)
    communique.return_to_draft(by=publisher)
    pact, territory, signer = (type(r).objects.get(pk=r.pk) for r in records[:3])
    assert pact.is_public() and territory.is_public() and signer.is_public()
    speaker = Person.objects.get(pk=records[6].pk)
    assert speaker.public_since is None


def test_unscheduling_keeps_a_record_published_explicitly(time_machine):
    time_machine.move_to(LIFT - datetime.timedelta(days=1), tick=False)
    publisher = make_staff_user(group="Publication")
    organisation = make_organisation(public=False)
    communique = make_communique(published=False, organisations=[organisation])
    communique.schedule(by=publisher, at=LIFT)
    services.publish(organisation, by=publisher)
    communique.return_to_draft(by=publisher)
    organisation.refresh_from_db()
    assert organisation.is_public()
    assert organisation.published_by == publisher


def test_publication_publishes_a_pact_with_the_parties_its_page_names():
    publisher = make_staff_user(group="Publication")
    pact = make_pact(public=False)
    territory = make_organisation(public=False)
    pact.territories.set([territory])
    signer = make_person(public=False)
    make_signatory(pact=pact, person=signer, organisation=make_organisation(public=False))
    bystander = make_person(public=False)
    services.publish(pact, by=publisher)
    assert pact.is_public()
    assert pact.published_by == publisher
    assert pact.explicitly_published_at == pact.public_since
    territory.refresh_from_db()
    signer.refresh_from_db()
    bystander.refresh_from_db()
    assert territory.is_public() and signer.is_public()
    assert not bystander.is_public()


@pytest.mark.parametrize("factory", [make_pact, make_person, make_organisation])
def test_redaction_may_not_publish_a_record(factory):
    writer = make_staff_user(group="Rédaction")
    record = factory(public=False)
    with pytest.raises(PermissionDenied):
        services.publish(record, by=writer)
    record.refresh_from_db()
    assert record.public_since is None and record.published_by is None


def test_publishing_a_record_starts_a_new_content_generation():
    from grandest_press.models import ContentGeneration

    before = ContentGeneration.current()
    services.publish(make_person(public=False), by=make_staff_user(group="Publication"))
    assert ContentGeneration.current() != before


class TestDataMigration:
    """Records in the database when the public state arrives."""

    migration = importlib.import_module("communiques.migrations.0015_cited_partner_records_public")

    def test_records_cited_by_a_published_release_become_public_from_its_time(self):
        communique, records = cited_by_a_draft()
        communique.status = "published"
        communique.published_at = timezone.now() - datetime.timedelta(days=3)
        communique.save()
        from grandest_press.models import ContentGeneration

        ContentGeneration.bump()  # the row the migrations create
        before = ContentGeneration.current()
        self.migration.make_cited_records_public(apps, None)
        assert ContentGeneration.current() == before + 1  # no page cached before is served
        for record in records:
            record.refresh_from_db()
            assert record.public_since == communique.published_at

    def test_a_scheduled_release_keeps_its_minute_and_the_earliest_wins(self):
        pact, other = make_pact(public=False), make_pact(public=False)
        scheduled, earlier = (
            make_communique(
                published=True,
                published_at=timezone.now() + datetime.timedelta(days=days),
                pacts=[pact],
            )
            for days in (5, -2)
        )
        scheduled.pacts.add(other)
        self.migration.make_cited_records_public(apps, None)
        pact.refresh_from_db()
        other.refresh_from_db()
        assert pact.public_since == earlier.published_at
        assert other.public_since == scheduled.published_at
        assert not other.is_public()

    def test_records_of_drafts_withdrawn_releases_and_none_stay_private(self):
        _draft, cited = cited_by_a_draft()
        withdrawn = make_communique(
            published=False,
            status="withdrawn",
            published_at=timezone.now() - datetime.timedelta(days=2),
            withdrawn_at=timezone.now() - datetime.timedelta(days=1),
            pacts=[make_pact(public=False)],
        )
        alone = make_person(public=False)
        self.migration.make_cited_records_public(apps, None)
        for record in [*cited, withdrawn.pacts.get(), alone]:
            record.refresh_from_db()
            assert record.public_since is None


def test_deleting_a_scheduled_release_keeps_what_it_cited_private(time_machine):
    time_machine.move_to(LIFT - datetime.timedelta(days=1), tick=False)
    communique, records = cited_by_a_draft()
    communique.schedule(by=make_staff_user(group="Publication"), at=LIFT)
    communique.delete()
    time_machine.move_to(LIFT + SECOND, tick=False)
    assert public_now(records) == [False] * len(records)


def test_publication_removing_a_pact_from_a_scheduled_release_keeps_it_private(
    client, time_machine
):
    from tests.factories import communique_form_data

    time_machine.move_to(LIFT - datetime.timedelta(days=1), tick=False)
    publisher = make_staff_user(group="Publication")
    pact, kept = make_pact(public=False), make_pact(public=False)
    communique = make_communique(published=False, pacts=[pact, kept])
    communique.schedule(by=publisher, at=LIFT)
    communique.refresh_from_db()
    client.force_login(publisher)
    response = client.post(
        reverse("admin:communiques_communique_change", args=[communique.pk]),
        communique_form_data(
            communique,
            pacts=[kept.pk],
            status=communique.status,
            published_at_0=LIFT.date().isoformat(),
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    pact.refresh_from_db()
    kept.refresh_from_db()
    assert pact.public_since is None
    assert kept.public_since == LIFT
