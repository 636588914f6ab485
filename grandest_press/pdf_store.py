"""Where the PDF of a public record is kept, and when it is rendered.

Where it is kept: `<folder>/<pk>/<fingerprint>.pdf` in the default storage, where the
fingerprint is a SHA-256 of the HTML the PDF is made from (and of RENDERER_VERSION).
The file thus belongs to one state of the record's content: a change to any of it
gives another name, and the next generation of pages links to it; a record whose
content did not change keeps its file across generations. 64 hexadecimal digits of
the content are no name anyone can guess, and the folder is emptied when the record
stops being public.

When it is rendered: by the worker, never while a reader waits. Each app queues its
task when a record is saved, to run at its publication time, and again whenever a
page or a download finds the file missing (an edited text, a photo replaced): the
reader then gets « PDF en préparation » (503 with Retry-After) for the few seconds the
worker takes, and the page shows the link without its size until then. Why not render
on the first request within a time bound: a render costs a web worker a few hundred
milliseconds of CPU and tens of megabytes; on two cores, a burst of readers opening a
just-edited page (or anyone requesting many PDFs) would queue every page of the site
behind it. The worker does it once, and a repeat request costs one lookup.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.module_loading import import_string

from grandest_press import content_state
from grandest_press.circuit_breaker import CacheUnavailable

# Change it when the output changes without the HTML changing (a WeasyPrint upgrade,
# print.css): every PDF is then rendered again.
RENDERER_VERSION = "1"
# A missing PDF is queued once in this many seconds, however many readers ask.
QUEUE_AGAIN_AFTER = 120
RETRY_AFTER_SECONDS = 15
PENDING_TEMPLATE = "pdf_pending.html"


@dataclass(frozen=True)
class StoredPdf:
    name: str
    size: int


class PdfStore:
    """The PDFs of one kind of record (a release, an invitation).

    The template gets the record as `context_name` and its address as `online_url`;
    `title(record)` is the PDF's title (the record's `title` by default); `task` is
    the dotted path of the django.tasks task that takes the record's pk and calls
    `refresh()` (imported when a render is queued: the tasks module imports models).
    """

    def __init__(
        self,
        *,
        folder: str,
        template: str,
        context_name: str,
        task: str,
        title: Callable[[object], str] = attrgetter("title"),
    ):
        self.folder = folder
        self.template = template
        self.context_name = context_name
        self.task = task
        self.title = title

    def print_html(self, record) -> str:
        """The HTML the PDF is made from."""
        context = {
            self.context_name: record,
            "online_url": settings.SITE_URL + record.get_absolute_url(),
            "language": "fr",
        }
        return render_to_string(self.template, context)

    def _name(self, pk: int, html: str) -> str:
        digest = hashlib.sha256(f"{RENDERER_VERSION}\n{html}".encode()).hexdigest()
        return f"{self.folder}/{pk}/{digest}.pdf"

    def stored(self, record, html: str | None = None) -> StoredPdf | None:
        """The PDF of the record as it is now, if it was rendered; None otherwise."""
        name = self._name(record.pk, self.print_html(record) if html is None else html)
        try:
            return StoredPdf(name, default_storage.size(name))
        except (FileNotFoundError, OSError):
            return None

    def render(self, record) -> StoredPdf:
        """Render and keep the PDF of the record as it is now; drop its older files."""
        html = self.print_html(record)
        found = self.stored(record, html)
        if found is not None:
            return found
        from grandest_press.pdf import html_to_pdf  # WeasyPrint: loaded where it renders

        content = html_to_pdf(html, title=self.title(record), language="fr")
        name = default_storage.save(self._name(record.pk, html), ContentFile(content))
        self.forget(record.pk, keep=name)
        # The record's page now shows the link with its size.
        content_state.invalidate()
        return StoredPdf(name, len(content))

    def refresh(self, public_records, pk: int) -> None:
        """The task's work: render the PDF of the record if it is among
        `public_records` (read as its print template needs), else forget its PDFs."""
        record = public_records.filter(pk=pk).first()
        if record is None:
            self.forget(pk)
        else:
            self.render(record)

    def forget(self, pk: int, *, keep: str = "") -> None:
        """Delete the stored PDFs of a record (all of them but `keep`)."""
        folder = f"{self.folder}/{pk}"
        try:
            _folders, files = default_storage.listdir(folder)
        except (FileNotFoundError, OSError):
            return
        for filename in files:
            name = f"{folder}/{filename}"
            if name != keep:
                default_storage.delete(name)

    def forget_on_commit(self, pk: int) -> None:
        transaction.on_commit(lambda: self.forget(pk))

    def queue(self, pk: int, *, run_after=None) -> None:
        """Queue the task that renders (or forgets) the record's PDF, after the commit."""
        task = import_string(self.task)
        if run_after:
            task = task.using(run_after=run_after)
        transaction.on_commit(lambda: task.enqueue(pk))

    def queue_at_publication(self, record) -> None:
        """After a save: render at the publication time (the task forgets the PDF of a
        record no longer public)."""
        if record.published_at is None:
            return
        self.queue(record.pk, run_after=record.published_at if record.is_scheduled else None)

    def queue_missing(self, record) -> None:
        """Queue a render for a public record whose PDF is missing, once in a while."""
        key = f"pdf-queued:{self.folder}:{record.pk}"
        try:
            first = content_state.breaker.call(content_state.cache().add, key, 1, QUEUE_AGAIN_AFTER)
        except CacheUnavailable:
            first = True  # the task is idempotent: a duplicate costs one lookup
        if first:
            self.queue(record.pk)

    def stored_or_queue(self, record) -> StoredPdf | None:
        """For a page that links the PDF: the stored file, or None once its render is queued."""
        found = self.stored(record)
        if found is None:
            self.queue_missing(record)
        return found

    def response(self, request, record, *, filename: str, document: str):
        """The PDF as the worker rendered it; « en préparation » (503) for the few
        seconds after a change, never rendered while the reader waits. `document`
        names the record in the pending page (« ce communiqué »)."""
        found = self.stored_or_queue(record)
        if found is None:
            response = TemplateResponse(
                request,
                PENDING_TEMPLATE,
                {"record": record, "document": document},
                status=503,
            )
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            patch_cache_control(response, no_store=True)
            return response
        return FileResponse(
            default_storage.open(found.name, "rb"),
            content_type="application/pdf",
            filename=filename,
        )
