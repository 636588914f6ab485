"""No leak, anywhere: every non-public state × every public surface.

The page cache is on here, as in production: a cached page must not outlive the
moment a scheduled release turns public, nor show what is not public.

Each release carries a unique marker in its title, lede, body and quote. Whatever
its state, no public page may show any of them, until the scheduled time has come.
Add every new public surface (search, feeds, sitemap, exports…) to SURFACES.
"""

import datetime
import io
import zipfile

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from communiques.tasks import render_communique_pdf
from tests.factories import (
    image_bytes,
    make_attachment,
    make_communique,
    make_image,
    make_organisation,
    make_pact,
    make_person,
    make_quote,
    make_theme,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache_on")]

SECOND = datetime.timedelta(seconds=1)
LIFT = datetime.datetime(2030, 9, 5, 9, 0, tzinfo=datetime.UTC)


def markers(state):
    return {
        "title": f"TITRE{state.upper()}XQZ",
        "lede": f"CHAPEAU{state.upper()}XQZ",
        "body": f"CORPS{state.upper()}XQZ",
        "quote": f"CITATION{state.upper()}XQZ",
    }


def make_release(state):
    """A release in `state`, linked to a theme, pact, organisation and speaker."""
    theme, pact, organisation, speaker = (
        make_theme(),
        make_pact(),
        make_organisation(),
        make_person(),
    )
    mark = markers(state)
    fields = {
        "title": mark["title"],
        "lede": mark["lede"],
        "body": f"<p>{mark['body']} logistique confidentielle</p>",
        "themes": [theme],
        "pacts": [pact],
        "organisations": [organisation],
        "image": make_image(content=image_bytes(width=60, height=40)),
    }
    if state == "draft":
        communique = make_communique(published=False, **fields)
    elif state == "review":
        communique = make_communique(published=False, status="review", **fields)
    elif state == "scheduled":
        communique = make_communique(published=True, published_at=LIFT, **fields)
    elif state == "withdrawn":
        communique = make_communique(
            published=False,
            status="withdrawn",
            published_at=LIFT - datetime.timedelta(days=2),
            withdrawn_at=LIFT - datetime.timedelta(days=1),
            withdrawal_reason="Retiré à la demande du partenaire.",
            **fields,
        )
    make_quote(communique=communique, speaker=speaker, text=mark["quote"])
    return communique, {
        "image": communique.image,
        "attachment": make_attachment(communique=communique),
        "theme": theme,
        "pact": pact,
        "organisation": organisation,
        "speaker": speaker,
    }


SURFACES = {
    "home": lambda c, related: reverse("home"),
    "list": lambda c, related: reverse("communiques:list"),
    "list-filtered": lambda c, related: (
        reverse("communiques:list")
        + f"?theme={related['theme'].slug}&organisation={related['organisation'].slug}"
        + f"&pacte={related['pact'].slug}&personne={related['speaker'].slug}"
    ),
    "theme": lambda c, related: related["theme"].get_absolute_url(),
    "detail": lambda c, related: c.get_absolute_url(),
    "pact": lambda c, related: related["pact"].get_absolute_url(),
    "pact-list": lambda c, related: reverse("partners:pact-list"),
    "organisation": lambda c, related: related["organisation"].get_absolute_url(),
    "person": lambda c, related: related["speaker"].get_absolute_url(),
    "contacts": lambda c, related: reverse("communiques:contacts"),
    # A word of the release that is not a marker: the page echoes the query.
    "search": lambda c, related: reverse("communiques:search") + "?q=logistique",
    "feed-rss": lambda c, related: reverse("communiques:feed", kwargs={"format": "rss"}),
    "feed-atom": lambda c, related: reverse("communiques:feed", kwargs={"format": "atom"}),
    "feed-theme": lambda c, related: scoped_feed("theme", related["theme"]),
    "feed-pact": lambda c, related: scoped_feed("pacte", related["pact"]),
    "feed-organisation": lambda c, related: scoped_feed("organisation", related["organisation"]),
    "feed-person": lambda c, related: scoped_feed("personnalite", related["speaker"]),
    "kit": lambda c, related: c.get_kit_url(),
    "pdf": lambda c, related: c.get_pdf_url(),
    "attachment": lambda c, related: related["attachment"].get_absolute_url(),
}

# Surfaces that show a whole release; the others show a title (and maybe a lede).
FULL_SURFACES = {"detail", "feed-rss", "feed-atom", "feed-theme", "feed-pact", "kit", "pdf"}
# Downloads of a release: refused (404) until it is public.
FILE_SURFACES = {"kit", "attachment", "pdf"}


def readable(response) -> str:
    """What a reader gets as text: the page, the text files of a downloaded zip, or
    the text of a PDF."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type") == "application/pdf":
        try:
            reader = pypdf.PdfReader(io.BytesIO(body))
            return " ".join(page.extract_text() for page in reader.pages)
        except pypdf.errors.PdfReadError:
            pass  # the tests' attachments are a few bytes that only start like a PDF
    if response.get("Content-Type") == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(body))
        return "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.endswith((".txt", ".html"))
        )
    return body.decode(errors="replace")


def scoped_feed(scope, obj):
    return reverse(
        "communiques:scoped-feed", kwargs={"scope": scope, "slug": obj.slug, "format": "rss"}
    )


def leaked(content, state, *, allowed=()):
    return [
        name for name, mark in markers(state).items() if mark in content and name not in allowed
    ]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("state", ["draft", "review", "scheduled", "withdrawn"])
def test_no_marker_of_a_non_public_release_on_any_surface(client, time_machine, state, surface):
    time_machine.move_to(LIFT - SECOND, tick=False)
    communique, related = make_release(state)
    if surface == "pdf":
        render_communique_pdf.call(communique.pk)  # a worker running early renders nothing
    response = client.get(SURFACES[surface](communique, related))
    content = readable(response)
    # The withdrawal notice names the release it replaces, nothing more.
    allowed = ("title",) if (state, surface) == ("withdrawn", "detail") else ()
    assert leaked(content, state, allowed=allowed) == []
    # The image's files sit in a random folder that no page names before publication.
    assert related["image"].folder not in content
    if surface in FILE_SURFACES:
        assert response.status_code == 404
    if surface == "detail":
        assert response.status_code == (410 if state == "withdrawn" else 404)


@pytest.mark.parametrize("surface", SURFACES)
def test_scheduled_release_appears_one_second_after_its_time(client, time_machine, surface):
    time_machine.move_to(LIFT - SECOND, tick=False)
    communique, related = make_release("scheduled")
    url = SURFACES[surface](communique, related)
    client.get(url)  # cached while the release is still under embargo
    time_machine.move_to(LIFT + SECOND, tick=False)
    if surface == "pdf":
        render_communique_pdf.call(communique.pk)  # what the worker does at publication
    response = client.get(url)
    assert response.status_code == 200
    content = readable(response)
    if surface == "attachment":
        return  # the document itself, served now
    if surface == "contacts":
        return  # lists contacts, never releases
    if surface == "pact-list":
        return  # lists pacts, never releases
    if surface == "person":
        assert markers("scheduled")["quote"] in content
        return
    assert markers("scheduled")["title"] in content
    if surface in FULL_SURFACES:
        assert leaked(content, "scheduled") == ["title", "lede", "body", "quote"]


@pytest.mark.parametrize("state", ["draft", "review", "scheduled", "withdrawn"])
def test_sitemap_never_lists_a_non_public_release(client, time_machine, state):
    time_machine.move_to(LIFT - SECOND, tick=False)
    communique, _ = make_release(state)
    content = client.get(reverse("sitemap-section", args=["communiques"])).content.decode()
    assert communique.get_absolute_url() not in content
    if state == "scheduled":
        time_machine.move_to(LIFT + SECOND, tick=False)
        content = client.get(reverse("sitemap-section", args=["communiques"])).content.decode()
        assert communique.get_absolute_url() in content


def test_the_matrix_clock_really_matters():
    """Guards the matrix itself: the scheduled release is public just after LIFT."""
    from communiques.models import Communique

    communique = make_communique(published=True, published_at=timezone.now() + SECOND)
    assert not Communique.objects.published().filter(pk=communique.pk).exists()
