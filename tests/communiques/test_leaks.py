"""No leak, anywhere: every non-public state × every public surface.

The page cache is on here, as in production: a cached page must not outlive the
moment a scheduled release turns public, nor show what is not public.

Each release carries a unique marker in its title, lede, body and quote. Whatever
its state, no public page may show any of them, until the scheduled time has come.
Add every new public surface (search, feeds, sitemap, exports…) to SURFACES.

The pact, person and organisation a release cites are private records (not published
yet), with a marker in every text field of theirs and of the pact's axis, signatory,
attendee, funding and document: none may show either, until the release that cites
them turns public and they with it.
"""

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from partners.models import PactAttachment
from tests.factories import (
    image_bytes,
    make_attachment,
    make_attendee,
    make_axis,
    make_communique,
    make_funding,
    make_image,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_quote,
    make_signatory,
    make_staff_user,
    make_theme,
    pdf_bytes,
)
from tests.html import soup

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


# The text fields of the private records a release cites, each given a marker.
PARTNER_FIELDS = [
    "pact-title",
    "pact-summary",
    "pact-place",
    "axis-title",
    "axis-description",
    "funding-label",
    "funding-wording",
    "signatory-role",
    "attendee-role",
    "document-title",
    "person-first-name",
    "person-last-name",
    "person-bio",
    "mandate-title",
    "organisation-name",
    "organisation-short-name",
    "organisation-preposition",
    "organisation-description",
]


def partner_markers(state):
    """A marker for each text field of the private records a release in `state` cites."""
    return {
        field: f"{field.replace('-', '').upper()}{state.upper()}XQZ" for field in PARTNER_FIELDS
    }


def make_private_partners(state):
    """A private pact (with an axis, a signatory, an attendee, a funding and a document),
    person (with a mandate, and a portrait) and organisation (with a logo), each text field
    carrying its marker and the word "confidentiel" for searches."""
    mark = partner_markers(state)
    organisation = make_organisation(
        public=False,
        name=f"{mark['organisation-name']} confidentiel",
        short_name=mark["organisation-short-name"],
        name_with_preposition=mark["organisation-preposition"],
        description=mark["organisation-description"],
        logo=make_image(content=image_bytes(width=60, height=40)),
    )
    person = make_person(
        public=False,
        first_name=mark["person-first-name"],
        last_name=f"{mark['person-last-name']} confidentiel",
        bio=mark["person-bio"],
        portrait=make_image(content=image_bytes(width=60, height=40)),
    )
    make_mandate(person=person, organisation=organisation, title=mark["mandate-title"])
    pact = make_pact(
        public=False,
        title=f"{mark['pact-title']} confidentiel",
        summary=mark["pact-summary"],
        signing_place=mark["pact-place"],
        territories=[organisation],
    )
    axis = make_axis(pact=pact, title=mark["axis-title"], organisations=[organisation])
    axis.description = mark["axis-description"]
    axis.save()
    make_funding(pact=pact, label=mark["funding-label"], wording=mark["funding-wording"])
    make_signatory(pact=pact, organisation=organisation, person=person, role=mark["signatory-role"])
    make_attendee(pact=pact, person=make_person(public=False), role=mark["attendee-role"])
    document = PactAttachment.objects.create(
        pact=pact, title=mark["document-title"], file=ContentFile(pdf_bytes(), name="pacte.pdf")
    )
    return {"pact": pact, "organisation": organisation, "speaker": person, "document": document}


def make_release(state):
    """A release in `state`, linked to a theme, and to a pact, an organisation and a
    speaker that are private until the release makes them public."""
    theme = make_theme()
    partners = make_private_partners(state)
    mark = markers(state)
    fields = {
        "title": mark["title"],
        "lede": mark["lede"],
        "body": f"<p>{mark['body']} logistique confidentielle</p>",
        "themes": [theme],
        "pacts": [partners["pact"]],
        "organisations": [partners["organisation"]],
        "image": make_image(content=image_bytes(width=60, height=40)),
    }
    if state in ("draft", "scheduled"):
        communique = make_communique(published=False, **fields)
    elif state == "review":
        communique = make_communique(published=False, status="review", **fields)
    elif state == "withdrawn":
        communique = make_communique(
            published=False,
            status="withdrawn",
            published_at=LIFT - datetime.timedelta(days=2),
            withdrawn_at=LIFT - datetime.timedelta(days=1),
            withdrawal_reason="Retiré à la demande du partenaire.",
            **fields,
        )
    make_quote(communique=communique, speaker=partners["speaker"], text=mark["quote"])
    if state == "scheduled":  # as Publication does it: what it cites lifts with it
        communique.schedule(by=make_staff_user(group="Publication"), at=LIFT)
    return communique, {
        "image": communique.image,
        "attachment": make_attachment(communique=communique),
        "theme": theme,
        **partners,
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
    "attachment": lambda c, related: related["attachment"].get_absolute_url(),
    "pact-document": lambda c, related: related["document"].get_absolute_url(),
    # A word of the pact, person and organisation that is not a marker.
    "search-partners": lambda c, related: reverse("communiques:search") + "?q=confidentiel",
    "sitemap": lambda c, related: reverse("sitemap"),
    **{
        f"sitemap-{section}": (
            lambda c, related, section=section: reverse("sitemap-section", args=[section])
        )
        for section in ("pactes", "personnalites", "organisations")
    },
    "subscribe": lambda c, related: reverse("journalists:subscribe"),
}

# Surfaces that show a whole release; the others show a title (and maybe a lede).
FULL_SURFACES = {"detail", "feed-rss", "feed-atom", "feed-theme", "feed-pact", "kit"}
# Downloads of a release or pact: refused (404) until it is public.
FILE_SURFACES = {"kit", "attachment", "pact-document"}
# The pages of the pact, person and organisation: not found (404) until they are public.
PARTNER_PAGES = {"pact", "organisation", "person", "feed-pact", "feed-organisation", "feed-person"}
# What each partner page shows once public, among the partner markers.
SHOWN_ON_PARTNER_PAGES = {
    "pact": [
        *(name for name in PARTNER_FIELDS if not name.startswith(("person", "mandate", "org"))),
        "organisation-name",
        "person-last-name",
    ],
    "person": ["person-first-name", "person-last-name", "person-bio", "mandate-title"],
    "organisation": [
        "organisation-name",
        "organisation-short-name",
        "organisation-description",
        "mandate-title",
        "pact-title",
    ],
    "search-partners": ["pact-title", "person-last-name", "organisation-name"],
}


def readable(response) -> str:
    """What a reader gets as text: the page, or the text files of a downloaded zip."""
    if response.get("Content-Type") == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        return "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.endswith((".txt", ".html"))
        )
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


def scoped_feed(scope, obj):
    return reverse(
        "communiques:scoped-feed", kwargs={"scope": scope, "slug": obj.slug, "format": "rss"}
    )


def leaked(content, state, *, allowed=()):
    return [
        name for name, mark in markers(state).items() if mark in content and name not in allowed
    ]


def partners_leaked(content, state):
    return [name for name, mark in partner_markers(state).items() if mark in content]


def partner_files(related):
    """The folders of the portrait and logo."""
    return [related["speaker"].portrait.folder, related["organisation"].logo.folder]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("state", ["draft", "review", "scheduled", "withdrawn"])
def test_no_marker_of_a_non_public_release_on_any_surface(client, time_machine, state, surface):
    time_machine.move_to(LIFT - SECOND, tick=False)
    communique, related = make_release(state)
    response = client.get(SURFACES[surface](communique, related))
    content = readable(response)
    # The withdrawal notice names the release it replaces, nothing more.
    allowed = ("title",) if (state, surface) == ("withdrawn", "detail") else ()
    assert leaked(content, state, allowed=allowed) == []
    assert partners_leaked(content, state) == []
    # The image's files sit in a random folder that no page names before publication.
    assert related["image"].folder not in content
    assert [name for name in partner_files(related) if name in content] == []
    if surface not in FILE_SURFACES | PARTNER_PAGES:  # a 404 names the address asked for
        for record in ("pact", "organisation", "speaker", "document"):
            assert related[record].get_absolute_url() not in content
    if surface in FILE_SURFACES | PARTNER_PAGES:
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
    response = client.get(url)
    assert response.status_code == 200
    content = readable(response)
    mark = partner_markers("scheduled")
    assert [m for m in SHOWN_ON_PARTNER_PAGES.get(surface, []) if mark[m] not in content] == []
    if surface.startswith("sitemap-"):
        record = {"pactes": "pact", "personnalites": "speaker", "organisations": "organisation"}
        url = related[record[surface.removeprefix("sitemap-")]].get_absolute_url()
        assert url in content
        return
    if surface in ("attachment", "pact-document", "sitemap", "subscribe", "search-partners"):
        return  # a document served now, an index of sections, forms and partner results
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
def test_the_release_list_offers_no_private_record_as_a_filter(client, time_machine, state):
    time_machine.move_to(LIFT - SECOND, tick=False)
    communique, related = make_release(state)
    response = client.get(SURFACES["list-filtered"](communique, related))
    options = {o.get("value") for o in soup(response).select("select option")}
    for record in ("pact", "organisation", "speaker"):
        assert related[record].slug not in options


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
