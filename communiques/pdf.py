"""The PDF of a published release: rendered by the worker, kept in storage, served as a file.

Where it is kept: `cache/pdf/communiques/<pk>/<fingerprint>.pdf` in the default storage,
where the fingerprint is a SHA-256 of the HTML the PDF is made from (and of this
module's RENDERER_VERSION). The file thus belongs to one state of the release's content
(its text, quotes, contacts, photo…): a change to any of them gives another name, and
the next generation of pages links to it; a release whose content did not change keeps
its file across generations. 64 hexadecimal digits of the content are no name anyone
can guess, and the folder is emptied when the release stops being public.

When it is rendered: by the worker, never while a reader waits. The task is queued when
a release is saved, to run at its publication time, and again whenever a page or a
download finds the file missing (an edited quote, a photo replaced): the reader then
gets « PDF en préparation » (503 with Retry-After) for the few seconds the worker takes,
and the release page shows the link without its size until then. Why not render on the
first request within a time bound: a render costs a web worker a few hundred
milliseconds of CPU and tens of megabytes; on two cores, a burst of readers opening a
just-edited release (or anyone requesting PDFs of many releases) would queue every page
of the site behind it. The worker does it once, and a repeat request costs one lookup.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string

from grandest_press import content_state
from grandest_press.circuit_breaker import CacheUnavailable

TEMPLATE = "communiques/communique_print.html"
# Change it when the output changes without the HTML changing (a WeasyPrint upgrade,
# print.css): every PDF is then rendered again.
RENDERER_VERSION = "1"
FOLDER = "cache/pdf/communiques"
# A missing PDF is queued once in this many seconds, however many readers ask.
QUEUE_AGAIN_AFTER = 120
RETRY_AFTER_SECONDS = 15


@dataclass(frozen=True)
class StoredPdf:
    name: str
    size: int


def print_html(communique) -> str:
    """The HTML the PDF is made from (communique read with for_page())."""
    context = {
        "communique": communique,
        "online_url": settings.SITE_URL + communique.get_absolute_url(),
        "language": "fr",
    }
    return render_to_string(TEMPLATE, context)


def _name(communique_pk: int, html: str) -> str:
    digest = hashlib.sha256(f"{RENDERER_VERSION}\n{html}".encode()).hexdigest()
    return f"{FOLDER}/{communique_pk}/{digest}.pdf"


def stored(communique, html: str | None = None) -> StoredPdf | None:
    """The PDF of the release as it is now, if it was rendered; None otherwise."""
    name = _name(communique.pk, print_html(communique) if html is None else html)
    try:
        return StoredPdf(name, default_storage.size(name))
    except (FileNotFoundError, OSError):
        return None


def render(communique) -> StoredPdf:
    """Render and keep the PDF of the release as it is now; drop its older files."""
    html = print_html(communique)
    found = stored(communique, html)
    if found is not None:
        return found
    from grandest_press.pdf import html_to_pdf  # WeasyPrint: loaded where it renders

    content = html_to_pdf(html, title=communique.title, language="fr")
    name = default_storage.save(_name(communique.pk, html), ContentFile(content))
    forget(communique.pk, keep=name)
    # The release page now shows the link with its size.
    content_state.invalidate()
    return StoredPdf(name, len(content))


def forget(communique_pk: int, *, keep: str = "") -> None:
    """Delete the stored PDFs of a release (all of them but `keep`)."""
    folder = f"{FOLDER}/{communique_pk}"
    try:
        _folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, OSError):
        return
    for filename in files:
        name = f"{folder}/{filename}"
        if name != keep:
            default_storage.delete(name)


def queue(communique_pk: int, *, run_after=None) -> None:
    """Queue the task that renders (or forgets) the release's PDF, after the commit."""
    from communiques.tasks import render_communique_pdf

    task = render_communique_pdf.using(run_after=run_after) if run_after else render_communique_pdf
    transaction.on_commit(lambda: task.enqueue(communique_pk))


def queue_missing(communique) -> None:
    """Queue a render for a published release whose PDF is missing, once in a while."""
    key = f"communique-pdf-queued:{communique.pk}"
    try:
        first = content_state.breaker.call(content_state.cache().add, key, 1, QUEUE_AGAIN_AFTER)
    except CacheUnavailable:
        first = True  # the task is idempotent: a duplicate costs one lookup
    if first:
        queue(communique.pk)
