"""Starting a release from another one, or from a pact, in the admin."""

import pytest
from django.urls import reverse

from communiques.models import Communique
from communiques.services import duplicate_communique
from tests.factories import (
    attach_contact,
    communique_form_data,
    make_communique,
    make_organisation,
    make_pact,
    make_person,
    make_press_contact,
    make_quote,
    make_signatory,
    make_staff_user,
    make_theme,
)
from tests.html import soup

pytestmark = pytest.mark.django_db


def test_a_duplicate_is_a_new_draft_with_the_same_links_contacts_and_quotes():
    theme, pact = make_theme(), make_pact()
    original = make_communique(title="Signature du pacte", themes=[theme], pacts=[pact])
    make_quote(communique=original, text="Un jour important.")
    attach_contact(communique=original, contact=make_press_contact())
    user = make_staff_user(group="Rédaction")

    copy = duplicate_communique(communique=original, by=user)

    assert copy.pk != original.pk
    assert copy.status == Communique.Status.DRAFT
    assert copy.published_at is None
    assert copy.title == "Copie de Signature du pacte"
    assert copy.slug == f"{original.slug}-copie"
    assert list(copy.themes.all()) == [theme]
    assert list(copy.pacts.all()) == [pact]
    assert [q.text for q in copy.quotes.all()] == ["Un jour important."]
    assert copy.contacts == original.contacts
    assert copy.created_by == user
    assert original.quotes.count() == 1


def test_duplicating_twice_finds_a_free_address():
    original = make_communique()
    user = make_staff_user(group="Rédaction")

    first = duplicate_communique(communique=original, by=user)
    second = duplicate_communique(communique=original, by=user)

    assert first.slug != second.slug


def test_duplicate_over_http_asks_then_opens_the_copy(client):
    original = make_communique(title="Le pacte est signé")
    client.force_login(make_staff_user(group="Rédaction"))
    url = reverse("admin:communiques_communique_duplicate", args=[original.pk])

    confirm = client.get(url)
    response = client.post(url)

    assert confirm.status_code == 200
    assert Communique.objects.count() == 2
    copy = Communique.objects.exclude(pk=original.pk).get()
    assert response["Location"] == reverse("admin:communiques_communique_change", args=[copy.pk])


def test_the_release_form_offers_to_duplicate(client):
    original = make_communique()
    client.force_login(make_staff_user(group="Publication"))

    page = soup(client.get(reverse("admin:communiques_communique_change", args=[original.pk])))

    url = reverse("admin:communiques_communique_duplicate", args=[original.pk])
    assert page.select_one(f'.object-tools a[href="{url}"]').get_text() == "Dupliquer"


def pact_with_signatories():
    territory = make_organisation(name="Châlons Agglo")
    pact = make_pact(territories=[territory], signing_place="Foire de Châlons")
    president = make_person(first_name="Jean", last_name="Rottner")
    make_signatory(pact=pact, organisation=make_organisation(), person=president, order=1)
    make_signatory(pact=pact, organisation=territory, order=2)  # Signs with no one named.
    return pact, territory, president


def test_the_pact_page_offers_a_new_release_about_it(client):
    pact, *_ = pact_with_signatories()
    client.force_login(make_staff_user(group="Rédaction"))

    page = soup(client.get(reverse("admin:partners_territorialpact_change", args=[pact.pk])))

    link = page.select_one(".object-tools a[href*='pacte=']")
    assert link.get_text() == "Nouveau communiqué sur ce pacte"
    assert link["href"] == reverse("admin:communiques_communique_add") + f"?pacte={pact.pk}"


def test_a_release_from_a_pact_is_prefilled_with_it_and_its_signatories(client):
    pact, territory, president = pact_with_signatories()
    client.force_login(make_staff_user(group="Rédaction"))

    page = soup(client.get(reverse("admin:communiques_communique_add") + f"?pacte={pact.pk}"))

    assert page.select_one(f'#id_pacts option[value="{pact.pk}"]').has_attr("selected")
    assert page.select_one(f'#id_organisations option[value="{territory.pk}"]').has_attr("selected")
    assert page.select_one("#id_dateline_place")["value"] == "Foire de Châlons"
    assert page.select_one("#id_quotes-TOTAL_FORMS")["value"] == "1"
    assert page.select_one(f'#id_quotes-0-speaker option[value="{president.pk}"]').has_attr(
        "selected"
    )


def test_quote_slots_left_empty_do_not_block_saving(client):
    pact, _territory, president = pact_with_signatories()
    client.force_login(make_staff_user(group="Rédaction"))
    draft = Communique(title="Le pacte est signé", slug="le-pacte-est-signe")
    data = communique_form_data(
        draft,
        version="1",
        pacts=[pact.pk],
        **{
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-speaker": president.pk,
            "quotes-0-organisation": pact.signatories.first().organisation_id,
            "quotes-0-order": "0",
            "quotes-0-text": "",
        },
    )

    response = client.post(reverse("admin:communiques_communique_add") + f"?pacte={pact.pk}", data)

    assert response.status_code == 302, soup(response).select(".errorlist")
    assert Communique.objects.get().quotes.count() == 0
