"""Server-side sanitization of the rich text written in the admin editor.

The allowlist matches the editor's toolbar (paragraphs, headings, lists, links,
emphasis): whatever the browser sends, nothing else is stored.
"""

import nh3

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
