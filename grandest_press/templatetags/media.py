"""Media in templates: `responsive_image()` and the `file_size` filter."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from grandest_press.documents import human_size

register = template.Library()

# Layout widths: the release column is at most about 45rem (720 px at 16 px).
DEFAULT_SIZES = "(min-width: 48rem) 45rem, 100vw"


def render_responsive_image(image, *, sizes=DEFAULT_SIZES, loading="lazy", css_class="image"):
    """A <figure> with <picture> (WebP, then JPEG), width/height and the « © » credit.

    Use loading="eager" for an image at the top of the page, visible without scrolling.
    """
    if image is None or not image.file:
        return ""
    largest = image.largest
    context = {
        "image": image,
        "webp_srcset": image.srcset("webp"),
        "jpeg_srcset": image.srcset("jpg"),
        "src": image.url,
        "width": largest.width,
        "height": largest.height,
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
    }
    # The template escapes what it prints; its result goes into pages as it is.
    return mark_safe(render_to_string("includes/image.html", context))


@register.filter
def file_size(value):
    """Bytes as French readers write them: « 2,3 Mo », « 850 ko »."""
    return human_size(int(value or 0))
