"""QR codes as SVG files (segno): a phone scans them to save a contact or open a link.

segno, rather than another library: pure Python, no Pillow needed for SVG, well kept,
and it picks the smallest version and the byte encoding (UTF-8 for « Région ») itself.
"""

import io

import segno


def svg(text: str, *, title: str) -> bytes:
    """A standalone SVG file of `text`'s QR code; `title` is its accessible name.

    Dark modules on a white ground with the quiet zone around them, whatever the page's
    colours: scanners need the contrast. Medium error correction survives a glare.
    """
    code = segno.make(text, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=4, title=title, dark="#000", light="#fff")
    return buffer.getvalue()
