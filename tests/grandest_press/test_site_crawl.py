"""Every URL the public site links to answers: a breadth-first crawl from the home page.

The site holds the POCE release (`load_poce`) and a corpus with every kind of relation
(quotes, press contacts with phones, images and their renditions, documents, pacts with
axes, signatories and documents, rectificatifs, a withdrawn release, a second page of
releases). Pages, feeds, the sitemap, downloads and kits are requested through the test
client; media and static files, served by the web server in production, must exist on
disk. A template mistake on any linked page shows here as a 5xx or a broken link.
"""

import datetime
from collections import deque
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone

from agenda.seed import load_poce_invitation
from communiques.models import Communique, Correction
from communiques.seed import COMMUNIQUE_SLUG, load_poce_chalons_agglo
from communiques.tasks import render_communique_pdf
from partners.models import Organisation, PactAttachment
from tests.factories import (
    attach_contact,
    make_attachment,
    make_attendee,
    make_axis,
    make_communique,
    make_funding,
    make_image,
    make_invitation,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_press_contact,
    make_quote,
    make_signatory,
    make_staff_user,
    make_theme,
    pdf_bytes,
)

MAX_URLS = 400
# Where a crawl must not go: it would log in, or these are not pages of the site.
OUT_OF_SCOPE = ("/admin/", "/sante/")
# The crawl runs once, in a module fixture; the mark has the test database set up.
pytestmark = pytest.mark.django_db

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "enclosure": "url"}


def build_rich_site():
    """The POCE content and one of every relation a public page can show."""
    load_poce_chalons_agglo()
    poce = Communique.objects.get(slug=COMMUNIQUE_SLUG)
    poce_pact = poce.pacts.get()
    publisher = make_staff_user(group="Publication")
    poce.image = make_image(alt_text="Jean Rottner et Bruno Bourg-Broc signent le pacte")
    poce.save()
    make_attachment(communique=poce, title="Le dossier de presse")
    make_attachment(communique=poce, title="Le dossier de presse", name="dossier.pdf")
    PactAttachment.objects.create(
        pact=poce_pact, title="Le pacte signé", file=ContentFile(pdf_bytes(), name="pacte.pdf")
    )
    Correction.objects.create(communique=poce, text="Le pacte a été signé à 11 h, non à 10 h.")

    region = make_organisation(name="Région Grand Est (copie)", kind=Organisation.Kind.REGION)
    reims = make_organisation(name="Grand Reims", logo=make_image(name="logo.png", alt_text="Logo"))
    mayor = make_person(
        first_name="Arnaud",
        last_name="Robinet",
        portrait=make_image(name="portrait.jpg", alt_text="Portrait d’Arnaud Robinet"),
    )
    make_mandate(person=mayor, organisation=reims, title="Président")
    pact = make_pact(title="Pacte territorial du Grand Reims", territories=[reims])
    make_axis(pact=pact, title="La transition écologique", organisations=[reims])
    make_signatory(pact=pact, organisation=region, role="Président")
    make_signatory(pact=pact, organisation=reims, person=mayor, role="Président")
    make_attendee(pact=pact, person=make_person(last_name="Klinkert"), role="Préfète")
    make_funding(pact=pact, amount=3_000_000)
    theme = make_theme(name="Transition écologique")
    release = make_communique(
        title="La Région soutient l’emploi à Reims",
        body="<h2>Les axes :</h2><ul><li>la transition</li><li>l’emploi</li></ul>",
        image=make_image(name="reims.jpg", alt_text="", is_decorative=True, caption="Reims"),
        themes=[theme],
        pacts=[pact],
        organisations=[region, reims],
    )
    make_quote(communique=release, speaker=mayor, text="Un pacte pour l’emploi.")
    unnamed = make_press_contact(name="", organisation=reims, phones=["0326000000", "0600000000"])
    attach_contact(communique=release, contact=unnamed)
    make_attachment(communique=release, title="Le programme", name="programme.pdf")

    withdrawn = make_communique(title="Communiqué retiré par erreur", pacts=[pact])
    withdrawn.withdraw(by=publisher, reason="Publié par erreur.")
    withdrawn.save()
    make_communique(title="Brouillon jamais publié", published=False, themes=[theme])
    make_communique(
        title="Communiqué sous embargo",
        published_at=timezone.now() + datetime.timedelta(days=2),
        pacts=[pact],
    )
    load_poce_invitation()
    make_invitation(
        title="Visite du chantier de Vatry",
        themes=[theme],
        territories=[reims],
        speakers=[mayor],
        contacts=[unnamed],
        pact=pact,
        related_release=release,
        event_status="cancelled",
        event_status_note="Intempéries.",
    )
    make_invitation(title="Conférence reportée", event_status="postponed", territories=[reims])
    make_invitation(title="Invitation en brouillon", published=False, themes=[theme])
    for number in range(22):  # a second page of releases
        make_communique(
            title=f"Communiqué d’archive n° {number}",
            published_at=timezone.now() - datetime.timedelta(days=30 + number),
        )


def _links(response) -> list[str]:
    content_type = response.get("Content-Type", "")
    if response.get("Content-Type", "").startswith("text/plain"):  # robots.txt
        lines = response.content.decode().splitlines()
        return [line.split(":", 1)[1].strip() for line in lines if line.startswith("Sitemap:")]
    readable = ("text/html", "application/rss", "application/atom", "application/xml", "text/xml")
    if not content_type.startswith(readable):
        return []
    markup = response.content.decode()
    if "html" in content_type:
        document = BeautifulSoup(markup, "html.parser")
        found = [
            element.get(attribute)
            for name, attribute in LINK_ATTRIBUTES.items()
            for element in document.find_all(name)
        ]
        for element in document.find_all(["img", "source"]):
            found += [part.split()[0] for part in element.get("srcset", "").split(",") if part]
        return [url for url in found if url]
    # Feeds and the sitemap, read as XML: <loc>, RSS <link>, Atom <link href>, <enclosure url>.
    found = []
    for element in ElementTree.fromstring(response.content).iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name in {"loc", "link"} and element.text:
            found.append(element.text.strip())
        found += [element.get("href"), element.get("url")]
    return [url for url in found if url]


def _internal_path(url: str, base: str) -> str | None:
    """The path (and query) of a link to this site, None for an outside link."""
    parts = urlsplit(urljoin(base, url))
    if parts.scheme not in {"http", "https"} or parts.hostname not in {"testserver", None}:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _file_exists(path: str) -> bool | None:
    """Media and static files exist on disk; None for any other path."""
    media, static = "/" + settings.MEDIA_URL.lstrip("/"), "/" + settings.STATIC_URL.lstrip("/")
    path = unquote(urlsplit(path).path)
    if path.startswith(media):
        return default_storage.exists(path.removeprefix(media))
    if path.startswith(static):
        return finders.find(path.removeprefix(static)) is not None
    return None


def crawl(client, starts=("/", "/robots.txt")) -> tuple[dict, dict]:
    """({path: status}, {path: page that links to it}), breadth first from `starts`:
    the home page, and robots.txt that gives the sitemap to search engines."""
    statuses, linked_from = {}, dict.fromkeys(starts, "(départ)")
    queue = deque(starts)
    while queue and len(statuses) < MAX_URLS:
        path = queue.popleft()
        on_disk = _file_exists(path)
        if on_disk is not None:
            statuses[path] = 200 if on_disk else 404
            continue
        response = client.get(path)
        statuses[path] = response.status_code
        if response.streaming:
            # A download: reading it to the end closes the file (the test client closes
            # the response then; closing it again would close the database connection).
            b"".join(response.streaming_content)
            continue
        for url in _links(response):
            target = _internal_path(url, f"http://testserver{path}")
            if target and not target.startswith(OUT_OF_SCOPE) and target not in linked_from:
                linked_from[target] = path
                queue.append(target)
    return statuses, linked_from


@dataclass(frozen=True)
class Crawl:
    statuses: dict  # {path: status}
    linked_from: dict  # {path: the page that links to it}
    poce_urls: set  # the POCE release's page, kit and PDF

    def report(self, found: dict) -> dict:
        """{path: (status, the page that links to it)}"""
        return {path: (status, self.linked_from[path]) for path, status in found.items()}


@pytest.fixture(scope="module")
def crawled(django_db_setup, django_db_blocker, tmp_path_factory):
    """One build and one crawl for the tests of this module, rolled back afterwards."""
    for cache in caches.all():
        cache.clear()
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            RESPONSE_CACHE_ENABLED=False,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        if connection.vendor == "postgresql":
            # JIT-compiling the organisation feeds' query costs PostgreSQL about 2.5 s per
            # feed on this small database (40 ms without): this test is about answers,
            # not speed. SET LOCAL ends with the transaction.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        build_rich_site()
        poce = Communique.objects.get(slug=COMMUNIQUE_SLUG)
        render_communique_pdf.call(poce.pk)  # as the worker does at publication
        # A server error is recorded as the 500 a reader gets, not raised in the test.
        statuses, linked_from = crawl(Client(raise_request_exception=False))
        transaction.set_rollback(True)
    return Crawl(
        statuses,
        linked_from,
        {poce.get_absolute_url(), poce.get_kit_url(), poce.get_pdf_url()},
    )


def in_preparation(path, status) -> bool:
    """A release's PDF the worker has not rendered yet: « en préparation » (503 with
    Retry-After), a planned answer, not an error (communiques/pdf.py)."""
    return status == 503 and path.endswith("/pdf/")


def test_no_linked_url_of_the_public_site_answers_a_server_error(crawled):
    errors = {
        path: status
        for path, status in crawled.statuses.items()
        if status >= 500 and not in_preparation(path, status)
    }
    assert not errors, {
        path: (status, crawled.linked_from[path]) for path, status in errors.items()
    }


def test_no_internal_link_is_broken(crawled):
    broken = {path: status for path, status in crawled.statuses.items() if status in {404, 410}}
    assert not broken, {
        path: (status, crawled.linked_from[path]) for path, status in broken.items()
    }


def test_the_crawl_reaches_every_kind_of_url(crawled):
    visited = set(crawled.statuses)
    assert len(visited) < MAX_URLS, "le plafond d’URL est atteint : le crawl est incomplet"
    expected = {
        "/sitemap.xml",
        "/communiques/flux/rss/",
        "/communiques/flux/atom/",
        "/communiques/?page=2",
        "/agenda/",
        "/agenda/flux/rss/",
        "/agenda/calendrier.ics",
        *crawled.poce_urls,
    }
    assert expected <= visited
    # The POCE's page, kit and PDF (rendered before the crawl, as at publication).
    assert {crawled.statuses[path] for path in crawled.poce_urls} == {200}
    fragments = ["/kit-presse/", "/documents/", "/media/", "/static/", "/pactes/", "/agenda/"]
    fragments += ["/invitation.ics", "/agenda/calendriers/theme/", "/sitemap-agenda.xml"]
    for fragment in fragments:
        assert any(fragment in path for path in visited), fragment
