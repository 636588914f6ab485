"""Rectificatifs and withdrawals sent to the recipients who received the release."""

import pytest
from django.urls import reverse

from communiques.models import Correction
from journalists import delivery
from journalists.models import Delivery, Sending, Suppression
from tests.factories import (
    make_communique,
    make_journalist,
    make_person,
    make_quote,
    make_recipient_list,
    make_sending,
    make_staff_user,
)
from tests.html import soup
from tests.journalists.smtp_sink import parts

pytestmark = pytest.mark.django_db


def publisher():
    return make_staff_user(group="Publication")


def sent_release(*journalists, **fields):
    """A release sent to the journalists' list, its messages delivered."""
    communique = make_communique(title="Signature du Pacte de Châlons", **fields)
    newsroom = make_recipient_list(journalists=journalists)
    sending = make_sending(communique=communique, lists=[newsroom])
    delivery.launch(sending, by=publisher())
    delivery.Deliverer().run(seconds=30)
    return sending


def recipients_of(messages):
    return {message["To"].addresses[0].addr_spec for message in messages}


def launch_follow_up(communique):
    follow_up = delivery.prepare_follow_up(communique, by=make_staff_user(group="Rédaction"))
    delivery.launch(follow_up, by=publisher())
    delivery.Deliverer().run(seconds=30)
    return follow_up


def test_a_rectificatif_goes_to_exactly_the_addresses_that_received_the_release(smtp_sink):
    claire = make_journalist(emails=["claire@lunion.fr"])
    paul = make_journalist(emails=["paul@dna.fr"])
    bounced = make_journalist(emails=["refuse@estrepublicain.fr"])
    delayed = make_journalist(emails=["later@vosgesmatin.fr"])
    sending = sent_release(claire, paul, bounced, delayed)
    newcomer = make_journalist(emails=["nouveau@lalsace.fr"])
    sending.recipient_lists.get().journalists.add(newcomer)
    Suppression.add("paul@dna.fr", reason=Suppression.Reason.UNSUBSCRIBED)
    Correction.objects.create(communique=sending.communique, text="La signature a lieu à 15 h.")
    already = len(smtp_sink.messages)

    launch_follow_up(sending.communique)

    assert recipients_of(smtp_sink.messages[already:]) == {"claire@lunion.fr"}


def test_a_rectificatif_says_the_correction_under_a_rectificatif_subject(smtp_sink):
    sending = sent_release(make_journalist(emails=["claire@lunion.fr"]))
    Correction.objects.create(communique=sending.communique, text="La signature a lieu à 15 h.")

    launch_follow_up(sending.communique)

    notice = smtp_sink.messages[-1]
    assert notice["Subject"] == "Rectificatif : Signature du Pacte de Châlons"
    for part in parts(notice):
        assert "La signature a lieu à 15" in part
        assert sending.communique.get_absolute_url() in part
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_withdrawal_notice_gives_the_reason_and_never_the_text_of_the_release(smtp_sink):
    sending = sent_release(
        make_journalist(emails=["claire@lunion.fr"]),
        lede="Chapeau confidentiel.",
        body="<p>Texte à ne plus diffuser.</p>",
    )
    make_quote(communique=sending.communique, speaker=make_person(), text="Citation retirée.")
    sending.communique.withdraw(by=publisher(), reason="Erreur sur la date de signature.")

    launch_follow_up(sending.communique)

    notice = smtp_sink.messages[-1]
    assert notice["Subject"] == "Retrait : Signature du Pacte de Châlons"
    for part in parts(notice):
        assert "Erreur sur la date de signature." in part
        assert "Chapeau confidentiel" not in part
        assert "Texte à ne plus diffuser" not in part
        assert "Citation retirée" not in part


def test_nothing_to_follow_up_for_a_release_never_delivered():
    communique = make_communique()
    Correction.objects.create(communique=communique, text="Correction.")
    with pytest.raises(delivery.ValidationError):
        delivery.prepare_follow_up(communique, by=publisher())
    assert not Sending.objects.exists()


def test_the_sending_page_offers_the_withdrawal_notice_once_the_release_is_withdrawn(
    client, smtp_sink
):
    sending = sent_release(make_journalist())
    client.force_login(make_staff_user(group="Rédaction"))
    url = reverse("admin:journalists_sending_change", args=[sending.pk])
    assert soup(client.get(url)).select_one("#sending-follow-up") is None

    sending.communique.withdraw(by=publisher(), reason="Erreur.")

    offer = soup(client.get(url)).select_one("#sending-follow-up")
    assert "Préparer l’avis de retrait" in offer.get_text()


def test_redaction_prepares_the_notice_but_a_forged_launch_is_refused(client, smtp_sink):
    sending = sent_release(make_journalist())
    sending.communique.withdraw(by=publisher(), reason="Erreur.")
    client.force_login(make_staff_user(group="Rédaction"))
    already = len(smtp_sink.messages)

    client.post(reverse("admin:journalists_sending_follow_up", args=[sending.pk]))
    notice = Sending.objects.get(kind=Sending.Kind.WITHDRAWAL)
    response = client.post(reverse("admin:journalists_sending_launch", args=[notice.pk]))
    delivery.Deliverer().run(seconds=5)

    assert response.status_code == 403
    assert notice.state == Sending.State.DRAFT
    assert not notice.deliveries.exists()
    assert len(smtp_sink.messages) == already


def test_publication_launches_the_withdrawal_notice_from_the_admin(client, smtp_sink):
    sending = sent_release(make_journalist(emails=["claire@lunion.fr"]))
    sending.communique.withdraw(by=publisher(), reason="Erreur.")
    client.force_login(publisher())
    client.post(reverse("admin:journalists_sending_follow_up", args=[sending.pk]))
    notice = Sending.objects.get(kind=Sending.Kind.WITHDRAWAL)

    client.post(reverse("admin:journalists_sending_launch", args=[notice.pk]))
    delivery.Deliverer().run(seconds=5)

    assert smtp_sink.messages[-1]["Subject"].startswith("Retrait : ")
    assert notice.deliveries.get().state == Delivery.State.SENT


def test_preparing_a_notice_is_refused_on_a_get_request(client, smtp_sink):
    sending = sent_release(make_journalist())
    sending.communique.withdraw(by=publisher(), reason="Erreur.")
    client.force_login(publisher())
    response = client.get(reverse("admin:journalists_sending_follow_up", args=[sending.pk]))
    assert response.status_code == 403
    assert not Sending.objects.filter(kind=Sending.Kind.WITHDRAWAL).exists()


def test_the_notice_page_shows_its_explanation_and_its_preview(client, smtp_sink):
    sending = sent_release(make_journalist())
    Correction.objects.create(communique=sending.communique, text="La signature a lieu à 15 h.")
    notice = delivery.prepare_follow_up(sending.communique, by=publisher())
    client.force_login(make_staff_user(group="Rédaction"))

    page = client.get(reverse("admin:journalists_sending_change", args=[notice.pk]))
    preview = client.get(reverse("admin:journalists_sending_preview", args=[notice.pk]))

    assert "La signature a lieu à 15 h." in soup(page).select_one("#id_note").get_text()
    assert "Rectificatif : Signature du Pacte de Châlons" in preview.content.decode()


def test_the_sending_list_tells_a_withdrawal_notice_from_the_release(client, smtp_sink):
    sending = sent_release(make_journalist())
    sending.communique.withdraw(by=publisher(), reason="Erreur.")
    delivery.prepare_follow_up(sending.communique, by=publisher())
    client.force_login(make_staff_user(group="Rédaction"))
    page = soup(client.get(reverse("admin:journalists_sending_changelist")))
    kinds = [cell.get_text() for cell in page.select("#result_list td.field-kind")]
    assert sorted(kinds) == ["Communiqué", "Retrait"]
