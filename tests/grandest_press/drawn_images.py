"""Images drawn with Pillow and the files stored for them, for the image tests."""

import io
import os

from PIL import Image as PILImage

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
