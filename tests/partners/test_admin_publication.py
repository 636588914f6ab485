"""The public state of partner records in the admin: badge, filter, reason, and
« Publier » for Publication only (a forged request by Rédaction changes nothing)."""

import pytest
from django.urls import reverse

from partners.models import Organisation, Person, TerritorialPact
from tests.factories import (
    make_communique,
    make_organisation,
    make_pact,
    make_person,
    make_signatory,
    make_staff_user,
)
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db

FACTORIES = {Organisation: make_organisation, Person: make_person, TerritorialPact: make_pact}


def admin_url(record, view, *args):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args or [record.pk])


def listed(response):
    """The change pages a list links to."""
    links = soup(response).select("#result_list tbody th a")
    return {link["href"].split("?")[0] for link in links}


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("model", FACTORIES)
def test_the_list_shows_each_records_state_and_filters_on_it(client, model):
    client.force_login(make_staff_user(group="Rédaction"))
    public, private = FACTORIES[model](), FACTORIES[model](public=False)
    page = soup(client.get(changelist(model)))
    badges = [badge.get_text() for badge in page.select(".publication-badge")]
    assert sorted(badges) == ["non publié", "public"]
    response = client.get(changelist(model) + "?publication=non_publie")
    assert listed(response) == {admin_url(private, "change")}
    response = client.get(changelist(model) + "?publication=public")
    assert listed(response) == {admin_url(public, "change")}


def test_the_form_says_which_release_made_a_record_public(client):
    client.force_login(make_staff_user(group="Rédaction"))
    pact = make_pact(public=False)
    publisher = make_staff_user(group="Publication")
    communique = make_communique(published=False, title="Signature du POCE", pacts=[pact])
    communique.publish(by=publisher)
    page = soup(client.get(admin_url(pact, "change")))
    reason = page.select_one(".field-publication_reason")
    assert "Cité par Signature du POCE (publié le" in " ".join(reason.get_text().split())
    link = reason.find("a")
    assert link["href"] == reverse("admin:communiques_communique_change", args=[communique.pk])


def test_a_private_records_form_says_it_is_not_published(client):
    client.force_login(make_staff_user(group="Rédaction"))
    person = make_person(public=False)
    text = page_text(client.get(admin_url(person, "change")))
    assert "Non publié : aucun communiqué publié ou programmé ne cite cette fiche." in text


@pytest.mark.parametrize("model", FACTORIES)
def test_publication_publishes_a_record_after_confirming(client, model):
    publisher = make_staff_user(group="Publication", username="claire")
    client.force_login(publisher)
    record = FACTORIES[model](public=False)
    change = soup(client.get(admin_url(record, "change")))
    assert change.find("a", href=admin_url(record, "publish"), string="Publier")
    confirmation = client.get(admin_url(record, "publish"))
    assert str(record) in page_text(confirmation)
    assert soup(confirmation).select_one("form input[name=csrfmiddlewaretoken]")
    response = client.post(admin_url(record, "publish"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.is_public()
    assert record.published_by == publisher
    text = page_text(client.get(admin_url(record, "change")))
    assert "Publié par claire le" in text
    assert not soup(client.get(admin_url(record, "change"))).find("a", string="Publier")


def test_the_confirmation_names_the_parties_a_pact_brings(client):
    client.force_login(make_staff_user(group="Publication"))
    pact = make_pact(public=False)
    signer = make_person(public=False, last_name="Bourg-Broc")
    make_signatory(pact=pact, person=signer, organisation=make_organisation())
    assert "Jeanne Bourg-Broc" in page_text(client.get(admin_url(pact, "publish")))


@pytest.mark.parametrize("model", FACTORIES)
def test_redaction_sees_no_publish_button_and_a_forged_post_changes_nothing(client, model):
    client.force_login(make_staff_user(group="Rédaction"))
    record = FACTORIES[model](public=False)
    change = soup(client.get(admin_url(record, "change")))
    assert not change.find("a", string="Publier")
    assert client.get(admin_url(record, "publish")).status_code == 403
    assert client.post(admin_url(record, "publish")).status_code == 403
    actions = {o["value"] for o in soup(client.get(changelist(model))).select("option")}
    assert "publish_selected" not in actions
    client.post(
        changelist(model),
        {"action": "publish_selected", "_selected_action": [record.pk], "confirme": "1"},
    )
    record.refresh_from_db()
    assert record.public_since is None
    assert record.published_by is None


def test_publication_publishes_several_records_with_the_list_action(client):
    client.force_login(make_staff_user(group="Publication"))
    people = [make_person(public=False), make_person(public=False)]
    selected = {"action": "publish_selected", "_selected_action": [p.pk for p in people]}
    confirmation = client.post(changelist(Person), selected)
    assert all(person.full_name in page_text(confirmation) for person in people)
    assert not Person.objects.public().filter(pk__in=[p.pk for p in people]).exists()
    client.post(changelist(Person), {**selected, "confirme": "1"})
    assert Person.objects.public().filter(pk__in=[p.pk for p in people]).count() == 2
