"""The founding release: loaded once, rendered with every fact of the seed."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from communiques.models import Communique, PressContact, PressContactPhone, Quote
from communiques.seed import COMMUNIQUE_SLUG, load_poce_chalons_agglo
from partners.models import (
    Mandate,
    Organisation,
    PactAxis,
    PactSignatory,
    Person,
    ReferenceFramework,
    TerritorialPact,
)
from tests.html import normalise, page_text, soup

SEED_FILE = Path(__file__).resolve().parents[3] / "shared/seeds/communique-poce-chalons-agglo.txt"

pytestmark = pytest.mark.django_db

ALL_MODELS = [
    Communique,
    Quote,
    PressContact,
    PressContactPhone,
    Organisation,
    Person,
    Mandate,
    TerritorialPact,
    PactAxis,
    PactSignatory,
    ReferenceFramework,
]


@pytest.fixture
def poce_page(client):
    load_poce_chalons_agglo()
    url = reverse("communiques:detail", kwargs={"slug": COMMUNIQUE_SLUG})
    return client.get(url)


def test_loader_is_idempotent():
    load_poce_chalons_agglo()
    counts = {model: model.objects.count() for model in ALL_MODELS}
    first = Communique.objects.get(slug=COMMUNIQUE_SLUG)

    report = load_poce_chalons_agglo()

    assert report.created == []
    assert {model: model.objects.count() for model in ALL_MODELS} == counts
    again = Communique.objects.get(slug=COMMUNIQUE_SLUG)
    assert again.updated_at == first.updated_at
    assert again.body == first.body


def test_loader_keeps_an_officers_later_edit():
    load_poce_chalons_agglo()
    Communique.objects.filter(slug=COMMUNIQUE_SLUG).update(lede="Chapeau corrigé.")

    load_poce_chalons_agglo()

    assert Communique.objects.get(slug=COMMUNIQUE_SLUG).lede == "Chapeau corrigé."


def test_management_command_reports_what_it_created():
    from io import StringIO

    out = StringIO()
    call_command("load_poce", stdout=out)
    assert "créé" in out.getvalue()
    out = StringIO()
    call_command("load_poce", stdout=out)
    assert "0 objet(s) créé(s)" in out.getvalue()


def test_loaded_release_is_published():
    load_poce_chalons_agglo()
    assert Communique.objects.published().filter(slug=COMMUNIQUE_SLUG).exists()


def test_every_record_the_release_cites_is_public_with_it():
    load_poce_chalons_agglo()
    communique = Communique.objects.get(slug=COMMUNIQUE_SLUG)
    pact = TerritorialPact.objects.public().get()
    assert pact.public_since == communique.published_at
    assert not Person.objects.private().exists()
    cited = Organisation.objects.filter(
        pk__in=[axis_org.pk for axis in pact.axes.all() for axis_org in axis.organisations.all()]
    )
    assert cited.exists() and not cited.private().exists()
    assert Organisation.objects.public().count() >= 4


def test_page_shows_title_date_and_place(poce_page):
    assert poce_page.status_code == 200
    document = soup(poce_page)
    assert normalise(document.find("h1").get_text()) == (
        "Un Pacte Offensive Croissance Emploi (POCE) signé entre la Région Grand Est et "
        "Châlons Agglo"
    )
    text = page_text(poce_page)
    assert "jeudi 5 septembre 2019" in text
    assert "Foire de Châlons-en-Champagne (51)" in text


def test_page_shows_signatories_with_their_roles_on_the_signing_date(poce_page):
    signatories = [normalise(li.get_text()) for li in soup(poce_page).select(".signatories li")]
    assert signatories == [
        "Jean Rottner, Président de la Région Grand Est",
        "Bruno Bourg-Broc, Président de Châlons Agglo",
    ]


def test_page_shows_the_quote_with_speaker_and_role(poce_page):
    quote = soup(poce_page).select_one(".quote")
    quote_text = normalise(quote.blockquote.get_text())
    assert quote_text.startswith("« Je me félicite de cette signature avec Châlons Agglo")
    assert quote_text.endswith("l'emploi sur ce territoire marnais. »")
    assert (
        normalise(quote.figcaption.get_text()) == "Jean Rottner, Président de la Région Grand Est"
    )


def test_page_shows_the_four_axes_and_their_partners(poce_page):
    axes = [normalise(li.get_text(" ")) for li in soup(poce_page).select(".axes > li")]
    assert len(axes) == 4
    assert "Optimisation de la chaîne logistique" in axes[0]
    assert "Aéroport de Vatry" in axes[0]
    assert "Accueil de start-ups" in axes[1]
    assert "Be Est Entreprendre" in axes[1] and "Grand E-Nov" in axes[1]
    assert "Campus 3000" in axes[2]
    assert "ville campus universitaire" in axes[2]
    assert "photovoltaïque" in axes[3]
    assert "agriculture de demain" in axes[3]


def test_page_shows_every_reference_framework(poce_page):
    text = page_text(poce_page)
    for acronym in ["CRSD", "SRDEII", "CPRDFOP", "SRADDET"]:
        assert acronym in text
    assert "Performance Grand Est" in text
    assert "Contrat de redynamisation de site de défense" in text


def test_page_shows_the_press_contact_with_links(poce_page):
    document = soup(poce_page)
    contacts = document.select_one(".contacts")
    text = normalise(contacts.get_text(" "))
    assert "Sandrine Poirier" in text
    assert "06 84 80 11 48" in text
    assert "03 26 70 74 36" in text
    hrefs = {a["href"] for a in contacts.find_all("a")}
    assert {
        "tel:+33684801148",
        "tel:+33326707436",
        "mailto:presse@grandest.fr",
        "mailto:sandrine.poirier@grandest.fr",
    } <= hrefs


def test_every_sentence_of_the_seed_is_on_the_page(poce_page):
    """Nothing of the founding text is lost: each of its sentences is shown."""
    if not SEED_FILE.exists():
        pytest.skip("shared/seeds is not beside the repository")

    def without_guillemets(value):
        return normalise(value.replace("«", " ").replace("»", " "))

    text = without_guillemets(page_text(poce_page))
    seed = SEED_FILE.read_text(encoding="utf-8")
    seed = seed.replace("**", "").replace("[", "").replace("](#)", "")
    skipped = {"CONTACT PRESSE", "06 84 80 11 48 / 03 26 70 74 36"}
    for line in filter(None, (normalise(line) for line in seed.splitlines())):
        if line in skipped:
            continue
        for sentence in without_guillemets(line).split(". "):
            sentence = sentence.strip(" .,")
            if sentence == "a déclaré Jean Rottner":
                continue  # the attribution is the quote's caption, tested above
            assert sentence in text, sentence


def test_loader_gives_the_region_its_official_codes():
    load_poce_chalons_agglo()
    region = Organisation.objects.get(slug="region-grand-est")
    assert (region.siren, region.region_code) == ("200052264", "44")
    assert Organisation.objects.get(slug="chalons-agglo").departement_code == "51"
