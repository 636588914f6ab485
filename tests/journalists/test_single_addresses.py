"""Single addresses typed by the press officer, beside lists, segments and journalists."""

import pytest
from django.urls import reverse

from journalists import delivery
from journalists.models import Delivery, Sending, Suppression
from tests.factories import (
    make_communique,
    make_journalist,
    make_recipient_list,
    make_sending,
    make_staff_user,
)
from tests.html import soup

pytestmark = pytest.mark.django_db


def send(sending):
    delivery.launch(sending, by=make_staff_user(group="Publication"))
    delivery.Deliverer().run(seconds=30)


def recipients_of(messages):
    return sorted(message["To"].addresses[0].addr_spec for message in messages)


def test_single_addresses_receive_the_release(smtp_sink):
    sending = make_sending(communique=make_communique())
    sending.addresses = "redaction@lunion.fr\n\n  pigiste@gmail.com  \n"
    sending.save()
    send(sending)
    assert recipients_of(smtp_sink.messages) == ["pigiste@gmail.com", "redaction@lunion.fr"]


def test_an_address_named_twice_gets_one_message(smtp_sink):
    claire = make_journalist(name="Claire Martin", emails=["claire@lunion.fr"])
    sending = make_sending(
        communique=make_communique(), lists=[make_recipient_list(journalists=[claire])]
    )
    sending.addresses = "Claire@LUnion.fr\nclaire@lunion.fr"
    sending.save()
    send(sending)
    assert recipients_of(smtp_sink.messages) == ["claire@lunion.fr"]
    assert Delivery.objects.get().journalist == claire


def test_an_excluded_address_typed_by_hand_gets_nothing(smtp_sink):
    Suppression.add("parti@dna.fr", reason=Suppression.Reason.UNSUBSCRIBED)
    sending = make_sending(communique=make_communique())
    sending.addresses = "Parti@dna.fr\nreste@dna.fr"
    sending.save()
    send(sending)
    assert recipients_of(smtp_sink.messages) == ["reste@dna.fr"]
    assert Delivery.objects.count() == 1


def test_a_typed_address_known_to_the_directory_is_counted_for_its_journalist(smtp_sink):
    paul = make_journalist(name="Paul Durand", emails=["paul@dna.fr"])
    sending = make_sending(communique=make_communique())
    sending.addresses = "paul@dna.fr"
    sending.save()
    send(sending)
    assert Delivery.objects.get().journalist == paul


def test_invalid_lines_are_each_named_in_french_and_nothing_is_saved(client):
    client.force_login(make_staff_user(group="Rédaction"))
    response = client.post(
        reverse("admin:journalists_sending_add"),
        {
            "communique": make_communique().pk,
            "addresses": "claire@lunion.fr\npaul@\n\npas une adresse",
        },
    )
    errors = [item.get_text() for item in soup(response).select(".field-addresses .errorlist li")]
    assert errors == [
        "Ligne 2 : « paul@ » n’est pas une adresse de courriel valide.",
        "Ligne 4 : « pas une adresse » n’est pas une adresse de courriel valide.",
    ]
    assert not Sending.objects.exists()


def test_redaction_prepares_a_sending_to_single_addresses(client):
    client.force_login(make_staff_user(group="Rédaction"))
    client.post(
        reverse("admin:journalists_sending_add"),
        {"communique": make_communique().pk, "addresses": "claire@lunion.fr"},
    )
    assert Sending.objects.get().single_addresses() == ["claire@lunion.fr"]
