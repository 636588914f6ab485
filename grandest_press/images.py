"""Uploaded images: validation, metadata stripping and responsive renditions.

Every image goes through `sanitize()` before it is stored: the content (never the name)
must be a still JPEG, PNG or WebP that decodes in full, within the size and pixel limits.
The stored original is re-encoded from its pixels only, with the EXIF orientation applied
and the colours converted to sRGB, so no GPS position, camera serial number, author, XMP
or ICC profile survives.

Renditions (a few widths, in WebP and JPEG, and a 1200×630 crop for social networks around
the focal point) are written once, next to the original, when it is saved. Their sizes are
computed from the original's, so a page never opens a file to print `width`/`height`.

Why not easy-thumbnails, sorl-thumbnail or django-imagekit: each resizes with Pillow, as
here, and adds a cache layer that looks files up at render time (a database table, a
key-value store or a storage `exists()` call per file), which costs queries or storage
round-trips on every page and breaks with S3. The image is already decoded in memory at
upload, and Pillow does the work in three calls: `resize`, `ImageOps.fit(centering=...)`
for the focal crop, and `save`.
"""

import functools
import io
import posixpath
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError

from grandest_press.validators import file_too_large, image_pixel_limit, million_pixels

RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_FORMATS = ("webp", "jpg")
OG_SIZE = (1200, 630)

# The formats accepted, by their signature at the start of the file.
SIGNATURES = {
    "JPEG": (b"\xff\xd8\xff",),
    "PNG": (b"\x89PNG\r\n\x1a\n",),
}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

MESSAGES = {
    "empty": _("Le fichier est vide."),
    "svg": _(
        "Les images SVG ne sont pas acceptées (elles peuvent contenir du code) : "
        "enregistrez l’image en PNG."
    ),
    "not_an_image": _(
        "Ce fichier n’est pas une image JPEG, PNG ou WebP (son contenu a été vérifié, "
        "pas seulement son nom)."
    ),
    "bomb": _(
        "L’image est trop grande (%(pixels)s) : la limite est de %(limit)s. "
        "Réduisez-la avant de l’envoyer."
    ),
    "bomb_unmeasured": _(
        "L’image est trop grande : la limite est de %(limit)s. Réduisez-la avant de l’envoyer."
    ),
    "animated": _("Les images animées ne sont pas acceptées : envoyez une image fixe."),
    "corrupt": _(
        "L’image est tronquée ou endommagée et ne peut pas être lue entièrement : "
        "exportez-la de nouveau."
    ),
}


def refuse(code, **params):
    return ValidationError(MESSAGES[code], code=code, params=params or None)


@dataclass
class SanitizedImage:
    """A validated image, ready to store: its clean bytes and decoded pixels."""

    content: bytes
    format: str
    image: PILImage.Image

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height


def sniff_format(head: bytes) -> str:
    """The format the first bytes announce, or a ValidationError."""
    for name, signatures in SIGNATURES.items():
        if head.startswith(signatures):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        raise refuse("svg")
    raise refuse("not_an_image")


def _read(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _to_srgb(image: PILImage.Image) -> PILImage.Image:
    """RGB (or RGBA for transparency), colours converted from any embedded profile."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    target = "RGBA" if has_alpha else "RGB"
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # An unreadable profile: fall back to Pillow's plain conversion.
    if image.mode != target:
        image = image.convert(target)
    return image


def _pixels_only(image: PILImage.Image) -> PILImage.Image:
    """A new image with the same pixels and nothing else: no EXIF, XMP, ICC, text chunks."""
    return PILImage.frombytes(image.mode, image.size, image.tobytes())


def encode(image: PILImage.Image, image_format: str, *, quality: int) -> bytes:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        if image.mode == "RGBA":
            image = flatten(image)
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    elif image_format == "WEBP":
        image.save(buffer, "WEBP", quality=quality, method=4)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def flatten(image: PILImage.Image) -> PILImage.Image:
    """Transparent areas on white, for formats without an alpha channel (JPEG)."""
    background = PILImage.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def sanitize(file) -> SanitizedImage:
    """Check an uploaded image in full and return it re-encoded without metadata.

    Raises ValidationError, with a French message for the press officer, for an empty or
    oversized file, a file that is not a JPEG, PNG or WebP by its content (SVG, HTML…),
    a decompression bomb, an animation, or a truncated or corrupt image.
    """
    size = file.size
    if not size:
        raise refuse("empty")
    limit = settings.MAX_IMAGE_UPLOAD_SIZE
    if size > limit:
        raise file_too_large(size, limit, code="too_large")
    data = _read(file)
    announced = sniff_format(data[:512])
    max_pixels = settings.MAX_IMAGE_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            image = PILImage.open(io.BytesIO(data))
            pixels = image.width * image.height
            if pixels > max_pixels:
                raise refuse(
                    "bomb",
                    pixels=million_pixels(pixels, at_least=True),
                    limit=image_pixel_limit(),
                )
            if image.format != announced:
                raise refuse("not_an_image")
            if getattr(image, "n_frames", 1) > 1:
                raise refuse("animated")
            image.verify()
            # verify() leaves the image unusable: decode it in full from a fresh copy.
            image = PILImage.open(io.BytesIO(data))
            image.load()
        except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
            raise refuse("bomb_unmeasured", limit=image_pixel_limit()) from None
        except UnidentifiedImageError:
            raise refuse("not_an_image") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise refuse("corrupt") from None
    image = _pixels_only(_to_srgb(ImageOps.exif_transpose(image)))
    return SanitizedImage(
        content=encode(image, announced, quality=90), format=announced, image=image
    )


# Renditions


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    format: str


def rendition_widths(width: int) -> list[int]:
    """The widths to produce for an original `width` pixels wide: never upscaled."""
    return sorted({min(target, width) for target in RENDITION_WIDTHS})


def rendition_height(target_width: int, width: int, height: int) -> int:
    return max(1, round(height * target_width / width))


def _stem(name: str) -> str:
    return posixpath.splitext(name)[0]


@functools.lru_cache(maxsize=4096)
def renditions_of(name: str, width: int, height: int) -> tuple[Rendition, ...]:
    """Every responsive rendition of the original stored as `name`, by format then width.
    Remembered: a page asks for an image's renditions several times (srcsets, src, size)."""
    return tuple(
        Rendition(
            f"{_stem(name)}-{target}w.{extension}",
            target,
            rendition_height(target, width, height),
            extension,
        )
        for extension in RENDITION_FORMATS
        for target in rendition_widths(width)
    )


def og_rendition_of(name: str) -> Rendition:
    return Rendition(f"{_stem(name)}-og.jpg", *OG_SIZE, "jpg")


def _write(storage, name: str, content: bytes):
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # pragma: no cover - a storage that renames would break the URLs
        raise RuntimeError(f"Rendition stored as {saved!r} instead of {name!r}")


def write_renditions(storage, name: str, image: PILImage.Image, *, focal=(0.5, 0.5)):
    """Write the responsive renditions and the OpenGraph crop of `image` stored as `name`."""
    for rendition in renditions_of(name, image.width, image.height):
        resized = image.resize(
            (rendition.width, rendition.height), PILImage.Resampling.LANCZOS, reducing_gap=3.0
        )
        image_format = "WEBP" if rendition.format == "webp" else "JPEG"
        _write(storage, rendition.name, encode(resized, image_format, quality=80))
    og = og_rendition_of(name)
    cropped = ImageOps.fit(image, OG_SIZE, PILImage.Resampling.LANCZOS, centering=focal)
    _write(storage, og.name, encode(cropped, "JPEG", quality=85))


def delete_files(storage, name: str, width: int, height: int):
    """Delete an original and all its renditions."""
    names = [name, og_rendition_of(name).name]
    if width and height:
        names += [rendition.name for rendition in renditions_of(name, width, height)]
    for each in names:
        storage.delete(each)


def open_stored(storage, name: str) -> PILImage.Image:
    with storage.open(name, "rb") as file:
        image = PILImage.open(io.BytesIO(file.read()))
        image.load()
    return image
