"""Images: what is refused, what is stripped, the renditions, the admin upload and the
partial. Every file is drawn here with Pillow; MEDIA_ROOT is a temporary folder."""

import io
import os
import struct
import subprocess
import sys
import zlib

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import ExifTags, ImageCms
from PIL import Image as PILImage

from grandest_press import images
from grandest_press.models import Image
from grandest_press.templatetags.media import render_responsive_image
from tests.factories import image_bytes, make_image, make_staff_user
from tests.html import soup

pytestmark = pytest.mark.django_db

RED, BLUE = (220, 0, 0), (0, 0, 220)


def stored_files(root) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


def open_stored(image, name=None):
    with image.file.storage.open(name or image.file.name, "rb") as file:
        picture = PILImage.open(io.BytesIO(file.read()))
        picture.load()
    return picture


def halves(width, height, *, first=RED, second=BLUE, vertical=True):
    """Left half `first`, right half `second` (top and bottom if not `vertical`)."""
    picture = PILImage.new("RGB", (width, height), second)
    box = (0, 0, width // 2, height) if vertical else (0, 0, width, height // 2)
    picture.paste(first, box)
    return picture


def encode(picture, image_format="JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, image_format, **options)
    return buffer.getvalue()


def close_to(pixel, color, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], color, strict=True))


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


# Renditions


def test_renditions_have_the_planned_widths_and_heights(media_root):
    image = make_image(content=image_bytes(width=2000, height=1000))
    for rendition in image.renditions():
        stored = open_stored(image, rendition.name)
        assert stored.size == (rendition.width, rendition.height)
        assert stored.format == {"webp": "WEBP", "jpg": "JPEG"}[rendition.format]
    assert [(r.format, r.width, r.height) for r in image.renditions()] == [
        ("webp", 480, 240),
        ("webp", 960, 480),
        ("webp", 1600, 800),
        ("jpg", 480, 240),
        ("jpg", 960, 480),
        ("jpg", 1600, 800),
    ]
    og = open_stored(image, images.og_rendition_of(image.file.name).name)
    assert og.size == (1200, 630)


def test_small_image_is_never_upscaled(media_root):
    image = make_image(content=image_bytes(width=300, height=200))
    assert {(r.width, r.height) for r in image.renditions()} == {(300, 200)}


def test_cmyk_jpeg_renditions_are_rgb_with_the_right_colours(media_root):
    cmyk = PILImage.new("CMYK", (1000, 500), (0, 255, 255, 0))  # pure red in print
    image = make_image(content=encode(cmyk))
    assert open_stored(image).mode == "RGB"
    for rendition in image.renditions():
        stored = open_stored(image, rendition.name)
        assert stored.mode == "RGB"
        assert close_to(stored.getpixel((10, 10)), (255, 0, 0), tolerance=60)


def test_cmyk_jpeg_with_an_icc_profile_is_converted_to_srgb(media_root):
    cmyk = PILImage.new("CMYK", (200, 100), (0, 255, 255, 0))
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    # An RGB profile on a CMYK image is unusable: the plain conversion takes over.
    image = make_image(content=encode(cmyk, icc_profile=profile))
    assert "icc_profile" not in open_stored(image).info
    assert open_stored(image).mode == "RGB"


def test_transparent_png_keeps_alpha_in_webp_and_is_flattened_on_white_in_jpeg(media_root):
    logo = PILImage.new("RGBA", (600, 300), (0, 0, 0, 0))
    logo.paste((163, 0, 47, 255), (200, 100, 400, 200))
    image = make_image(content=encode(logo, "PNG"), name="logo.png")
    assert open_stored(image).mode == "RGBA"
    for rendition in image.renditions():
        stored = open_stored(image, rendition.name)
        if rendition.format == "webp":
            assert stored.mode == "RGBA"
            assert stored.getpixel((0, 0))[3] == 0
        else:
            assert stored.mode == "RGB"
            assert close_to(stored.getpixel((0, 0)), (255, 255, 255), tolerance=5)
        middle = stored.getpixel((rendition.width // 2, rendition.height // 2))
        assert close_to(middle, (163, 0, 47))


@pytest.mark.parametrize(("focal_y", "colour"), [(0, RED), (100, BLUE)])
def test_open_graph_crop_keeps_the_focal_point(media_root, focal_y, colour):
    tall = halves(1000, 2000, vertical=False)  # red on top, blue below
    image = make_image(content=encode(tall), focal_y=focal_y)
    og = open_stored(image, images.og_rendition_of(image.file.name).name)
    assert close_to(og.getpixel((600, 315)), colour)


def test_moving_the_focal_point_rewrites_the_open_graph_crop(media_root):
    image = make_image(content=encode(halves(1000, 2000, vertical=False)), focal_y=0)
    image = Image.objects.get(pk=image.pk)
    image.focal_y = 100
    image.save()
    og = open_stored(image, images.og_rendition_of(image.file.name).name)
    assert close_to(og.getpixel((600, 315)), BLUE)


def test_replacing_or_deleting_an_image_removes_its_files(
    media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = make_image(content=image_bytes(width=500, height=500))
    first_files = stored_files(media_root)
    image = Image.objects.get(pk=image.pk)
    with django_capture_on_commit_callbacks(execute=True):
        image.file = ContentFile(image_bytes(width=600, height=400), name="autre.jpg")
        image.save()
    assert not set(first_files) & set(stored_files(media_root))
    assert len(stored_files(media_root)) == 1 + 2 * 2 + 1  # 480 and 600 wide
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert stored_files(media_root) == []


def test_file_names_are_unguessable(media_root):
    first, second = (make_image(content=image_bytes(width=20, height=20)) for _ in range(2))
    assert first.folder != second.folder
    assert len(first.folder.removeprefix("images/")) == 32


# The partial


def render_image(image, **options):
    return BeautifulSoup(render_responsive_image(image, **options), "html.parser")


def test_partial_gives_srcset_sizes_dimensions_lazy_loading_and_credit(media_root):
    image = make_image(
        content=image_bytes(width=2000, height=1000),
        alt_text="La signature",
        caption="Foire de Châlons",
        credit="Région Grand Est",
    )
    page = render_image(image)
    img, source = page.select_one("figure picture img"), page.select_one("picture source")
    storage = image.file.storage
    jpegs = [r for r in image.renditions() if r.format == "jpg"]
    assert img["srcset"] == ", ".join(f"{storage.url(r.name)} {r.width}w" for r in jpegs)
    assert source["type"] == "image/webp"
    assert source["srcset"].count("w,") == 2
    assert img["src"] == storage.url(jpegs[-1].name)
    assert (img["width"], img["height"]) == ("1600", "800")
    assert img["sizes"] == source["sizes"]
    assert img["loading"] == "lazy"
    assert img["alt"] == "La signature"
    assert page.select_one("figcaption").get_text() == "Foire de Châlons ©\xa0Région Grand Est"


def test_partial_of_a_decorative_image_has_an_empty_alt(media_root):
    image = make_image(content=image_bytes(width=50, height=50), is_decorative=True)
    img = render_image(image, loading="eager").select_one("img")
    assert img["alt"] == ""
    assert img["loading"] == "eager"


def test_partial_without_an_image_renders_nothing():
    assert str(render_image(None)).strip() == ""


# Storage


def test_s3_storage_is_configured_by_the_environment_only(tmp_path):
    """Settings read in a fresh interpreter; nothing reaches the network."""
    script = (
        "import django; django.setup();"
        "from django.conf import settings; from django.core.files.storage import default_storage;"
        "print(type(default_storage._wrapped if default_storage._setup() is None else 0).__name__);"
        "print(default_storage.url('images/abc/photo.jpg'));"
        "print(' '.join(settings.SECURE_CSP['img-src']))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "grandest_press.settings",
        "SECRET_KEY": "test-only",
        "DEBUG": "False",
        "AWS_STORAGE_BUCKET_NAME": "presse-grandest",
        "AWS_S3_CUSTOM_DOMAIN": "medias.presse.example",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "HTTPS_PROXY": "http://127.0.0.1:9",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    backend, url, img_src = result.stdout.splitlines()
    assert backend == "S3Storage"
    assert url == "https://medias.presse.example/images/abc/photo.jpg"
    assert "https://medias.presse.example" in img_src.split()


def test_local_storage_is_the_default(settings):
    from django.core.files.storage import default_storage

    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    assert str(default_storage.base_location) == str(settings.MEDIA_ROOT)


def test_write_renditions_command_restores_missing_renditions(media_root):
    from django.core.management import call_command

    image = make_image(content=image_bytes(width=1000, height=500))
    storage = image.file.storage
    for rendition in image.renditions():
        storage.delete(rendition.name)
    call_command("write_renditions", stdout=io.StringIO())
    assert all(storage.exists(rendition.name) for rendition in image.renditions())
