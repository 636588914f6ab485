import pytest
from bs4 import BeautifulSoup
from django.test.html import parse_html

from grandest_press.richtext import html_to_text, plain_text, sanitize_html

ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "blockquote"}

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<p>Texte</p><script src='https://exemple.org/x.js'></script>",
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)">Texte</p>',
    '<p><a href="https://www.grandest.fr" onmouseover="alert(1)">lien</a></p>',
    '<a href="javascript:alert(1)">lien</a>',
    '<a href="JaVaScRiPt:alert(1)">lien</a>',
    '<a href="  javascript:alert(1)">lien</a>',
    '<a href="&#106;avascript:alert(1)">lien</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">lien</a>',
    '<a href="vbscript:msgbox(1)">lien</a>',
    "<svg onload=alert(1)><circle r=1></circle></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<p style="background:url(javascript:alert(1))">Texte</p>',
    "<style>p { color: red }</style><p>Texte</p>",
    "<iframe src='https://exemple.org'></iframe>",
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://exemple.org"><input name="x"><button>Envoyer</button></form>',
    "<p><b>texte non fermé <script>alert(1)",
    "<scr<script>ipt>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!-- <script>alert(1)</script> --><p>Texte</p>",
    '<p title="x" onfocus="alert(1)" autofocus tabindex="0">Texte</p>',
]


def dangerous_parts(html: str) -> list[str]:
    """What a browser could run or load from `html`: tags off the allowlist,
    event handlers, inline styles and links to other schemes than the allowed ones."""
    found = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        if element.name not in ALLOWED_TAGS:
            found.append(f"<{element.name}>")
        for attribute in element.attrs:
            if attribute.startswith("on") or attribute == "style":
                found.append(f"{element.name}[{attribute}]")
        href = element.get("href", "")
        if href and not href.startswith(("https://", "http://", "mailto:", "tel:")):
            found.append(f"href={href}")
    return found


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_nothing_dangerous_survives_sanitizing(payload):
    assert dangerous_parts(sanitize_html(payload)) == []


def test_script_is_removed_with_its_content():
    assert sanitize_html("<script>alert(1)</script>") == ""


def test_link_to_javascript_keeps_its_text_but_loses_its_target():
    cleaned = BeautifulSoup(sanitize_html('<a href="javascript:alert(1)">lien</a>'), "html.parser")

    assert cleaned.get_text() == "lien"
    assert cleaned.a.get("href") is None


def test_editor_markup_survives_sanitizing():
    html = (
        "<h2>Intertitre</h2>"
        "<p>Texte <strong>gras</strong> et <em>italique</em>.<br>Suite.</p>"
        "<ul><li>un</li></ul><ol><li>deux</li></ol>"
        "<blockquote><p>Cité.</p></blockquote>"
        '<p><a href="https://www.grandest.fr">site</a> '
        '<a href="mailto:presse@grandest.fr">courriel</a> '
        '<a href="tel:+33684801148">téléphone</a></p>'
    )

    assert parse_html(sanitize_html(html)) == parse_html(
        "<h2>Intertitre</h2>"
        "<p>Texte <strong>gras</strong> et <em>italique</em>.<br>Suite.</p>"
        "<ul><li>un</li></ul><ol><li>deux</li></ol>"
        "<blockquote><p>Cité.</p></blockquote>"
        '<p><a href="https://www.grandest.fr" rel="noopener noreferrer">site</a> '
        '<a href="mailto:presse@grandest.fr" rel="noopener noreferrer">courriel</a> '
        '<a href="tel:+33684801148" rel="noopener noreferrer">téléphone</a></p>'
    )


def test_links_cannot_open_a_new_window_or_keep_the_opener():
    cleaned = sanitize_html('<a href="https://www.grandest.fr" target="_blank">site</a>')

    assert parse_html(cleaned) == parse_html(
        '<a href="https://www.grandest.fr" rel="noopener noreferrer">site</a>'
    )


def test_tag_off_the_allowlist_keeps_its_text():
    assert sanitize_html("<p><span class='rouge'>Texte</span></p>") == "<p>Texte</p>"


@pytest.mark.parametrize("empty", ["<p></p>", "<p><br></p>", " <p></p>\n", "", None])
def test_empty_editor_output_is_stored_empty(empty):
    assert sanitize_html(empty) == ""


def test_sanitized_text_gets_french_spacing():
    cleaned = sanitize_html("<p>Il a déclaré : « Nous signons ! »</p>")

    assert cleaned == "<p>Il a déclaré\u00a0: «\u202fNous signons\u202f!\u202f»</p>"


def test_ampersand_reads_as_an_ampersand():
    cleaned = sanitize_html("<p>Recherche &amp; développement</p>")

    assert BeautifulSoup(cleaned, "html.parser").get_text() == "Recherche & développement"


def test_sanitizing_twice_changes_nothing():
    once = sanitize_html("<p>Contact presse : Sandrine Poirier</p>")

    assert sanitize_html(once) == once


RELEASE_BODY = (
    "<h2>Les axes\u202f:</h2><ul><li>la transition</li><li>l’emploi</li></ul>"
    "<p>Un ancrage local.</p><p>Un engagement de la Région</p><p>La Région signe.</p>"
)


def test_plain_text_keeps_a_space_between_blocks_and_list_items():
    assert plain_text(RELEASE_BODY) == (
        "Les axes\u202f: la transition l’emploi Un ancrage local. "
        "Un engagement de la Région La Région signe."
    )


def test_plain_text_keeps_a_line_break_as_a_space():
    assert plain_text("<p>Châlons<br>Agglo</p>") == "Châlons Agglo"


def test_plain_text_reads_entities_and_drops_inline_tags():
    assert plain_text("<p>Région <strong>&amp;</strong> <em>Agglo</em></p>") == "Région & Agglo"


def test_text_sets_blocks_apart_and_prefixes_list_items():
    assert html_to_text(RELEASE_BODY) == (
        "Les axes\u202f:\n\n– la transition\n\n– l’emploi\n\nUn ancrage local.\n\n"
        "Un engagement de la Région\n\nLa Région signe."
    )


def test_text_of_empty_rich_text_is_empty():
    assert plain_text("") == html_to_text(None) == ""
