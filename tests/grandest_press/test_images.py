"""Images: what is refused, what is stripped, and the admin upload. Every file is
drawn here with Pillow; MEDIA_ROOT is a temporary folder."""

import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import ExifTags
from PIL import Image as PILImage

from grandest_press import images
from grandest_press.models import Image
from tests.factories import image_bytes, make_image, make_staff_user
from tests.grandest_press.drawn_images import (
    BLUE,
    RED,
    close_to,
    encode,
    halves,
    open_stored,
    stored_files,
)
from tests.html import soup

pytestmark = pytest.mark.django_db


def photo_with_gps_and_rotation() -> bytes:
    """A camera photo: stored sideways with orientation 6, GPS, make, serial, author."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.BodySerialNumber] = "SN-0042"
    exif[ExifTags.Base.Artist] = "Jean Dupont"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (48.0, 57.0, 25.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (4.0, 21.0, 50.0),
    }
    return encode(halves(600, 400), exif=exif, quality=95)


def png_bomb(width=30_000, height=30_000) -> bytes:
    """A PNG that declares 900 million pixels in a few bytes."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def animated_webp() -> bytes:
    frames = [PILImage.new("RGB", (40, 40), color) for color in (RED, BLUE)]
    return encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)


# Metadata and orientation


def test_gps_camera_and_author_metadata_are_not_stored(media_root):
    image = make_image(content=photo_with_gps_and_rotation())
    stored = open_stored(image)
    assert dict(stored.getexif()) == {}
    assert stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(stored.info)
    raw = image.file.storage.open(image.file.name).read()
    assert b"Canon" not in raw
    assert b"SN-0042" not in raw
    assert b"Jean Dupont" not in raw


def test_exif_orientation_is_applied_to_the_stored_original(media_root):
    image = make_image(content=photo_with_gps_and_rotation())
    stored = open_stored(image)
    # 600 × 400 stored sideways: upright, it is 400 wide and 600 high, red on top.
    assert stored.size == (400, 600) == (image.width, image.height)
    assert close_to(stored.getpixel((200, 50)), RED)
    assert close_to(stored.getpixel((200, 550)), BLUE)


def test_png_text_chunks_are_not_stored(media_root):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Jean Dupont")
    image = make_image(content=encode(halves(50, 50), "PNG", pnginfo=info), name="logo.png")
    assert b"Jean Dupont" not in image.file.storage.open(image.file.name).read()
    assert image.file.name.endswith(".png")


# Refusals: each with its French message, nothing written


def truncated_jpeg() -> bytes:
    data = image_bytes(width=800, height=600)
    return data[: len(data) // 2]


REFUSED = {
    "bomb": (
        png_bomb,
        "bombe.png",
        "L’image est trop grande : la limite est de 50 millions de pixels. "
        "Réduisez-la avant de l’envoyer.",
    ),
    "truncated": (
        truncated_jpeg,
        "photo.jpg",
        "L’image est tronquée ou endommagée et ne peut pas être lue entièrement : "
        "exportez-la de nouveau.",
    ),
    "html-named-png": (
        lambda: b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        "photo.png",
        "Ce fichier n’est pas une image JPEG, PNG ou WebP (son contenu a été vérifié, "
        "pas seulement son nom).",
    ),
    "svg": (
        lambda: b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
        "logo.svg",
        "Les images SVG ne sont pas acceptées (elles peuvent contenir du code) : "
        "enregistrez l’image en PNG.",
    ),
    "empty": (lambda: b"", "vide.jpg", "Le fichier est vide."),
    "gif": (
        lambda: image_bytes(width=20, height=20, image_format="GIF", mode="P", color=1),
        "anim.jpg",
        "Ce fichier n’est pas une image JPEG, PNG ou WebP (son contenu a été vérifié, "
        "pas seulement son nom).",
    ),
    "animated": (
        animated_webp,
        "anim.webp",
        "Les images animées ne sont pas acceptées : envoyez une image fixe.",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_bad_file_is_refused_with_its_message(case):
    make_content, name, message = REFUSED[case]
    with pytest.raises(ValidationError) as error:
        images.sanitize(ContentFile(make_content(), name=name))
    assert error.value.messages == [message]


def test_image_over_the_pixel_limit_is_refused(settings):
    settings.MAX_IMAGE_PIXELS = 10_000
    with pytest.raises(ValidationError) as error:
        images.sanitize(ContentFile(image_bytes(width=200, height=100), name="photo.jpg"))
    assert error.value.messages == [
        "L’image est trop grande (0,1 million de pixels) : la limite est de "
        "0,01 million de pixels. Réduisez-la avant de l’envoyer."
    ]
    assert error.value.code == "bomb"


def test_file_over_the_size_limit_is_refused(settings):
    settings.MAX_IMAGE_UPLOAD_SIZE = 1_000_000
    content = image_bytes(width=20, height=20) + b"\0" * 1_500_000
    with pytest.raises(ValidationError) as error:
        images.sanitize(ContentFile(content, name="photo.jpg"))
    assert error.value.messages == ["Le fichier est trop lourd (1,6 Mo) : la limite est de 1 Mo."]


def admin_add(client, content, name, **fields):
    data = {
        "file": SimpleUploadedFile(name, content),
        "alt_text": "Signature du pacte",
        "caption": "",
        "credit": "Région Grand Est",
        "focal_x": "50",
        "focal_y": "50",
        **fields,
    }
    return client.post(reverse("admin:grandest_press_image_add"), data)


def form_errors(response) -> list[str]:
    return [item.get_text(strip=True) for item in soup(response).select(".errorlist li")]


@pytest.mark.parametrize("case", [*REFUSED, "pixels", "size"])
def test_admin_refuses_each_bad_file_and_writes_nothing(client, settings, media_root, case):
    client.force_login(make_staff_user(group="Rédaction"))
    if case == "pixels":
        settings.MAX_IMAGE_PIXELS = 10_000
        content, name, message = image_bytes(width=200, height=100), "photo.jpg", "trop grande"
    elif case == "size":
        settings.MAX_IMAGE_UPLOAD_SIZE = 1_000_000
        content, name = image_bytes(width=20, height=20) + b"\0" * 1_500_000, "photo.jpg"
        message = "Le fichier est trop lourd (1,6 Mo) : la limite est de 1 Mo."
    else:
        make_content, name, message = REFUSED[case]
        content = make_content()
    response = admin_add(client, content, name)
    assert response.status_code == 200
    errors = form_errors(response)
    # An empty upload is caught first by Django's own form field, in French too.
    expected = "Le fichier soumis est vide." if case == "empty" else message
    assert any(expected in error for error in errors), errors
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_press_officer_uploads_the_signing_photo_in_the_admin(client, media_root):
    client.force_login(make_staff_user(group="Rédaction"))
    response = admin_add(
        client,
        photo_with_gps_and_rotation(),
        "IMG_0042.JPG",
        alt_text="Jean Rottner et Bruno Bourg-Broc signent le POCE",
        credit="Région Grand Est / Jean Dupont",
        caption="Foire de Châlons-en-Champagne, 5 septembre 2019",
    )
    assert response.status_code == 302, form_errors(response)
    image = Image.objects.get()
    assert image.credit == "Région Grand Est / Jean Dupont"
    assert (image.width, image.height) == (400, 600)
    assert image.file.name.startswith("images/")
    assert image.file.name.endswith("/img_0042.jpg")
    assert len(stored_files(media_root)) == 1 + 2 + 1  # original, 400 w in 2 formats, OG


def test_alt_text_is_required_unless_the_image_is_decorative(client, media_root):
    client.force_login(make_staff_user(group="Rédaction"))
    response = admin_add(client, image_bytes(width=50, height=50), "photo.jpg", alt_text="")
    assert (
        "Décrivez l’image : le texte alternatif est obligatoire (ou cochez « image décorative »)."
    ) in form_errors(response)
    assert stored_files(media_root) == []
    response = admin_add(
        client, image_bytes(width=50, height=50), "photo.jpg", alt_text="", is_decorative="on"
    )
    assert response.status_code == 302
    assert Image.objects.get().is_decorative


def test_database_refuses_an_image_without_alt_text_that_is_not_decorative(media_root):
    image = make_image(content=image_bytes(width=50, height=50))
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.filter(pk=image.pk).update(alt_text="")


def test_decorative_image_keeps_no_alt_text(media_root):
    image = make_image(content=image_bytes(width=50, height=50), is_decorative=True)
    assert image.alt_text == ""
