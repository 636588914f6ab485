"""The PDF renderer: tagged (PDF/UA-1), titled, in French, real text, nothing fetched
from the network."""

import io
import socket

import pypdf
import pytest

from grandest_press.pdf import LocalFilesFetcher, html_to_pdf, render_pdf
from tests.factories import image_bytes, make_image

pytestmark = pytest.mark.django_db

PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Titre du gabarit</title>
<link rel="stylesheet" href="/static/css/site.css">
<link rel="stylesheet" href="https://cdn.example.org/police.css">
</head><body>
<h1>Signature du POCE à Châlons-en-Champagne</h1>
<p>« Une étape décisive pour l’économie », a déclaré le Président.</p>
<img src="https://traceur.example.net/pixel.gif" alt="">
{extra}
</body></html>"""


def read(content: bytes) -> pypdf.PdfReader:
    assert content.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(content))


def text_of(reader) -> str:
    return " ".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def no_network(monkeypatch):
    """Fails the test if anything opens a network connection."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access during a PDF rendering")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_the_pdf_is_tagged_for_accessibility(no_network):
    reader = read(html_to_pdf(PAGE.format(extra=""), title="Signature du POCE"))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"].value is True


def test_the_title_and_language_are_those_asked_for(no_network):
    reader = read(html_to_pdf(PAGE.format(extra=""), title="Signature du POCE", language="fr"))
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert reader.metadata.title == "Signature du POCE"
    # PDF/UA: viewers show the title, not the file name.
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"].value is True


def test_the_text_is_real_text_with_its_accents(no_network):
    text = text_of(read(html_to_pdf(PAGE.format(extra=""), title="Signature")))
    assert "Signature du POCE à Châlons-en-Champagne" in text
    assert "Une étape décisive pour l’économie" in text


def test_only_the_sites_own_files_are_fetched(no_network):
    image = make_image(content=image_bytes(width=300, height=200))
    fetcher = LocalFilesFetcher()
    extra = f'<img src="{image.url}" alt="La signature"><img src="/admin/" alt="">'
    html_to_pdf(PAGE.format(extra=extra), title="Signature", fetcher=fetcher)
    assert fetcher.refused == [
        "https://cdn.example.org/police.css",
        "https://traceur.example.net/pixel.gif",
        "http://127.0.0.1:8000/admin/",
    ]
    assert no_network == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/static/../grandest_press/settings.py",
        "http://127.0.0.1:8000/media/%2E%2E/secret.txt",
        "file:///etc/passwd",
        "http://127.0.0.1:8001/static/css/site.css",
    ],
)
def test_the_fetcher_refuses_a_way_out_of_the_sites_files(url):
    fetcher = LocalFilesFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_the_sites_stylesheet():
    response = LocalFilesFetcher().fetch("http://127.0.0.1:8000/static/css/site.css")
    assert response.content_type == "text/css"
    assert b"--color-brand" in response.read()


def test_render_pdf_renders_a_template_with_its_context(no_network):
    reader = read(render_pdf("print/base.html", {"language": "fr"}, title="Invitation presse"))
    assert reader.metadata.title == "Invitation presse"
    assert "Région Grand Est" in text_of(reader)


def test_importing_the_renderer_leaves_truncated_images_refused():
    """WeasyPrint's import turns Pillow's LOAD_TRUNCATED_IMAGES on, process-wide."""
    from PIL import ImageFile

    import grandest_press.pdf  # noqa: F401

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
