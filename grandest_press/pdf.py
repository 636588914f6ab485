"""Accessible PDF files rendered from the site's own HTML templates (WeasyPrint).

`render_pdf(template, context, title=…, language=…)` gives the bytes of a tagged PDF
(PDF/UA-1: a structure tree, /MarkInfo Marked true, the document's language and title,
real text with embedded fonts) laid out by the site's stylesheets for print.

Nothing is fetched from the network while rendering: `LocalFilesFetcher` serves the
project's static files and stored media (the release's photo) and refuses everything
else, so a link or an image pointing elsewhere can neither slow a render nor tell a
third party that a document was made. Templates use relative URLs (`static()`, a
media file's `.url`), resolved against SITE_URL.

WeasyPrint needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0) and fonts; a render
takes a few hundred milliseconds and tens of megabytes, which is why pages never render
one while a reader waits (see communiques/pdf.py).
"""

import logging
import mimetypes
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from PIL import ImageFile
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Importing WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process;
# the upload checks (grandest_press.images) count on the default to refuse truncated
# files. Our media are already checked, so WeasyPrint needs no leniency.
ImageFile.LOAD_TRUNCATED_IMAGES = False

logger = logging.getLogger(__name__)

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "optimize_images": True}


class RefusedFetch(ValueError):
    """A resource outside the project's static and media files."""


class LocalFilesFetcher(URLFetcher):
    """Serves /static/… and /media/… of SITE_URL from the project's own storages;
    refuses any other URL (WeasyPrint then renders without it). `refused` lists them."""

    def __init__(self):
        super().__init__(allowed_protocols=("http", "https"), allow_redirects=False)
        base = settings.SITE_URL + "/"
        self.static_base = urljoin(base, staticfiles_storage.url("x").removesuffix("x"))
        # Media may live on object storage, at another origin (MEDIA_ORIGIN).
        self.media_base = urljoin(base, default_storage.url("x").removesuffix("x"))
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            if url.startswith(self.static_base):
                body = _read_static(_name(url, self.static_base))
            elif url.startswith(self.media_base):
                body = _read_media(_name(url, self.media_base))
            else:
                raise RefusedFetch(url)
        except (RefusedFetch, OSError):
            self.refused.append(url)
            logger.warning("PDF rendering: refused to fetch %s", url)
            raise RefusedFetch(f"Not a file of this site: {url}") from None
        content_type = mimetypes.guess_type(urlsplit(url).path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def _name(url: str, base: str) -> str:
    """The storage name of `url` under `base`; never a way out of the folder."""
    name = unquote(urlsplit(url.removeprefix(base)).path)
    if not name or name.startswith("/") or ".." in name.split("/"):
        raise RefusedFetch(url)
    return name


def _read_static(name: str) -> bytes:
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as file:
            return file.read()
    # Development (no collectstatic): the apps' static folders.
    found = finders.find(name)
    if not found:
        raise FileNotFoundError(name)
    with open(found, "rb") as file:
        return file.read()


def _read_media(name: str) -> bytes:
    with default_storage.open(name) as file:
        return file.read()


def render_pdf(
    template_name: str,
    context: dict,
    *,
    title: str,
    language: str = "fr",
    fetcher: LocalFilesFetcher | None = None,
) -> bytes:
    """The tagged PDF (PDF/UA-1) of `template_name` rendered with `context`.

    `title` and `language` are written in the PDF's metadata whatever the template
    says (a screen reader announces the title and reads the text in that language).
    Pass a `fetcher` to see which URLs were refused.
    """
    html = render_to_string(template_name, context)
    return html_to_pdf(html, title=title, language=language, fetcher=fetcher)


def html_to_pdf(html: str, *, title: str, language: str = "fr", fetcher=None) -> bytes:
    fetcher = fetcher or LocalFilesFetcher()
    document = HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=fetcher).render(
        **PDF_OPTIONS
    )
    document.metadata.title = title
    document.metadata.lang = language
    return document.write_pdf(**PDF_OPTIONS)
