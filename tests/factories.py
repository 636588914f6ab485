"""Keyword-only factory functions: each test states only what it depends on."""

import datetime
import io
import itertools
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from communiques.models import (
    Communique,
    CommuniqueAttachment,
    CommuniqueContact,
    PressContact,
    PressContactPhone,
    Quote,
    Theme,
)
from communiques.seed import SEED_TEXT
from grandest_press.models import Image
from partners.models import (
    Mandate,
    Organisation,
    PactAttendee,
    PactAxis,
    PactFunding,
    PactKind,
    PactSignatory,
    Person,
    ReferenceFramework,
    TerritorialPact,
)

# The release files the importer's tests read: the samples of tests/communiques/texts/
# (each a way real releases are written), then the seed that `make run` loads.
RELEASE_TEXTS = [*sorted(Path(__file__).parent.glob("communiques/texts/*.txt")), SEED_TEXT]


def release_text(*, name: str = SEED_TEXT.name) -> str:
    """The text of one of RELEASE_TEXTS, by file name; the seed by default."""
    [path] = [path for path in RELEASE_TEXTS if path.name == name]
    return path.read_text(encoding="utf-8")


_sequence = itertools.count(1)

# When the partner records factories make public (public=True) have been public: long
# before any moment a test travels to.
PUBLIC_SINCE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def _public_state(public: bool) -> dict:
    return {"public_since": PUBLIC_SINCE if public else None}


def _next() -> int:
    return next(_sequence)


def make_organisation(*, name=None, slug=None, kind=Organisation.Kind.EPCI, public=True, **fields):
    """An organisation, public by default; public=False: private, as a new record is."""
    number = _next()
    name = name or f"Communauté de communes n° {number}"
    return Organisation.objects.create(
        name=name,
        slug=slug or f"organisation-{number}",
        kind=kind,
        **_public_state(public),
        **fields,
    )


def make_person(*, first_name="Jeanne", last_name=None, slug=None, public=True, **fields):
    """A person, public by default; public=False: private, as a new record is."""
    number = _next()
    last_name = last_name or f"Martin{number}"
    return Person.objects.create(
        first_name=first_name,
        last_name=last_name,
        slug=slug or f"personne-{number}",
        **_public_state(public),
        **fields,
    )


def make_mandate(
    *,
    person=None,
    organisation=None,
    title="Président",
    start_date=datetime.date(2017, 10, 20),
    end_date=None,
):
    return Mandate.objects.create(
        person=person or make_person(),
        organisation=organisation or make_organisation(),
        title=title,
        start_date=start_date,
        end_date=end_date,
    )


def make_pact_kind(*, acronym=None, full_name="Pacte Offensive Croissance Emploi"):
    number = _next()
    acronym = acronym or f"POCE{number}"
    return PactKind.objects.create(acronym=acronym, full_name=full_name, slug=acronym.lower())


def make_framework(*, acronym=None, full_name="Schéma régional", kind="schema"):
    acronym = acronym or f"SR{_next()}"
    return ReferenceFramework.objects.create(acronym=acronym, full_name=full_name, kind=kind)


def make_pact(
    *,
    title=None,
    kind=None,
    territories=(),
    status=TerritorialPact.Status.SIGNED,
    signing_date=datetime.date(2019, 9, 5),
    public=True,
    **fields,
):
    """A pact, public by default; public=False: private, as a new record is."""
    number = _next()
    pact = TerritorialPact.objects.create(
        title=title or f"Pacte n° {number}",
        slug=f"pacte-{number}",
        kind=kind or make_pact_kind(),
        status=status,
        signing_date=signing_date,
        **_public_state(public),
        **fields,
    )
    if territories:
        pact.territories.set(territories)
    return pact


def make_axis(*, pact, order=1, title="Axe", organisations=()):
    axis = PactAxis.objects.create(pact=pact, order=order, title=title)
    axis.organisations.set(organisations)
    return axis


def make_signatory(*, pact, organisation=None, person=None, role="", order=0):
    return PactSignatory.objects.create(
        pact=pact,
        organisation=organisation or make_organisation(),
        person=person,
        role=role,
        order=order,
    )


def make_theme(*, name=None):
    number = _next()
    return Theme.objects.create(name=name or f"Thème {number}", slug=f"theme-{number}")


def make_communique(
    *,
    title=None,
    published=True,
    published_at=None,
    event_date=None,
    lede="Chapeau du communiqué.",
    body="<p>Texte du communiqué.</p>",
    themes=(),
    pacts=(),
    organisations=(),
    complete=True,
    **fields,
):
    """A release; `complete` (the default) gives it what publishing needs that the
    arguments left out: an event date, a theme and a press contact (shared by the
    releases a test makes, so that lists and counts stay as the test states them)."""
    number = _next()
    if published:
        fields["status"] = Communique.Status.PUBLISHED
        fields["published_at"] = published_at or timezone.now() - datetime.timedelta(hours=1)
    elif published_at is not None:
        fields["published_at"] = published_at
    if complete and event_date is None:
        event_date = datetime.date(2019, 9, 5)
    communique = Communique.objects.create(
        title=title or f"Communiqué n° {number}",
        slug=f"communique-{number}",
        lede=lede,
        body=body,
        event_date=event_date,
        **fields,
    )
    communique.themes.set(themes or ([_factory_theme()] if complete else []))
    communique.pacts.set(pacts)
    communique.organisations.set(organisations)
    if complete:
        attach_contact(communique=communique, contact=_factory_contact())
    return communique


def _factory_theme():
    theme, _created = Theme.objects.get_or_create(
        slug="territoires", defaults={"name": "Territoires"}
    )
    return theme


def _factory_contact():
    region, _created = Organisation.objects.get_or_create(
        slug="region-grand-est-presse",
        defaults={"name": "Région Grand Est (service presse)", "kind": Organisation.Kind.REGION},
    )
    # By name too: a test may give the service's own mailbox a nameless contact.
    contact, _created = PressContact.objects.get_or_create(
        email="presse@grandest.fr", name="Service presse", defaults={"organisation": region}
    )
    return contact


def make_quote(*, communique, speaker=None, text="Nous signons ce pacte.", order=0, **fields):
    return Quote.objects.create(
        communique=communique, speaker=speaker or make_person(), text=text, order=order, **fields
    )


def make_press_contact(*, name="Sandrine Poirier", email=None, organisation=None, phones=()):
    number = _next()
    contact = PressContact.objects.create(
        name=name,
        email=email if email is not None else f"contact{number}@grandest.fr",
        organisation=organisation or make_organisation(kind=Organisation.Kind.REGION),
    )
    for order, phone in enumerate(phones):
        PressContactPhone.objects.create(contact=contact, number=phone, order=order)
    return contact


def attach_contact(*, communique, contact, order=0):
    return CommuniqueContact.objects.create(communique=communique, contact=contact, order=order)


def make_staff_user(*, group=None, username=None, superuser=False):
    """A staff user, in the "Rédaction" or "Publication" group created by migration."""
    username = username or f"agent{_next()}"
    user = User.objects.create_user(
        username=username,
        email=f"{username}@grandest.fr",
        password="mot-de-passe-de-test-1234",
        is_staff=True,
        is_superuser=superuser,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_attendee(*, pact, person=None, role="", order=0):
    """Someone "en présence de" at a signing, who does not sign."""
    return PactAttendee.objects.create(
        pact=pact, person=person or make_person(), role=role, order=order
    )


def make_funding(*, pact, label="Engagement de la Région", amount=1_000_000, wording="", order=0):
    return PactFunding.objects.create(
        pact=pact, label=label, amount=amount, wording=wording, order=order
    )


def make_region(**fields):
    """The Région Grand Est, written "de la Région Grand Est" after a title."""
    fields.setdefault("name_with_preposition", "de la Région Grand Est")
    return make_organisation(name="Région Grand Est", kind=Organisation.Kind.REGION, **fields)


def make_former_president(*, region):
    """Jean Rottner: Président of `region` from 20 October 2017 to 12 January 2022,
    then Conseiller régional."""
    jean = make_person(first_name="Jean", last_name="Rottner")
    make_mandate(
        person=jean,
        organisation=region,
        title="Président",
        start_date=datetime.date(2017, 10, 20),
        end_date=datetime.date(2022, 1, 12),
    )
    make_mandate(
        person=jean,
        organisation=region,
        title="Conseiller régional",
        start_date=datetime.date(2022, 1, 13),
    )
    return jean


def image_bytes(*, width=1200, height=800, image_format="JPEG", mode="RGB", color=(0, 85, 164)):
    """An image file's bytes, drawn with Pillow."""
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height), color).save(buffer, image_format)
    return buffer.getvalue()


def make_image(
    *,
    content=None,
    name="signature-poce.jpg",
    alt_text="Jean Rottner et Bruno Bourg-Broc signent le pacte",
    credit="Région Grand Est",
    **fields,
):
    """A stored image with its renditions (set settings.MEDIA_ROOT to a temporary folder)."""
    content = image_bytes() if content is None else content
    return Image.objects.create(
        file=ContentFile(content, name=name), alt_text=alt_text, credit=credit, **fields
    )


def pdf_bytes(text="Dossier de presse"):
    """A small, well-formed PDF file."""
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
        + f"% {text}\n".encode()
        + b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def make_attachment(*, communique, title="Le dossier de presse", content=None, name="dp.pdf"):
    return CommuniqueAttachment.objects.create(
        communique=communique,
        title=title,
        file=ContentFile(pdf_bytes() if content is None else content, name=name),
    )


def communique_form_data(communique, **overrides):
    """POST data of a release's admin change form, with no inline rows."""
    data = {
        "title": communique.title,
        "slug": communique.slug,
        "lede": communique.lede,
        "body": communique.body,
        "version": communique.version,
        "dateline_place": communique.dateline_place,
        "event_date": "",
        "event_date_precision": "day",
    }
    for inline in ["quotes", "contact_links", "corrections", "attachments", "preview_links"]:
        data[f"{inline}-TOTAL_FORMS"] = "0"
        data[f"{inline}-INITIAL_FORMS"] = "0"
    data.update(overrides)
    return data


def make_media(*, name=None, kind="pqr", territories=()):
    from journalists.models import Media

    media = Media.objects.create(name=name or f"Le Quotidien {_next()}", kind=kind)
    media.territories.set(territories)
    return media


def make_journalist(
    *,
    name=None,
    media=None,
    emails=None,
    phones=(),
    beats=(),
    territories=(),
    languages=(),
    legal_basis="interet_legitime",
    **fields,
):
    """A journalist with one address by default (claire.N@exemple-presse.fr)."""
    from journalists.models import Journalist, Language

    number = _next()
    journalist = Journalist.objects.create(
        name=name or f"Claire Martin {number}", media=media, **fields
    )
    if emails is None:
        emails = [f"claire.{number}@exemple-presse.fr"]
    for order, email in enumerate(emails):
        journalist.emails.create(
            email=email, legal_basis=legal_basis, source="Carte de visite", order=order
        )
    for order, number in enumerate(phones):
        journalist.phones.create(number=number, order=order)
    journalist.beats.set(beats)
    journalist.territories.set(territories)
    journalist.languages.set(Language.objects.filter(code__in=languages))
    return journalist


def make_recipient_list(*, name=None, journalists=()):
    from journalists.models import RecipientList

    recipient_list = RecipientList.objects.create(name=name or f"Liste {_next()}")
    recipient_list.journalists.set(journalists)
    return recipient_list


def make_segment(*, name=None, themes=(), territories=(), media_kinds=(), languages=()):
    from journalists.models import Language, Segment

    segment = Segment.objects.create(name=name or f"Segment {_next()}", media_kinds=media_kinds)
    segment.themes.set(themes)
    segment.territories.set(territories)
    segment.languages.set(Language.objects.filter(code__in=languages))
    return segment


def make_sending(*, communique, journalists=(), lists=(), segments=()):
    """A sending prepared (not launched) by a press officer."""
    from journalists.models import Sending

    sending = Sending.objects.create(communique=communique)
    sending.journalists.set(journalists)
    sending.recipient_lists.set(lists)
    sending.segments.set(segments)
    return sending


def make_invitation(
    *,
    title=None,
    published=True,
    published_at=None,
    starts_at=None,
    ends_at=None,
    place_name="Foire de Châlons-en-Champagne",
    lede="Le Président de la Région signera le pacte.",
    programme="<p>11 h : accueil ; 11 h 15 : signature.</p>",
    themes=(),
    territories=(),
    speakers=(),
    contacts=(),
    **fields,
):
    """A press invitation; by default published an hour ago, for an event in a week."""
    from agenda.models import Invitation

    number = _next()
    if published:
        fields["status"] = Invitation.Status.PUBLISHED
        fields["published_at"] = published_at or timezone.now() - datetime.timedelta(hours=1)
    elif published_at is not None:
        fields["published_at"] = published_at
    starts_at = starts_at or timezone.now() + datetime.timedelta(days=7)
    invitation = Invitation.objects.create(
        title=title or f"Invitation n° {number}",
        slug=f"invitation-{number}",
        starts_at=starts_at,
        ends_at=ends_at,
        place_name=place_name,
        lede=lede,
        programme=programme,
        **fields,
    )
    invitation.themes.set(themes)
    invitation.territories.set(territories)
    invitation.speakers.set(speakers)
    invitation.contacts.set(contacts)
    return invitation
