"""Alerts on the public site: double opt-in, preferences, alerts at publication."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail as outbox
from django.urls import reverse

from journalists import mail, tasks
from journalists.models import Subscriber, Suppression
from tests.factories import make_communique, make_staff_user, make_theme
from tests.html import soup

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def subscribe(client, email="lecteur@exemple.fr", **choices):
    return client.post(reverse("journalists:subscribe"), {"email": email, **choices})


def confirmation_path(message):
    [url] = re.findall(r"http\S+/abonnement/confirmer/\S+/", message.body)
    return url.removeprefix(mail.settings.SITE_URL)


def test_subscribing_mails_a_confirmation_link_and_stores_nothing_yet(client, mailoutbox):
    response = subscribe(client, all_releases="on")
    assert soup(response).h1.get_text() == "Confirmez votre adresse"
    [message] = mailoutbox
    assert message.to == ["lecteur@exemple.fr"]
    assert "/abonnement/confirmer/" in message.body
    assert not Subscriber.objects.exists()


def test_the_answer_is_the_same_whether_the_address_is_known_or_not(client, mailoutbox):
    known = Subscriber.objects.create(email="connu@exemple.fr", all_releases=True)
    known_page = subscribe(client, email=known.email, all_releases="on").content
    unknown_page = subscribe(client, email="inconnu@exemple.fr", all_releases="on").content
    assert known_page.replace(b"connu@", b"X@") == unknown_page.replace(b"inconnu@", b"X@")
    assert len(mailoutbox) == 2


def test_a_subscription_without_any_choice_is_refused_in_french(client, mailoutbox):
    response = subscribe(client)
    assert "Choisissez au moins un thème" in response.content.decode()
    assert mailoutbox == []


def test_opening_the_confirmation_link_asks_for_a_click_and_the_click_confirms(client, mailoutbox):
    theme = make_theme(name="Culture")
    subscribe(client, themes=[theme.pk])
    path = confirmation_path(mailoutbox[0])
    assert soup(client.get(path)).select_one("form button").get_text() == (
        "Confirmer mon abonnement"
    )
    assert not Subscriber.objects.exists()
    client.post(path)
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is not None
    assert list(subscriber.themes.all()) == [theme]


def test_a_confirmation_link_expires_after_three_days(client, mailoutbox):
    subscribe(client, all_releases="on")
    path = confirmation_path(mailoutbox[0])
    with time_machine.travel(datetime.timedelta(days=3, minutes=1)):
        response = client.post(path)
    assert response.status_code == 410
    assert not Subscriber.objects.exists()


def test_a_fresh_confirmation_lifts_an_earlier_unsubscription_but_never_a_bounce(
    client, mailoutbox
):
    Suppression.add("lecteur@exemple.fr", reason=Suppression.Reason.UNSUBSCRIBED)
    Suppression.add("rejete@exemple.fr", reason=Suppression.Reason.BOUNCED)
    for email in ("lecteur@exemple.fr", "rejete@exemple.fr"):
        subscribe(client, email=email, all_releases="on")
    for message in mailoutbox:
        client.post(confirmation_path(message))
    assert not Suppression.blocks("lecteur@exemple.fr")
    assert Suppression.blocks("rejete@exemple.fr")


def test_requests_past_three_an_hour_for_one_address_are_refused(client, mailoutbox):
    statuses = [subscribe(client, all_releases="on").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert len(mailoutbox) == 3


def test_requests_past_ten_an_hour_from_one_client_are_refused(client, mailoutbox):
    statuses = [
        subscribe(client, email=f"l{n}@exemple.fr", all_releases="on").status_code
        for n in range(11)
    ]
    assert statuses[-1] == 429
    assert len(mailoutbox) == 10


def confirmed_subscriber(**fields):
    from django.utils import timezone

    themes = fields.pop("themes", ())
    subscriber = Subscriber.objects.create(confirmed_at=timezone.now(), **fields)
    subscriber.themes.set(themes)
    return subscriber


def test_the_preferences_page_changes_the_choices_by_its_signed_link(client):
    culture, sport = make_theme(name="Culture"), make_theme(name="Sport")
    subscriber = confirmed_subscriber(email="lecteur@exemple.fr", themes=[culture])
    path = mail.preferences_url(subscriber).removeprefix(mail.settings.SITE_URL)
    page = soup(client.get(path))
    assert page.select_one(f"input[value='{culture.pk}']").has_attr("checked")
    client.post(path, {"themes": [sport.pk]})
    assert list(subscriber.themes.all()) == [sport]


def test_a_forged_preferences_link_is_not_found(client):
    subscriber = confirmed_subscriber(email="lecteur@exemple.fr", all_releases=True)
    response = client.get(reverse("journalists:preferences", args=[f"{subscriber.pk}.x:y"]))
    assert response.status_code == 404


LIFT = datetime.datetime(2030, 3, 14, 11, 0, tzinfo=PARIS)


def scheduled_release(theme):
    publisher = make_staff_user(group="Publication")
    communique = make_communique(
        published=False, title="Le budget 2030", body="<p>Texte secret.</p>", themes=[theme]
    )
    with time_machine.travel(LIFT - datetime.timedelta(days=2)):
        communique.schedule(by=publisher, at=LIFT)
    return communique


def test_subscribers_get_nothing_of_an_embargoed_release_before_the_publication_minute():
    culture = make_theme(name="Culture")
    confirmed_subscriber(email="lecteur@exemple.fr", themes=[culture])
    scheduled_release(culture)
    for moment in (LIFT - datetime.timedelta(days=1), LIFT - datetime.timedelta(seconds=1)):
        with time_machine.travel(moment, tick=False):
            tasks.dispatch.call()
    assert outbox.outbox == []
    with time_machine.travel(LIFT, tick=False):
        tasks.dispatch.call()
    [message] = outbox.outbox
    assert message.subject == "Le budget 2030"
    assert "Texte secret." in message.body
    assert "/abonnement/preferences/" in message.body


def test_only_subscribers_whose_choices_match_get_the_alert():
    culture, sport = make_theme(name="Culture"), make_theme(name="Sport")
    confirmed_subscriber(email="culture@exemple.fr", themes=[culture])
    confirmed_subscriber(email="sport@exemple.fr", themes=[sport])
    confirmed_subscriber(email="tout@exemple.fr", all_releases=True)
    Subscriber.objects.create(email="pas-confirme@exemple.fr", all_releases=True)
    make_communique(themes=[culture])
    tasks.dispatch.call()
    assert sorted(message.to[0] for message in outbox.outbox) == [
        "culture@exemple.fr",
        "tout@exemple.fr",
    ]


def test_a_release_withdrawn_before_its_alert_went_out_is_never_sent():
    confirmed_subscriber(email="tout@exemple.fr", all_releases=True)
    communique = make_communique()
    from journalists.subscriptions import create_due_alerts

    create_due_alerts()
    communique.withdraw(by=make_staff_user(group="Publication"), reason="Erreur.")
    tasks.dispatch.call()
    assert outbox.outbox == []


def test_each_release_gets_one_alert_however_many_dispatches_run():
    confirmed_subscriber(email="tout@exemple.fr", all_releases=True)
    make_communique()
    tasks.dispatch.call()
    tasks.dispatch.call()
    assert len(outbox.outbox) == 1


def test_the_subscription_page_costs_the_same_queries_with_more_themes_and_territories(
    client,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_organisation, make_pact

    counts = []
    for size in (2, 12):
        for _ in range(size):
            make_theme()
            make_pact(territories=[make_organisation(kind="epci")])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("journalists:subscribe")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_subscription_form_labels_every_field_and_needs_no_javascript(client):
    make_theme(name="Culture")
    page = soup(client.get(reverse("journalists:subscribe")))
    assert not page.select("script")
    for field in page.select("form input:not([type=hidden])"):
        assert page.select_one(f"label[for='{field['id']}']"), field
    assert page.select_one("html")["lang"] == "fr"


def test_deleting_a_subscriber_keeps_their_alerts_counted_without_the_address():
    from journalists.models import Delivery

    subscriber = confirmed_subscriber(email="tout@exemple.fr", all_releases=True)
    make_communique()
    tasks.dispatch.call()
    subscriber.delete()
    assert list(Delivery.objects.values_list("email", "state")) == [("", "sent")]
