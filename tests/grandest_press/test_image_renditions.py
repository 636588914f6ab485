"""Image renditions: sizes, colours, the Open Graph crop and the files kept.
Every file is drawn with Pillow; MEDIA_ROOT is a temporary folder."""

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageCms

from grandest_press import images
from grandest_press.models import Image
from tests.factories import image_bytes, make_image
from tests.grandest_press.drawn_images import (
    BLUE,
    RED,
    close_to,
    encode,
    halves,
    open_stored,
    stored_files,
)

pytestmark = pytest.mark.django_db


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
