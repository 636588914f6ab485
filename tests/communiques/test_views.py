import datetime

import pytest
from django.urls import reverse

from communiques.models import Communique, Correction
from tests.factories import (
    attach_contact,
    make_attachment,
    make_attendee,
    make_axis,
    make_communique,
    make_framework,
    make_image,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_press_contact,
    make_quote,
    make_signatory,
    make_staff_user,
    make_theme,
)
from tests.html import page_text, soup, text_of, texts

pytestmark = pytest.mark.django_db


def detail_url(communique):
    return reverse("communiques:detail", kwargs={"slug": communique.slug})


class TestDraftsAreInvisible:
    def test_draft_detail_is_404(self, client):
        draft = make_communique(published=False, title="Brouillon secret")
        response = client.get(detail_url(draft))
        assert response.status_code == 404
        assert "Brouillon secret" not in response.content.decode()

    def test_future_publication_detail_is_404(self, client):
        future = make_communique(
            published=True,
            published_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
        )
        assert client.get(detail_url(future)).status_code == 404

    @pytest.mark.parametrize(
        "url_name", ["home", "communiques:list", "partners:pact-list", "communiques:contacts"]
    )
    def test_draft_is_absent_from_listing_pages(self, client, url_name):
        make_communique(published=False, title="Brouillon secret")
        make_communique(published=True, title="Communiqué public")
        response = client.get(reverse(url_name))
        assert response.status_code == 200
        assert "Brouillon secret" not in response.content.decode()

    def test_draft_is_absent_from_its_theme_page(self, client):
        theme = make_theme(name="Emploi")
        make_communique(published=False, title="Brouillon secret", themes=[theme])
        make_communique(published=True, title="Communiqué public", themes=[theme])
        response = client.get(theme.get_absolute_url())
        assert "Communiqué public" in page_text(response)
        assert "Brouillon secret" not in response.content.decode()


class TestHome:
    def test_home_links_to_the_latest_published_releases(self, client):
        communique = make_communique(title="Signature du POCE")
        response = client.get(reverse("home"))
        links = {a["href"] for a in soup(response).select("main a")}
        assert detail_url(communique) in links

    def test_home_lists_current_pacts_only(self, client):
        make_pact(title="Pacte signé")
        make_pact(title="Pacte en préparation", status="preparation", signing_date=None)
        text = page_text(client.get(reverse("home")))
        assert "Pacte signé" in text
        assert "Pacte en préparation" not in text

    def test_home_has_a_labelled_search_box_that_opens_the_search_page(self, client):
        make_communique(title="Signature du POCE de Châlons Agglo")
        page = soup(client.get(reverse("home")))
        form = page.select_one("main form[role=search]")
        assert form["method"] == "get"
        assert form["action"] == reverse("communiques:search")
        field = form.select_one("input[type=search][name=q]")
        label = form.select_one(f"label[for={field['id']}]")
        assert text_of(label) == (
            "Rechercher un communiqué, un pacte, une personnalité ou une organisation"
        )
        results = client.get(form["action"], {field["name"]: "châlons"})
        assert "Signature du POCE de Châlons Agglo" in page_text(results)


class TestList:
    def test_list_is_paginated(self, client):
        for _ in range(21):
            make_communique()
        first = client.get(reverse("communiques:list"))
        assert len(soup(first).select("main article")) == 20
        second = client.get(reverse("communiques:list"), {"page": 2})
        assert len(soup(second).select("main article")) == 1

    def test_latest_release_comes_first(self, client):
        make_communique(
            title="Ancien", published_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
        )
        make_communique(
            title="Récent", published_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        )
        titles = [
            h.get_text(strip=True)
            for h in soup(client.get(reverse("communiques:list"))).select("main article h2")
        ]
        assert titles == ["Récent", "Ancien"]

    def test_page_out_of_range_is_404(self, client):
        make_communique()
        assert client.get(reverse("communiques:list"), {"page": 9}).status_code == 404


class TestDetail:
    def test_page_structure_is_accessible(self, client):
        response = client.get(detail_url(make_communique(title="Titre")))
        document = soup(response)
        assert document.html["lang"] == "fr"
        assert len(document.find_all("h1")) == 1
        assert document.find("main", id="contenu")
        assert document.select_one("a.skip-link")["href"] == "#contenu"
        assert document.find("nav", attrs={"aria-label": "Fil d’Ariane"})

    def test_date_is_written_in_words(self, client):
        communique = make_communique(event_date=datetime.date(2019, 9, 5))
        assert "jeudi 5 septembre 2019" in page_text(client.get(detail_url(communique)))

    def test_month_only_date_shows_only_what_is_known(self, client):
        communique = make_communique(
            event_date=datetime.date(2021, 6, 17), event_date_precision="month"
        )
        text = page_text(client.get(detail_url(communique)))
        assert "juin 2021" in text
        assert "17" not in text.split("juin 2021")[0][-5:]

    def test_quote_shows_the_speakers_role_at_the_release_date(self, client):
        region = make_organisation(
            name="Région Grand Est", name_with_preposition="de la Région Grand Est"
        )
        speaker = make_person(first_name="Jean", last_name="Rottner")
        make_mandate(
            person=speaker,
            organisation=region,
            start_date=datetime.date(2017, 10, 20),
            end_date=datetime.date(2022, 1, 12),
        )
        communique = make_communique(event_date=datetime.date(2019, 9, 5))
        make_quote(
            communique=communique, speaker=speaker, text="Je me félicite de cette signature."
        )
        figure = soup(client.get(detail_url(communique))).select_one(".quote")
        assert "Je me félicite de cette signature." in figure.blockquote.get_text()
        assert "Président de la Région Grand Est" in figure.figcaption.get_text()

    def test_body_html_is_rendered_not_escaped(self, client):
        communique = make_communique(body="<h2>Contexte</h2><p>Un paragraphe.</p>")
        assert soup(client.get(detail_url(communique))).select_one(".communique__body h2")

    def test_contacts_have_tel_and_mailto_links(self, client):
        communique = make_communique(complete=False)
        contact = make_press_contact(
            name="Sandrine Poirier", email="sandrine.poirier@grandest.fr", phones=["0684801148"]
        )
        attach_contact(communique=communique, contact=contact)
        contacts = soup(client.get(detail_url(communique))).select_one(".contacts")
        hrefs = [a["href"] for a in contacts.find_all("a")]
        assert hrefs == ["tel:+33684801148", "mailto:sandrine.poirier@grandest.fr"]
        assert "06\u00a084\u00a080\u00a011\u00a048" in contacts.get_text()


def _rich_release(size):
    """A published release showing `size` rows of every relation its page shows."""
    pact = make_pact()
    for order in range(size):
        make_axis(pact=pact, order=order + 1, organisations=[make_organisation()])
        make_signatory(pact=pact, person=make_person())
        make_attendee(pact=pact, person=make_person(), role="Maire")
        pact.frameworks.add(make_framework())
    communique = make_communique(
        complete=False,
        event_date=datetime.date(2019, 9, 5),
        pacts=[pact, *(make_pact() for _ in range(size - 1))],
        themes=[make_theme() for _ in range(size)],
        organisations=[make_organisation() for _ in range(size)],
        image=make_image(),
    )
    for order in range(size):
        speaker = make_person()
        make_mandate(person=speaker)
        make_mandate(
            person=speaker,
            title="Conseiller",
            start_date=datetime.date(2001, 1, 1),
            end_date=datetime.date(2008, 1, 1),
        )
        make_quote(communique=communique, speaker=speaker, order=order)
        contact = make_press_contact(phones=["0684801148", "0326707436"])
        attach_contact(communique=communique, contact=contact, order=order)
        make_attachment(communique=communique, title=f"Annexe {order}")
        Correction.objects.create(communique=communique, text=f"Rectificatif {order}")
    return communique


# One query whatever the release shows: the release with every relation
# (grandest_press.relations). A list: its page with their themes (the count is kept
# with the filter form, per content generation).
DETAIL_QUERY_BUDGET = 1
LIST_QUERY_BUDGET = 1
# The home page: its latest releases with their themes, the current pacts with theirs,
# the next events of the agenda.
HOME_QUERY_BUDGET = 3


@pytest.mark.parametrize("size", [1, 8])
def test_detail_query_count_does_not_grow(client, django_assert_num_queries, size):
    communique = _rich_release(size)
    with django_assert_num_queries(DETAIL_QUERY_BUDGET):
        response = client.get(detail_url(communique))
    assert response.status_code == 200
    page = soup(response)
    assert len(page.select(".quote")) == size
    assert len(page.select(".contacts__list > li")) == size
    assert len(page.select(".pact-box")) == size
    assert len(page.select(".axes > li")) == size
    assert len(page.select(".corrections p")) == size
    assert page.select_one(".communique__image img") is not None


@pytest.mark.parametrize("size", [1, 15])
def test_list_query_count_does_not_grow(client, django_assert_num_queries, size):
    for _ in range(size):
        make_communique(themes=[make_theme(), make_theme()])
    # First drawing of the filter form: its choices (themes, years, organisations,
    # pacts, pact kinds, people), the content generation, the next scheduled
    # publication and the agenda's next change (page-cache state) and the count; then
    # the page with its themes.
    with django_assert_num_queries(LIST_QUERY_BUDGET + 10):
        client.get(reverse("communiques:list"))
    # Then the drawn form and the count come from the cache until the content changes.
    with django_assert_num_queries(LIST_QUERY_BUDGET):
        response = client.get(reverse("communiques:list"))
    assert len(soup(response).select("main article")) == size


def test_list_count_follows_every_change_of_public_content(client, time_machine):
    now = datetime.datetime(2026, 3, 12, 10, 0, tzinfo=datetime.UTC)
    time_machine.move_to(now, tick=False)
    for _ in range(3):
        make_communique(themes=[make_theme()])
    url = reverse("communiques:list")
    assert texts(client.get(url), ".results-count") == ["3 communiqués."]
    make_communique(published_at=now + datetime.timedelta(hours=1))  # under embargo
    draft = make_communique(published=False)
    assert texts(client.get(url), ".results-count") == ["3 communiqués."]
    draft.publish(by=make_staff_user(group="Publication"))
    assert texts(client.get(url), ".results-count") == ["4 communiqués."]
    time_machine.move_to(now + datetime.timedelta(hours=1), tick=False)
    assert texts(client.get(url), ".results-count") == ["5 communiqués."]
    Communique.objects.first().withdraw(by=make_staff_user(group="Publication"), reason="Erreur.")
    assert texts(client.get(url), ".results-count") == ["4 communiqués."]


@pytest.mark.parametrize("size", [21, 40])
def test_list_pages_past_the_first_keep_their_budget(client, django_assert_num_queries, size):
    for _ in range(size):
        make_communique(themes=[make_theme(), make_theme()])
    client.get(reverse("communiques:list"))  # draws the filter form
    # As the first page: the releases skipped are found in a subquery (window()).
    with django_assert_num_queries(LIST_QUERY_BUDGET):
        response = client.get(reverse("communiques:list") + "?page=2")
    assert len(soup(response).select("main article")) == size - 20
    assert len(soup(response).select("main article .card__meta")[0].text.split(",")) == 2


@pytest.mark.parametrize("size", [1, 10])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, size):
    for _ in range(size):
        make_communique(themes=[make_theme()])
        make_pact(territories=[make_organisation(name="Châlons Agglo")])
    with django_assert_num_queries(HOME_QUERY_BUDGET):
        response = client.get(reverse("home"))
    shown = min(size, 6)
    page = soup(response)
    assert len(page.select("[aria-labelledby=derniers-communiques] article")) == shown
    assert len(page.select("[aria-labelledby=derniers-communiques] .card__meta")) == shown
    pacts = texts(response, "[aria-labelledby=pactes-en-cours] .card__lede")
    assert pacts == ["Territoire : Châlons Agglo"] * shown


@pytest.mark.parametrize("size", [1, 10])
def test_contacts_page_query_count_does_not_grow(client, django_assert_max_num_queries, size):
    for _ in range(size):
        make_press_contact(phones=["0684801148"])
    # The contacts, their phones, and the on-call periods of the week (none here).
    with django_assert_max_num_queries(3):
        response = client.get(reverse("communiques:contacts"))
    assert len(soup(response).select(".contact")) == size


def test_contacts_page_hides_inactive_contacts(client):
    former = make_press_contact(name="Ancienne attachée")
    former.is_active = False
    former.save()
    make_press_contact(name="Sandrine Poirier")
    text = page_text(client.get(reverse("communiques:contacts")))
    assert "Sandrine Poirier" in text
    assert "Ancienne attachée" not in text


def test_machine_readable_dates_are_in_paris_time_like_the_visible_ones(client):
    """A summer publication at 09:30 UTC is « 11 h 30 », +0200, everywhere on the pages."""
    published_at = datetime.datetime(2019, 9, 5, 9, 30, tzinfo=datetime.UTC)
    communique = make_communique(published_at=published_at, complete=False)
    page = soup(client.get(detail_url(communique)))
    assert page.select_one(".communique__facts time")["datetime"] == "2019-09-05T11:30:00+0200"
    assert "11\u00a0h\u00a030" in page.select_one(".communique__facts").get_text()
    published = page.select_one('meta[property="article:published_time"]')["content"]
    assert published == "2019-09-05T11:30:00+02:00"
    card = soup(client.get(reverse("communiques:list"))).select_one(".card time")
    assert card["datetime"] == "2019-09-05T11:30:00+0200"
