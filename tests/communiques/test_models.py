import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from communiques.models import Communique, PressContact, PressContactPhone, Quote
from tests.factories import (
    make_communique,
    make_mandate,
    make_organisation,
    make_person,
    make_press_contact,
    make_quote,
    make_theme,
)

pytestmark = pytest.mark.django_db


class TestPublishedQuerySet:
    def test_published_release_in_the_past_is_visible(self):
        communique = make_communique(published=True)
        assert list(Communique.objects.published()) == [communique]
        assert communique.is_published()

    def test_draft_is_not_visible(self):
        communique = make_communique(published=False)
        assert not Communique.objects.published().exists()
        assert not communique.is_published()

    def test_published_status_with_a_future_date_is_not_yet_visible(self):
        with_future_date = timezone.now() + datetime.timedelta(minutes=5)
        communique = make_communique(published=True, published_at=with_future_date)
        assert not Communique.objects.published().exists()
        assert not communique.is_published()

    def test_release_becomes_visible_exactly_at_its_publication_time(self, time_machine):
        moment = datetime.datetime(2019, 9, 5, 11, 0, tzinfo=datetime.UTC)
        time_machine.move_to(moment - datetime.timedelta(seconds=1), tick=False)
        communique = make_communique(published=True, published_at=moment)
        assert not Communique.objects.published().exists()
        assert not communique.is_published()

        time_machine.move_to(moment, tick=False)
        assert list(Communique.objects.published()) == [communique]
        assert communique.is_published()

    def test_database_refuses_a_published_release_without_date(self):
        communique = make_communique(published=False)
        with pytest.raises(IntegrityError), transaction.atomic():
            Communique.objects.filter(pk=communique.pk).update(status=Communique.Status.PUBLISHED)


class TestSlugAndValidation:
    def test_duplicate_slug_is_refused_with_a_clear_message(self):
        existing = make_communique()
        duplicate = Communique(title="Autre titre", slug=existing.slug)
        with pytest.raises(ValidationError) as error:
            duplicate.full_clean()
        assert "slug" in error.value.message_dict

    def test_duplicate_slug_is_refused_by_the_database(self):
        existing = make_communique()
        with pytest.raises(IntegrityError), transaction.atomic():
            Communique.objects.create(title="Autre titre", slug=existing.slug)


class TestBodySanitization:
    def test_script_and_event_handlers_are_removed_on_save(self):
        communique = make_communique(
            body='<p onclick="steal()">Texte <script>alert(1)</script><a href="javascript:x()">'
            "lien</a></p>"
        )
        communique.refresh_from_db()
        assert "script" not in communique.body
        assert "onclick" not in communique.body
        assert "javascript:" not in communique.body
        assert communique.body.startswith("<p>Texte")

    def test_formatting_a_release_needs_survives(self):
        body = (
            "<h2>Intertitre</h2><p><strong>Gras</strong> et <em>italique</em></p>"
            '<ul><li>un</li></ul><p><a href="https://www.grandest.fr/">lien</a></p>'
        )
        communique = make_communique(body=body)
        communique.refresh_from_db()
        assert "<h2>Intertitre</h2>" in communique.body
        assert "<strong>Gras</strong>" in communique.body
        assert "<em>italique</em>" in communique.body
        assert "<ul><li>un</li></ul>" in communique.body
        assert 'href="https://www.grandest.fr/"' in communique.body

    def test_empty_editor_paragraph_is_stored_as_empty(self):
        communique = make_communique(body="<p></p>")
        communique.refresh_from_db()
        assert communique.body == ""


class TestQuoteRoleOnDate:
    """A release keeps the title its speaker held on its date."""

    def setup_method(self):
        self.region = make_organisation(
            name="Région Grand Est", name_with_preposition="de la Région Grand Est"
        )
        self.person = make_person(first_name="Jean", last_name="Rottner")
        make_mandate(
            person=self.person,
            organisation=self.region,
            title="Président",
            start_date=datetime.date(2017, 10, 20),
            end_date=datetime.date(2022, 1, 12),
        )
        make_mandate(
            person=self.person,
            organisation=self.region,
            title="Conseiller régional",
            start_date=datetime.date(2022, 1, 13),
        )

    def test_old_release_shows_the_role_held_then(self):
        old = make_communique(event_date=datetime.date(2019, 9, 5))
        quote = make_quote(communique=old, speaker=self.person)
        assert quote.speaker_mandate.role_label == "Président de la Région Grand Est"

    def test_new_release_shows_the_current_role(self):
        new = make_communique(event_date=datetime.date(2023, 3, 1))
        quote = make_quote(communique=new, speaker=self.person)
        assert quote.speaker_mandate.role_label == "Conseiller régional de la Région Grand Est"

    def test_release_without_event_date_uses_its_publication_date(self):
        published_at = datetime.datetime(2020, 6, 1, 10, 0, tzinfo=datetime.UTC)
        communique = make_communique(published_at=published_at)
        quote = make_quote(communique=communique, speaker=self.person)
        assert quote.speaker_mandate.title == "Président"

    def test_speaker_without_mandate_on_that_date_has_no_role(self):
        communique = make_communique(event_date=datetime.date(2010, 1, 1))
        quote = make_quote(communique=communique, speaker=self.person)
        assert quote.speaker_mandate is None


class TestWindow:
    """window(offset, limit): a slice read through a subquery of keys, for deep pages."""

    def test_reads_the_slice_slicing_reads_in_its_order(self):
        now = timezone.now()
        same_moment = now - datetime.timedelta(days=3)
        for days in [5, 1, 9, 2, 7]:
            make_communique(published_at=now - datetime.timedelta(days=days))
        # Equal publication times: Meta.ordering's second key decides, in both reads.
        make_communique(published_at=same_moment)
        make_communique(published_at=same_moment)
        make_communique(published=False)
        public = Communique.objects.published()
        for offset, limit in [(0, 3), (2, 3), (5, 10), (7, 3)]:
            assert list(public.window(offset, limit)) == list(public[offset : offset + limit])

    def test_keeps_filters_and_an_explicit_order(self):
        theme = make_theme()
        titled = [make_communique(title=title, themes=[theme]) for title in "DBCA"]
        make_communique(title="E")  # another theme: filtered out
        chosen = Communique.objects.published().filter(themes=theme).order_by("title")
        assert [c.title for c in chosen.window(1, 2)] == ["B", "C"]
        assert set(chosen.window(0, 10)) == set(titled)


def test_quote_guillemets_typed_by_the_officer_are_not_doubled():
    quote = make_quote(communique=make_communique(), text="« Nous signons. »")
    quote.refresh_from_db()
    assert quote.text == "Nous signons."


def test_published_quotes_only_come_from_public_releases():
    speaker = make_person()
    public = make_quote(communique=make_communique(published=True), speaker=speaker)
    make_quote(communique=make_communique(published=False), speaker=speaker)
    assert list(Quote.objects.published()) == [public]


class TestPressContact:
    def test_phone_numbers_are_stored_in_e164(self):
        contact = make_press_contact(phones=["06 84 80 11 48", "03 26 70 74 36"])
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT number FROM {PressContactPhone._meta.db_table} "
                'WHERE contact_id = %s ORDER BY "order"',
                [contact.pk],
            )
            stored = [row[0] for row in cursor.fetchall()]
        assert stored == ["+33684801148", "+33326707436"]

    def test_invalid_phone_number_is_refused_in_french(self):
        contact = make_press_contact()
        phone = PressContactPhone(contact=contact, number="12")
        with pytest.raises(ValidationError) as error:
            phone.full_clean()
        assert "number" in error.value.message_dict

    def test_service_mailbox_needs_no_name(self):
        contact = make_press_contact(name="", email="presse@grandest.fr")
        contact.full_clean()
        assert str(contact) == "presse@grandest.fr"

    def test_contact_needs_a_name_or_an_email(self):
        contact = PressContact(name="", email="", organisation=make_organisation())
        with pytest.raises(ValidationError) as error:
            contact.full_clean()
        assert "Indiquez au moins un nom ou un courriel." in error.value.messages


def test_deleting_a_quoted_person_is_refused():
    from django.db.models import ProtectedError

    speaker = make_person()
    make_quote(communique=make_communique(), speaker=speaker)
    with pytest.raises(ProtectedError):
        speaker.delete()


def test_deleting_an_organisation_with_press_contacts_is_refused():
    from django.db.models import ProtectedError

    contact = make_press_contact()
    with pytest.raises(ProtectedError):
        contact.organisation.delete()
    assert PressContact.objects.filter(pk=contact.pk).exists()
