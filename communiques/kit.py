"""The « kit presse » of a published release: one zip a journalist downloads.

`<slug>.zip` holds `<slug>/<slug>.txt` and `<slug>/<slug>.html` (the release as
published), `<slug>/<slug>.pdf` once the worker has rendered it (communiques/pdf.py:
the kit never waits for it), `<slug>/images/` (the stored original, already stripped
of its metadata) and `<slug>/documents/` (the attachments, named after their titles).
"""

import io
import posixpath
import zipfile

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from communiques import pdf
from grandest_press.richtext import html_to_text


def _read(field_file) -> bytes:
    with field_file.open("rb") as file:
        return file.read()


def _unique(name: str, taken: set) -> str:
    stem, extension = posixpath.splitext(name)
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}{extension}", number + 1
    taken.add(candidate)
    return candidate


def kit_members(communique) -> list[tuple[str, bytes]]:
    """(path in the zip, content) for everything the kit holds, in order."""
    folder = communique.slug
    image = communique.image
    image_name = posixpath.basename(image.file.name) if image else ""
    taken = set()
    documents = [
        (attachment, _unique(attachment.download_filename, taken))
        for attachment in communique.attachments_list
    ]
    context = {
        "communique": communique,
        "body_text": html_to_text(communique.body),
        "image_name": image_name,
        "documents": documents,
    }
    members = [
        (f"{folder}/{folder}.txt", render_to_string("communiques/kit/communique.txt", context)),
        (f"{folder}/{folder}.html", render_to_string("communiques/kit/communique.html", context)),
    ]
    stored_pdf = pdf.store.stored_or_queue(communique)
    if stored_pdf is not None:
        with default_storage.open(stored_pdf.name, "rb") as file:
            members.append((f"{folder}/{folder}.pdf", file.read()))
    if image:
        members.append((f"{folder}/images/{image_name}", _read(image.file)))
    for attachment, name in documents:
        members.append((f"{folder}/documents/{name}", _read(attachment.file)))
    return [
        (path, content.encode() if isinstance(content, str) else content)
        for path, content in members
    ]


def build_kit(communique) -> bytes:
    stamp = timezone.localtime(communique.published_at).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, content in kit_members(communique):
            # Text is compressed; images and PDFs are already.
            compression = (
                zipfile.ZIP_DEFLATED if path.endswith((".txt", ".html")) else zipfile.ZIP_STORED
            )
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = compression
            archive.writestr(info, content)
    return buffer.getvalue()
