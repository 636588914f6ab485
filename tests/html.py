"""Read rendered pages as a reader would: parsed HTML and visible text.

The site writes French typography (U+202F and U+00A0 no-break spaces, apostrophe ’);
tests compare text after turning those into plain spaces and straight apostrophes.
"""

import re

from bs4 import BeautifulSoup, Comment, NavigableString

_SPACES = re.compile(r"\s+")
_HIDDEN = {"head", "script", "style", "template"}
# Elements a browser lays out on their own line: their text never runs into the next one.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "section", "table", "td", "th", "tr", "ul",
}  # fmt: skip


def normalise(text: str) -> str:
    """Plain spaces and apostrophes, whitespace collapsed."""
    text = text.replace("\u202f", " ").replace("\u00a0", " ").replace("\u2019", "'")
    return _SPACES.sub(" ", text).strip()


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def _visible_text(node) -> str:
    if isinstance(node, Comment):
        return ""
    if isinstance(node, NavigableString):
        return str(node)
    if node.name in _HIDDEN:
        return ""
    inner = "".join(_visible_text(child) for child in node.children)
    return f" {inner} " if node.name in _BLOCKS else inner


def text_of(element) -> str:
    """Visible, normalised text of a parsed element, as a browser would lay it out:
    inline elements run on ("Jean Rottner, Président"), blocks are set apart."""
    return normalise(_visible_text(element))


def page_text(response) -> str:
    """Visible text of the page, normalised (no scripts, styles or head)."""
    return text_of(soup(response))


def texts(response, selector: str) -> list[str]:
    """Normalised text of each element matching a CSS selector."""
    return [text_of(element) for element in soup(response).select(selector)]
