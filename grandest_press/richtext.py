"""Server-side sanitization of the rich text written in the admin editor, and its text.

The allowlist matches the editor's toolbar (paragraphs, headings, lists, links,
emphasis): whatever the browser sends, nothing else is stored. `html_to_text()` and
`plain_text()` are the one way to read that rich text as text (search, descriptions,
the kit presse): blocks and list items never run into each other.
"""

import html
import re

import nh3
from django.utils.html import strip_tags

from grandest_press.typography import french_typography_html

ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Toolbar of django-prose-editor, kept in step with ALLOWED_TAGS.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """Return safe HTML: disallowed tags and attributes removed, French spacing fixed."""
    if not html:
        return ""
    cleaned = _cleaner.clean(html).strip()
    # The editor always sends at least one empty paragraph.
    if cleaned in {"", "<p></p>", "<p><br></p>"}:
        return ""
    return french_typography_html(cleaned)


# Where a browser starts a new line: the start or end of a block, a list item, a <br>.
# "<p>… de la Région</p><p>La Région …</p>" reads "… de la Région" / "La Région …",
# never "RégionLa Région".
_BLOCK_BOUNDARY = re.compile(
    r"""
    </?(?:p|h[1-6]|ul|ol|blockquote|div|figure|figcaption|table|tr|td|th)\b[^>]*>  # <p>, </h2>
    | </li\s*>                                                           # end of an item
    | <br\s*/?>                                                          # <br>, <br/>
    """,
    re.IGNORECASE | re.VERBOSE,
)
_LIST_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)  # <li>, <li class="x">
# ASCII spaces only: French typography's no-break spaces (U+00A0, U+202F) stay.
_SPACES = re.compile(r"[ \t\r\f\v]+")  # "a \t b" → "a b"
_BLANK_LINES = re.compile(r"\n{3,}")  # "a\n\n\n\nb" → "a\n\nb"


def _text(value: str, *, item_prefix: str) -> str:
    value = _LIST_ITEM.sub(f"\n\n{item_prefix}", value or "")
    value = _BLOCK_BOUNDARY.sub("\n\n", value)
    text = html.unescape(strip_tags(value))
    lines = [_SPACES.sub(" ", line).strip(" ") for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def html_to_text(value: str) -> str:
    """Rich text as plain paragraphs separated by a blank line, list items prefixed
    with « – » (the kit presse's .txt)."""
    return _text(value, item_prefix="– ")


def plain_text(value: str) -> str:
    """Rich text on one line, blocks and list items separated by a space (search index
    and excerpts, meta descriptions)."""
    return _SPACES.sub(" ", _text(value, item_prefix="").replace("\n", " "))
