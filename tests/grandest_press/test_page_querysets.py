"""Every public page's queryset loads everything its template reads."""

import pytest
from django.db.models import FETCH_RAISE
from django.urls import reverse

from communiques.models import CommuniqueQuerySet
from partners.models import PublicPageQuerySet, TerritorialPact, TerritorialPactQuerySet
from tests.factories import make_attachment, make_organisation

pytestmark = pytest.mark.django_db


# Every public page, read by its own queryset in fetch_mode(FETCH_RAISE): a field or a
# foreign key the page's query did not load raises instead of querying.
PAGE_QUERYSETS = [
    (CommuniqueQuerySet, "for_list"),
    (CommuniqueQuerySet, "for_page"),
    (TerritorialPactQuerySet, "for_list"),
    (PublicPageQuerySet, "for_page"),
]


@pytest.fixture
def page_querysets_raise(monkeypatch):
    for queryset_class, name in PAGE_QUERYSETS:
        method = getattr(queryset_class, name)
        monkeypatch.setattr(
            queryset_class,
            name,
            lambda self, method=method: method(self).fetch_mode(FETCH_RAISE),
        )


def test_the_page_querysets_load_everything_their_templates_read(
    client, release, page_querysets_raise
):
    make_attachment(communique=release, title="Dossier de presse")
    pact = release.pacts.get(status=TerritorialPact.Status.PREPARING)
    current = release.pacts.exclude(pk=pact.pk).get()  # on the home page
    current.territories.add(make_organisation(name="Vitry-le-François"))
    speaker = release.quotes.first().speaker
    organisation = release.organisations.get(name="Zénith")
    theme = release.themes.first()
    pages = {
        reverse("home"): [release.title, current.title, "Vitry-le-François"],
        reverse("communiques:list"): [release.title, "Économie"],
        reverse("communiques:list") + f"?theme={theme.pk}": [release.title, "Santé"],
        reverse("communiques:list") + f"?organisation={organisation.pk}": [release.title],
        reverse("communiques:theme", kwargs={"slug": theme.slug}): [release.title],
        release.get_absolute_url(): [
            "Citation 1",
            "Date corrigée",
            "Deuxième axe",
            "Préfet",
            "SRDEII",
            "06 84 80 11 48",
            "Dossier de presse",
        ],
        reverse("communiques:feed", kwargs={"format": "rss"}): ["Citation 0", "Date corrigée"],
        reverse("partners:pact-list"): [pact.title, current.title, "Vitry-le-François"],
        pact.get_absolute_url(): ["Premier axe", "Président", "1 234 567,89", release.title],
        speaker.get_absolute_url(): ["Maire", release.title],
        organisation.get_absolute_url(): [organisation.name, release.title],
    }
    for url, texts in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode().replace("\xa0", " ").replace("\u202f", " ")
        for text in texts:
            assert text in content, (url, text)
