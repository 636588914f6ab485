"""Images, documents and the kit presse of a release: on the page, as downloads, in the
zip, and never before the release is public. Files are made here; MEDIA_ROOT is temporary."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communiques.models import CommuniqueAttachment
from grandest_press import documents
from grandest_press.models import Image
from partners.models import Organisation, PactAttachment
from tests.factories import (
    attach_contact,
    image_bytes,
    make_attachment,
    make_communique,
    make_image,
    make_organisation,
    make_pact,
    make_person,
    make_press_contact,
    make_quote,
    make_staff_user,
    pdf_bytes,
)
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def office_bytes(main_folder="word/", *, macros=False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{main_folder}document.xml", "<document/>")
        if macros:
            archive.writestr(f"{main_folder}vbaProject.bin", b"\0")
    return buffer.getvalue()


def opendocument_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def signing_release(**fields):
    image = make_image(
        content=image_bytes(width=2000, height=1333),
        alt_text="Jean Rottner et Bruno Bourg-Broc signent le POCE",
        credit="Région Grand Est",
    )
    return make_communique(
        complete=False,
        title="Signature du POCE de Châlons Agglo",
        image=image,
        body="<p>Le pacte engage la Région.</p><ul><li>Attractivité</li></ul>",
        **fields,
    )


# The release page


def test_release_page_shows_the_responsive_photo_with_its_credit(client):
    communique = signing_release()
    page = soup(client.get(communique.get_absolute_url()))
    figure = page.select_one("figure.communique__image")
    img = figure.select_one("img")
    storage = communique.image.file.storage
    for rendition in communique.image.renditions():
        srcset = img["srcset"] if rendition.format == "jpg" else figure.source["srcset"]
        assert f"{storage.url(rendition.name)} {rendition.width}w" in srcset
        assert storage.exists(rendition.name)
    assert img["alt"] == "Jean Rottner et Bruno Bourg-Broc signent le POCE"
    assert (img["width"], img["height"]) == ("1600", "1066")
    assert figure.figcaption.get_text() == "©\xa0Région Grand Est"


def test_release_page_announces_the_open_graph_crop(client):
    communique = signing_release()
    page = soup(client.get(communique.get_absolute_url()))
    og = page.select_one('meta[property="og:image"]')["content"]
    assert og == f"http://testserver{communique.image.og_url}"
    assert page.select_one('meta[property="og:image:width"]')["content"] == "1200"


def test_person_and_organisation_pages_show_portrait_and_logo(client):
    portrait = make_image(content=image_bytes(width=600, height=800), alt_text="Jean Rottner")
    logo = make_image(content=image_bytes(width=400, height=200), alt_text="Logo de la Région")
    person = make_person(portrait=portrait)
    organisation = make_organisation(logo=logo)
    img = soup(client.get(person.get_absolute_url())).select_one("figure.portrait img")
    assert img["alt"] == "Jean Rottner"
    assert img["src"] == portrait.url
    img = soup(client.get(organisation.get_absolute_url())).select_one("figure.logo img")
    assert img["alt"] == "Logo de la Région"


@pytest.mark.parametrize("count", [1, 6])
def test_release_page_queries_do_not_grow_with_images_and_documents(
    client, django_assert_num_queries, count
):
    communique = signing_release()
    for number in range(count):
        make_attachment(communique=communique, title=f"L’annexe {number}")
        make_quote(
            communique=communique,
            speaker=make_person(portrait=make_image(content=image_bytes(width=40, height=40))),
        )
    # Same number of queries for 1 and for 6 documents and portraits: one, the release
    # with everything it shows (grandest_press.relations).
    with django_assert_num_queries(1):
        response = client.get(communique.get_absolute_url())
    assert len(soup(response).select(".attachments li")) == count


# Documents


def test_attachment_link_gives_format_and_size_in_french(client):
    communique = signing_release()
    make_attachment(
        communique=communique,
        title="Le dossier de presse",
        content=b"%PDF-1.4\n%" + b"0" * 2_300_000 + b"\n%%EOF\n",
    )
    link = soup(client.get(communique.get_absolute_url())).select_one(".attachments a")
    assert link.get_text() == "Télécharger le dossier de presse (PDF, 2,3 Mo)"


def test_attachment_downloads_under_a_name_made_from_its_title(client):
    communique = signing_release()
    attachment = make_attachment(communique=communique, title="Le pacte signé", name="x.bin")
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="le-pacte-signe.pdf"'
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert attachment.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (pdf_bytes(), "pdf"),
        (office_bytes("word/"), "docx"),
        (office_bytes("xl/"), "xlsx"),
        (office_bytes("ppt/"), "pptx"),
        (opendocument_bytes(), "odt"),
    ],
)
def test_document_type_is_read_from_the_content(content, expected):
    assert documents.detect_format(ContentFile(content, name="document.bin")) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><body>Dossier</body></html>", "Format de document non accepté"),
        (image_bytes(width=20, height=20), "Format de document non accepté"),
        (office_bytes("word/", macros=True), "Les documents contenant des macros"),
        (b"%PDF-1.4\n" + b"x" * 5000, "Le document est endommagé"),
        (b"", "Le fichier est vide."),
    ],
)
def test_bad_document_is_refused(content, message):
    with pytest.raises(ValidationError) as error:
        documents.validate_document(ContentFile(content, name="dossier.pdf"))
    assert error.value.messages[0].startswith(message)


def test_document_over_the_size_limit_is_refused(settings):
    settings.MAX_DOCUMENT_UPLOAD_SIZE = 1_000_000
    with pytest.raises(ValidationError) as error:
        documents.validate_document(ContentFile(pdf_bytes() + b" " * 1_200_000, name="a.pdf"))
    assert error.value.messages == ["Le document est trop lourd (1,3 Mo) : la limite est de 1 Mo."]


def change_form_data(communique, **fields):
    return {
        "title": communique.title,
        "slug": communique.slug,
        "lede": communique.lede,
        "body": communique.body,
        "version": communique.version,
        "event_date": communique.event_date.isoformat() if communique.event_date else "",
        "event_date_precision": "day",
        "themes": [theme.pk for theme in communique.themes.all()],
        **{
            f"{prefix}-{key}": "0"
            for prefix in ("quotes", "contact_links", "corrections", "preview_links")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        **fields,
    }


def test_press_officer_puts_the_signing_photo_on_the_release_page_and_in_the_kit(client):
    client.force_login(make_staff_user(group="Publication"))
    response = client.post(
        reverse("admin:grandest_press_image_add"),
        {
            "file": SimpleUploadedFile("signature-poce.jpg", image_bytes(width=3000, height=2000)),
            "alt_text": "Jean Rottner et Bruno Bourg-Broc signent le POCE",
            "credit": "Région Grand Est",
            "focal_x": "50",
            "focal_y": "40",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    draft = make_communique(published=False)
    change_url = reverse("admin:communiques_communique_change", args=[draft.pk])
    response = client.post(change_url, change_form_data(draft, image=image.pk))
    assert response.status_code == 302
    draft.refresh_from_db()
    draft.publish(by=make_staff_user(group="Publication"))
    img = soup(client.get(draft.get_absolute_url())).select_one(".communique__image img")
    assert img["srcset"].endswith(" 1600w")
    assert img["alt"] == "Jean Rottner et Bruno Bourg-Broc signent le POCE"
    names = kit_of(client, draft).namelist()
    assert f"{draft.slug}/images/signature-poce.jpg" in names


def test_admin_inline_refuses_a_fake_pdf_and_writes_nothing(client, media_root):
    user = make_staff_user(group="Rédaction")
    client.force_login(user)
    draft = make_communique(published=False)
    data = {
        **change_form_data(draft),
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-order": "0",
        "attachments-0-title": "Le dossier de presse",
        "attachments-0-file": SimpleUploadedFile("dossier.pdf", b"<html>pas un PDF</html>"),
    }
    response = client.post(reverse("admin:communiques_communique_change", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "Format de document non accepté" in response.content.decode()
    assert not CommuniqueAttachment.objects.exists()
    assert not any(media_root.rglob("*.*"))


def test_pact_documents_are_listed_and_downloadable(client):
    pact = make_pact()
    attachment = PactAttachment.objects.create(
        pact=pact, title="Le pacte signé", file=ContentFile(pdf_bytes(), name="pacte.pdf")
    )
    link = soup(client.get(pact.get_absolute_url())).select_one(".attachments a")
    assert link.get_text().startswith("Télécharger le pacte signé (PDF, ")
    assert client.get(link["href"]).status_code == 200
    assert link["href"] == attachment.get_absolute_url()


# Visibility


def test_documents_of_an_unpublished_release_are_not_served(client):
    draft = make_communique(published=False)
    attachment = make_attachment(communique=draft)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.get(draft.get_kit_url()).status_code == 404


def test_preview_link_reader_gets_the_documents_of_the_embargoed_release(client):
    import datetime

    from django.utils import timezone

    from communiques.models import PreviewLink

    scheduled = make_communique(
        published=True, published_at=timezone.now() + datetime.timedelta(days=1)
    )
    attachment = make_attachment(communique=scheduled)
    link = PreviewLink.objects.create(
        communique=scheduled, recipient_name="Claire", email="claire@example.fr"
    )
    page = soup(client.get(link.get_absolute_url()))
    href = page.select_one(".attachments a")["href"]
    assert href.startswith(attachment.get_absolute_url() + "?apercu=")
    response = client.get(href)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert not page.select('a[href$="/kit-presse/"]')


def test_image_files_of_an_unpublished_release_appear_on_no_public_page(client):
    draft = signing_release(published=False)
    for url in [
        reverse("home"),
        reverse("communiques:list"),
        draft.get_absolute_url(),
        draft.get_kit_url(),
    ]:
        assert draft.image.folder not in client.get(url).content.decode()


# The kit presse


def kit_of(client, communique):
    response = client.get(communique.get_kit_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{communique.slug}.zip"'
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_kit_holds_exactly_the_published_release(client):
    speaker = make_person(first_name="Jean", last_name="Rottner")
    communique = signing_release(lede="Ce jeudi 5 septembre 2019, le pacte est signé.")
    make_quote(communique=communique, speaker=speaker, text="Nous investissons ici.")
    dossier = make_attachment(communique=communique, title="Le dossier de presse")
    pact = make_attachment(
        communique=communique, title="Le pacte", content=opendocument_bytes(), name="pacte.odt"
    )
    slug = communique.slug
    image_name = communique.image.file.name.rsplit("/", 1)[1]
    kit = kit_of(client, communique)
    assert kit.namelist() == [
        f"{slug}/{slug}.txt",
        f"{slug}/{slug}.html",
        f"{slug}/images/{image_name}",
        f"{slug}/documents/le-dossier-de-presse.pdf",
        f"{slug}/documents/le-pacte.odt",
    ]
    assert kit.read(f"{slug}/images/{image_name}") == communique.image.file.open().read()
    assert kit.read(f"{slug}/documents/le-dossier-de-presse.pdf") == dossier.file.open().read()
    assert kit.read(f"{slug}/documents/le-pacte.odt") == pact.file.open().read()
    text = kit.read(f"{slug}/{slug}.txt").decode()
    for expected in [
        "Signature du POCE de Châlons Agglo",
        "Ce jeudi 5 septembre 2019, le pacte est signé.",
        "« Nous investissons ici. »\n— Jean Rottner",
        "Le pacte engage la Région.\n\n– Attractivité",
        "© Région Grand Est",
        "Le dossier de presse (PDF, ",
    ]:
        assert expected in text
    html = soup_bytes(kit.read(f"{slug}/{slug}.html"))
    assert html.h1.get_text() == "Signature du POCE de Châlons Agglo"
    assert html.select_one("figure img")["src"] == f"images/{image_name}"
    assert [a["href"] for a in html.select("li a")] == [
        "documents/le-dossier-de-presse.pdf",
        "documents/le-pacte.odt",
    ]


def test_kit_gives_the_press_contacts_with_their_phones(client):
    communique = make_communique(title="Signature du POCE de Châlons Agglo", complete=False)
    region = make_organisation(name="Région Grand Est", kind=Organisation.Kind.REGION)
    contact = make_press_contact(
        name="Sandrine Poirier",
        email="sandrine.poirier@grandest.fr",
        organisation=region,
        phones=["+33684801148", "+33326707436"],
    )
    attach_contact(communique=communique, contact=contact)
    attach_contact(
        communique=communique,
        contact=make_press_contact(name="", email="presse@grandest.fr", organisation=region),
        order=1,
    )
    slug = communique.slug
    kit = kit_of(client, communique)
    contacts = soup_bytes(kit.read(f"{slug}/{slug}.html")).select("h2 + ul > li")
    assert [text_of(contact) for contact in contacts] == [
        "Sandrine Poirier — Région Grand Est 06 84 80 11 48 / 03 26 70 74 36 "
        "sandrine.poirier@grandest.fr",
        "Service presse — Région Grand Est presse@grandest.fr",
    ]
    assert contacts[0].select_one("a")["href"] == "tel:+33684801148"
    text = kit.read(f"{slug}/{slug}.txt").decode()
    assert "- Sandrine Poirier (Région Grand Est), sandrine.poirier@grandest.fr" in text


def test_kit_images_carry_no_metadata(client):
    from PIL import ExifTags
    from PIL import Image as PILImage

    exif = PILImage.Exif()
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N"}
    exif[ExifTags.Base.Artist] = "Jean Dupont"
    buffer = io.BytesIO()
    PILImage.new("RGB", (300, 200)).save(buffer, "JPEG", exif=exif)
    communique = make_communique(image=make_image(content=buffer.getvalue()))
    kit = kit_of(client, communique)
    image_bytes_in_kit = kit.read(next(n for n in kit.namelist() if "/images/" in n))
    assert dict(PILImage.open(io.BytesIO(image_bytes_in_kit)).getexif()) == {}
    assert b"Jean Dupont" not in image_bytes_in_kit


def test_release_page_links_to_its_kit(client):
    communique = signing_release()
    link = soup(client.get(communique.get_absolute_url())).select_one(".press-kit a")
    assert link["href"] == communique.get_kit_url()
    assert link.get_text().startswith("Télécharger le kit presse (ZIP, environ ")


def soup_bytes(content):
    from bs4 import BeautifulSoup

    return BeautifulSoup(content.decode(), "html.parser")
