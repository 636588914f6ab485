"""The responsive image partial: srcset, sizes, dimensions, alt text and credit."""

import pytest
from bs4 import BeautifulSoup

from grandest_press.templatetags.media import render_responsive_image
from tests.factories import image_bytes, make_image

pytestmark = pytest.mark.django_db


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
