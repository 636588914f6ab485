"""Sending over a real SMTP server: the messages, their headers, the embargo."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from communiques.models import PreviewLink
from journalists import delivery
from journalists.models import Delivery, Sending, Suppression
from tests.factories import (
    attach_contact,
    make_communique,
    make_journalist,
    make_media,
    make_person,
    make_press_contact,
    make_quote,
    make_recipient_list,
    make_sending,
    make_staff_user,
)
from tests.journalists.smtp_sink import parts

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
LIFT = datetime.datetime(2019, 9, 5, 11, 0, tzinfo=PARIS)
BEFORE = datetime.datetime(2019, 9, 3, 15, 0, tzinfo=PARIS)


def publisher():
    return make_staff_user(group="Publication")


def embargoed_release(**fields):
    communique = make_communique(
        title="Signature du Pacte de Châlons",
        published=False,
        status="published",
        published_at=LIFT,
        lede="La Région signe le pacte à Châlons.",
        body="<p>Texte confidentiel jusqu’à jeudi.</p>",
        **fields,
    )
    make_quote(communique=communique, speaker=make_person(), text="Citation secrète.")
    return communique


def send(sending, *, at=None):
    delivery.launch(sending, by=publisher(), at=at)
    return delivery.Deliverer().run(seconds=30)


def test_before_the_embargo_each_journalist_gets_their_own_preview_link(smtp_sink):
    with time_machine.travel(BEFORE, tick=True):
        claire = make_journalist(name="Claire Martin", emails=["claire@lunion.fr"])
        paul = make_journalist(name="Paul Durand", emails=["paul@dna.fr"])
        send(make_sending(communique=embargoed_release(), journalists=[claire, paul]))
    links = {link.email: link for link in PreviewLink.objects.all()}
    assert set(links) == {"claire@lunion.fr", "paul@dna.fr"}
    by_recipient = {message["To"].addresses[0].addr_spec: message for message in smtp_sink.messages}
    for address, link in links.items():
        text, html = parts(by_recipient[address])
        assert link.get_absolute_url() in text
        assert link.get_absolute_url() in html
    assert links["claire@lunion.fr"].recipient_name == "Claire Martin"


def test_the_embargo_subject_gives_the_lifting_time_in_french(smtp_sink):
    with time_machine.travel(BEFORE, tick=True):
        journalist = make_journalist()
        send(make_sending(communique=embargoed_release(), journalists=[journalist]))
    [message] = smtp_sink.messages
    assert message["Subject"] == (
        "[Sous embargo jusqu’au jeudi 5 septembre 2019 à 11\u00a0h] Signature du Pacte de Châlons"
    )


def test_nothing_of_the_text_travels_by_email_before_the_embargo(smtp_sink):
    with time_machine.travel(BEFORE, tick=True):
        journalist = make_journalist()
        send(make_sending(communique=embargoed_release(), journalists=[journalist]))
    [message] = smtp_sink.messages
    for part in parts(message):
        assert "confidentiel" not in part
        assert "Citation secrète" not in part
        assert "La Région signe le pacte" not in part


def test_after_publication_the_message_carries_the_text_quotes_contacts_and_kit(smtp_sink):
    communique = make_communique(
        title="Inauguration du lycée", body="<p>Le lycée ouvre ses portes.</p>"
    )
    make_quote(communique=communique, speaker=make_person(), text="Un grand jour.")
    attach_contact(
        communique=communique,
        contact=make_press_contact(name="Sandrine Poirier", phones=["0684801148"]),
    )
    send(make_sending(communique=communique, journalists=[make_journalist()]))
    [message] = smtp_sink.messages
    text, html = parts(message)
    assert message["Subject"] == "Inauguration du lycée"
    assert not PreviewLink.objects.exists()
    for part in (text, html):
        assert "Le lycée ouvre ses portes." in part
        assert "Un grand jour." in part
        assert "Sandrine Poirier" in part
        assert communique.get_absolute_url() in part
        assert communique.get_kit_url() in part


def test_the_message_is_french_html_and_text_with_list_headers(smtp_sink, settings):
    journalist = make_journalist(name="Claire Martin", emails=["claire@lunion.fr"])
    sending = make_sending(communique=make_communique(), journalists=[journalist])
    send(sending)
    [message] = smtp_sink.messages
    row = Delivery.objects.get()
    assert message["Message-ID"] == f"<envoi-{sending.pk}-{row.pk}@grandest.fr>"
    assert (
        message["List-Id"] == "Communiqués de la Région Grand Est <communiques.presse.grandest.fr>"
    )
    assert message["Reply-To"] == settings.PRESS_OFFICE_EMAIL
    assert str(message["To"]) == "Claire Martin <claire@lunion.fr>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"{settings.SITE_URL}/abonnement/desinscription/")
    text, html = parts(message)
    assert '<html lang="fr">' in html
    assert "<h1" in html
    assert "<img" not in html
    assert unsubscribe in html
    assert f"Ne plus recevoir ces messages : {unsubscribe}" in text


def test_a_withdrawn_release_is_never_sent(smtp_sink):
    communique = make_communique()
    sending = make_sending(communique=communique, journalists=[make_journalist()])
    delivery.launch(sending, by=publisher())
    communique.withdraw(by=publisher(), reason="Erreur de date.")
    delivery.Deliverer().run(seconds=5)
    assert smtp_sink.messages == []
    assert Delivery.objects.get().state == "queued"


def test_a_withdrawn_release_cannot_be_launched():
    communique = make_communique()
    sending = make_sending(communique=communique, journalists=[make_journalist()])
    communique.withdraw(by=publisher(), reason="Erreur de date.")
    with pytest.raises(delivery.ValidationError):
        delivery.launch(sending, by=publisher())
    assert not Delivery.objects.exists()


def test_redaction_cannot_launch_a_sending():
    sending = make_sending(communique=make_communique(), journalists=[make_journalist()])
    with pytest.raises(PermissionDenied):
        delivery.launch(sending, by=make_staff_user(group="Rédaction"))
    assert not Delivery.objects.exists()


def test_a_forged_launch_post_by_redaction_is_refused_and_nothing_is_sent(client, smtp_sink):
    sending = make_sending(communique=make_communique(), journalists=[make_journalist()])
    client.force_login(make_staff_user(group="Rédaction"))
    response = client.post(reverse("admin:journalists_sending_launch", args=[sending.pk]))
    delivery.Deliverer().run(seconds=5)
    assert response.status_code == 403
    assert Sending.objects.get().state == "draft"
    assert smtp_sink.messages == []


def test_publication_launches_a_sending_from_the_admin(client, smtp_sink):
    sending = make_sending(communique=make_communique(), journalists=[make_journalist()])
    client.force_login(publisher())
    client.post(reverse("admin:journalists_sending_launch", args=[sending.pk]))
    delivery.Deliverer().run(seconds=5)
    assert len(smtp_sink.messages) == 1


def test_a_sending_set_for_later_waits_for_its_time(smtp_sink):
    sending = make_sending(communique=make_communique(), journalists=[make_journalist()])
    at = datetime.datetime(2030, 1, 7, 9, 0, tzinfo=PARIS)
    with time_machine.travel(datetime.datetime(2030, 1, 6, 9, 0, tzinfo=PARIS), tick=True):
        send(sending, at=at)
    assert smtp_sink.messages == []
    with time_machine.travel(at, tick=True):
        delivery.Deliverer().run(seconds=5)
    assert len(smtp_sink.messages) == 1


def test_each_address_is_sent_once_whatever_lists_and_choices_name_it(smtp_sink):
    journalist = make_journalist()
    sending = make_sending(
        communique=make_communique(),
        journalists=[journalist],
        lists=[make_recipient_list(journalists=[journalist])],
    )
    send(sending)
    assert len(smtp_sink.messages) == 1


def test_a_temporary_refusal_is_retried_later_with_a_delay(smtp_sink):
    journalist = make_journalist(emails=["later@lunion.fr"])
    send(make_sending(communique=make_communique(), journalists=[journalist]))
    row = Delivery.objects.get()
    assert (row.state, row.attempts) == ("queued", 1)
    assert row.error.startswith("451")
    assert row.next_attempt_at > row.sending.launched_at


def test_a_permanent_refusal_suppresses_the_address(smtp_sink):
    journalist = make_journalist(emails=["refuse@lunion.fr"])
    send(make_sending(communique=make_communique(), journalists=[journalist]))
    assert Delivery.objects.get().state == "refused"
    assert Suppression.objects.get().reason == "rejet"
    assert Suppression.blocks("refuse@lunion.fr")


def test_an_address_unsubscribed_after_the_launch_is_not_written_to(smtp_sink):
    journalist = make_journalist(emails=["claire@lunion.fr"])
    sending = make_sending(communique=make_communique(), journalists=[journalist])
    delivery.launch(sending, by=publisher())
    Suppression.add("claire@lunion.fr", reason=Suppression.Reason.UNSUBSCRIBED)
    delivery.Deliverer().run(seconds=5)
    assert smtp_sink.messages == []
    assert Delivery.objects.get().state == "refused"


def test_a_paused_sending_sends_nothing_until_resumed(smtp_sink):
    sending = make_sending(communique=make_communique(), journalists=[make_journalist()])
    delivery.launch(sending, by=publisher())
    delivery.pause(sending, by=publisher())
    delivery.Deliverer().run(seconds=5)
    assert smtp_sink.messages == []
    delivery.resume(sending, by=publisher())
    delivery.Deliverer().run(seconds=5)
    assert len(smtp_sink.messages) == 1


def test_a_cancelled_sending_sends_nothing(smtp_sink):
    sending = make_sending(communique=make_communique(), journalists=[make_journalist()])
    delivery.launch(sending, by=publisher())
    delivery.cancel(sending, by=publisher())
    delivery.Deliverer().run(seconds=5)
    assert smtp_sink.messages == []


def test_the_admin_counts_messages_by_state_and_preview_links_opened(client, smtp_sink):
    with time_machine.travel(BEFORE, tick=True):
        journalists = [
            make_journalist(emails=["claire@lunion.fr"]),
            make_journalist(emails=["refuse@lunion.fr"]),
            make_journalist(emails=["paul@dna.fr"]),
        ]
        sending = make_sending(communique=embargoed_release(), journalists=journalists)
        send(sending)
        Delivery.objects.get(email="claire@lunion.fr").preview_link.record_opening()
        client.force_login(publisher())
        page = client.get(reverse("admin:journalists_sending_changelist"))
    row = Sending.objects.with_counts().get()
    assert (row.queued_count, row.sent_count, row.failed_count, row.refused_count) == (0, 2, 0, 1)
    assert row.opened_count == 1
    assert page.status_code == 200


def test_the_admin_shows_what_a_journalist_received(client, smtp_sink):
    journalist = make_journalist(media=make_media())
    send(make_sending(communique=make_communique(title="Le lycée"), journalists=[journalist]))
    client.force_login(publisher())
    response = client.get(reverse("admin:journalists_journalist_change", args=[journalist.pk]))
    assert "Le lycée" in response.content.decode()


def test_redaction_previews_the_email_as_html_and_as_text(client):
    sending = make_sending(
        communique=make_communique(title="Inauguration du lycée"),
        journalists=[make_journalist()],
    )
    client.force_login(make_staff_user(group="Rédaction"))
    url = reverse("admin:journalists_sending_preview", args=[sending.pk])
    html = client.get(url)
    text = client.get(url, {"format": "texte"})
    assert "<h1" in html.content.decode()
    assert "sandbox" in html["Content-Security-Policy"]
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert "Inauguration du lycée" in text.content.decode()
    assert not Delivery.objects.exists()


def test_redaction_sends_a_test_to_themselves_only(client, mailoutbox):
    sending = make_sending(
        communique=make_communique(title="Inauguration du lycée"),
        journalists=[make_journalist()],
    )
    officer = make_staff_user(group="Rédaction")
    client.force_login(officer)
    client.post(reverse("admin:journalists_sending_test", args=[sending.pk]))
    [message] = mailoutbox
    assert message.to == [officer.email]
    assert message.subject == "[Essai] Inauguration du lycée"
    assert Sending.objects.get().state == "draft"


@pytest.mark.parametrize("audience", ["liste", "segment"])
def test_list_and_segment_members_get_nothing_of_the_text_before_the_embargo(smtp_sink, audience):
    from tests.factories import make_segment, make_theme

    with time_machine.travel(BEFORE, tick=True):
        theme = make_theme(name="Budget")
        journalist = make_journalist(beats=[theme])
        recipients = (
            {"lists": [make_recipient_list(journalists=[journalist])]}
            if audience == "liste"
            else {"segments": [make_segment(themes=[theme])]}
        )
        send(make_sending(communique=embargoed_release(), **recipients))
    [message] = smtp_sink.messages
    assert message["Subject"].startswith("[Sous embargo jusqu’au jeudi 5 septembre 2019")
    for part in parts(message):
        assert "confidentiel" not in part
        assert "Citation secrète" not in part
