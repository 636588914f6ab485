"""Filters of the release list: combinable, shareable, counted, never a 500."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import (
    make_communique,
    make_mandate,
    make_organisation,
    make_pact,
    make_pact_kind,
    make_person,
    make_quote,
    make_signatory,
    make_theme,
)
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db


def listed(client, **params):
    response = client.get(reverse("communiques:list"), params)
    assert response.status_code == 200
    return [h.get_text(strip=True) for h in soup(response).select("main article h2")], response


def at(year, month=6, day=15):
    return datetime.datetime(year, month, day, 10, 0, tzinfo=datetime.UTC)


def test_by_theme(client):
    emploi = make_theme(name="Emploi")
    make_communique(title="Sur l’emploi", themes=[emploi])
    make_communique(title="Autre")
    titles, _ = listed(client, theme=emploi.slug)
    assert titles == ["Sur l’emploi"]


def test_by_year_and_month(client):
    make_communique(title="Juin 2019", published_at=at(2019, 6))
    make_communique(title="Septembre 2019", published_at=at(2019, 9))
    make_communique(title="Juin 2021", published_at=at(2021, 6))
    assert listed(client, annee=2019)[0] == ["Septembre 2019", "Juin 2019"]
    assert listed(client, annee=2019, mois=6)[0] == ["Juin 2019"]


def test_by_organisation_includes_pact_territories_and_quotes(client):
    chalons = make_organisation(name="Châlons Agglo")
    make_communique(title="Cite Châlons", organisations=[chalons])
    make_communique(title="Pacte de Châlons", pacts=[make_pact(territories=[chalons])])
    make_communique(title="Sans Châlons")
    titles, _ = listed(client, organisation=chalons.slug)
    assert sorted(titles) == ["Cite Châlons", "Pacte de Châlons"]


def test_by_pact_and_pact_kind(client):
    poce = make_pact_kind(acronym="POCE")
    ptrte = make_pact_kind(acronym="PTRTE")
    poce_pact = make_pact(kind=poce)
    make_communique(title="POCE", pacts=[poce_pact])
    make_communique(title="PTRTE", pacts=[make_pact(kind=ptrte)])
    assert listed(client, pacte=poce_pact.slug)[0] == ["POCE"]
    assert listed(client, type=ptrte.slug)[0] == ["PTRTE"]


def test_by_person_quoted_or_signatory(client):
    jean = make_person(first_name="Jean", last_name="Rottner")
    make_mandate(person=jean)
    quoted = make_communique(title="Citation de Jean")
    make_quote(communique=quoted, speaker=jean)
    pact = make_pact()
    make_signatory(pact=pact, person=jean)
    make_communique(title="Pacte signé par Jean", pacts=[pact])
    make_communique(title="Sans Jean")
    titles, _ = listed(client, personne=jean.slug)
    assert sorted(titles) == ["Citation de Jean", "Pacte signé par Jean"]


def test_filters_combine_and_count(client):
    emploi = make_theme(name="Emploi")
    make_communique(title="Emploi 2019", themes=[emploi], published_at=at(2019))
    make_communique(title="Emploi 2020", themes=[emploi], published_at=at(2020))
    make_communique(title="Autre 2019", published_at=at(2019))
    titles, response = listed(client, theme=emploi.slug, annee=2019)
    assert titles == ["Emploi 2019"]
    assert "1 communiqué avec ces filtres" in page_text(response)


def test_no_result_suggests_removing_a_filter(client):
    emploi = make_theme(name="Emploi")
    make_communique(title="Emploi 2020", themes=[emploi], published_at=at(2020))
    _, response = listed(client, theme=emploi.slug, annee=2020, mois=1)
    text = page_text(response)
    assert "Aucun communiqué ne correspond à tous ces filtres" in text
    removal_links = [a["href"] for a in soup(response).select(".active-filters a")]
    assert len(removal_links) == 3
    # Removing the month leaves theme and year.
    titles, _ = listed(client, **dict(pair.split("=") for pair in removal_links[-1][1:].split("&")))
    assert titles == ["Emploi 2020"]


def test_unknown_filter_values_are_reported_not_fatal(client):
    make_communique(title="Visible")
    titles, response = listed(client, theme="inconnu", annee="abc", mois="13")
    assert titles == ["Visible"]
    assert "Certains filtres n’ont pas été compris" in response.content.decode()


def test_pagination_keeps_the_filters(client):
    emploi = make_theme(name="Emploi")
    for _ in range(21):
        make_communique(themes=[emploi])
    _, response = listed(client, theme=emploi.slug)
    next_link = soup(response).find("a", rel="next")["href"]
    assert f"theme={emploi.slug}" in next_link
    assert "page=2" in next_link


def test_drafts_do_not_count(client):
    emploi = make_theme(name="Emploi")
    make_communique(published=False, title="Brouillon", themes=[emploi])
    titles, response = listed(client, theme=emploi.slug)
    assert titles == []
    assert "0 communiqué" in page_text(response)


def test_year_choices_only_come_from_public_releases(client):
    make_communique(published_at=at(2019))
    make_communique(published=False, published_at=at(2031))
    _, response = listed(client)
    years = [o["value"] for o in soup(response).select("select[name=annee] option") if o["value"]]
    assert years == ["2019"]


def test_filter_options_follow_content_changes(client):
    """The form's options are rendered once per content generation, never stale."""
    make_communique()
    listed(client)
    theme = make_theme(name="Numérique")
    _, response = listed(client)
    options = [o.get_text() for o in soup(response).select("select[name=theme] option")]
    assert "Numérique" in options
    make_theme(name="Culture")
    _, response = listed(client, theme=theme.slug)
    options = [o.get_text() for o in soup(response).select("select[name=theme] option")]
    assert "Culture" in options
    assert (
        soup(response).select_one("select[name=theme] option[selected]").get_text() == "Numérique"
    )


def test_a_page_without_filters_lists_and_offers_as_an_empty_form_does(client):
    make_communique(title="Premier", themes=[make_theme(name="Emploi")])
    make_communique(title="Second")
    # No filter in the URL: no form is bound (CommuniqueFilterForm.for_query).
    titles, plain = listed(client, page="1")
    empty_titles, empty = listed(client, theme="", annee="")
    assert sorted(titles) == sorted(empty_titles) == ["Premier", "Second"]
    form, empty_form = (soup(page).select_one("form.filters") for page in (plain, empty))
    assert str(form) == str(empty_form)
    assert not soup(plain).select(".form-errors, .active-filters")


def test_year_choices_skip_years_without_releases(client):
    for year in (2017, 2019, 2022):
        make_communique(published_at=at(year))
    _, response = listed(client)
    years = [o["value"] for o in soup(response).select("select[name=annee] option") if o["value"]]
    assert years == ["2022", "2019", "2017"]


def test_the_year_filter_says_it_is_the_publication_year(client):
    make_communique()
    _, response = listed(client)
    label = soup(response).select_one("label[for=id_annee]").get_text()
    assert label == "Année de publication"


def test_filters_fold_under_a_disclosure_opened_when_some_are_chosen(client):
    emploi = make_theme(name="Emploi")
    make_communique(themes=[emploi])
    _, plain = listed(client)
    _, filtered = listed(client, theme=emploi.slug)
    folded = soup(plain).select_one("form.filters details")
    assert folded.select_one("summary h2").get_text() == "Filtrer les communiqués"
    assert not folded.has_attr("open")
    assert soup(filtered).select_one("form.filters details").has_attr("open")
