"""A release's text as blocks (paragraphs and bullet lists) and its inline marks.

Light Markdown only: `**bold**`, `[text](url)`, bullets. Sentences are split here too,
for the other modules to look for signings, axes and amounts one sentence at a time.
"""

import html
import re
from dataclasses import dataclass, field

# Capital letters of French names, accented ones included.
CAPITALS = "A-ZÀ-ÖØ-Þ"

BULLET = re.compile(
    r"""
    ^ \s* (?: [•\-*▪◦‣–■●○✓✔➢►]                 # "- ", "• ", "▪ ", "✓ "
            | \d{1,2} [.)] | [a-h] \) | [IVX]{1,4} [.)] ) \s+   # "2) ", "a) ", "IV. "
    (?P<item> \S.* ) $                          # - la logistique transfrontalière ;
    """,
    re.VERBOSE,
)
LABELLED_ITEM = re.compile(
    r"""
    ^ (?P<label> [^:]{2,80}? ) \s+ : \s+        # Mobilités :
    (?P<description> \S.* ) $                   # Mobilités : un réseau de pistes cyclables
    """,
    re.VERBOSE,
)
SENTENCE_END = re.compile(
    rf"""
    (?<= [.!?…»] ) (?<! \bM\. ) (?<! \bMM\. ) \s+   # "… signé. Le pacte …", not "M. Jean"
    (?= [«"*\[0-9{CAPITALS}] )
    """,
    re.VERBOSE,
)
MARKDOWN_LINK = re.compile(
    r"""
    \[ (?P<text> [^\[\]\n]* ) \]                # [stratégie de la Région]
    \( (?P<url> [^)\s]* ) \)                    # (https://www.grandest.fr)
    """,
    re.VERBOSE,
)
MARKDOWN_BOLD = re.compile(
    r"""
    (?<! \w ) \*\*                              # **Jean Rottner**
    (?P<text> [^*\s] (?: [^*\n]*? [^*\s] )? )
    \*\* (?! \w )
    """,
    re.VERBOSE,
)
LEADING_AND = re.compile(r"^ et \s+", re.VERBOSE)  # "et la Région" → "la Région"
LEADING_ARTICLE = re.compile(
    r"""
    ^ (?: et \s+ )? (?: (?: le | la | les ) \s+ | l['’] )   # "et la Région", "l’Agglo"
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass
class Block:
    kind: str  # "paragraph" or "list"
    lines: list[tuple[int, str]]
    # Line numbers of a list's items indented under another: "1) Axe" then "   - projet".
    sub_items: set[int] = field(default_factory=set)

    @property
    def line(self) -> int:
        return self.lines[0][0]

    @property
    def text(self) -> str:
        return " ".join(text.strip() for _, text in self.lines)

    @property
    def multiline_text(self) -> str:
        return "\n".join(text.strip() for _, text in self.lines)


def make_blocks(numbered_lines: list[tuple[int, str]]) -> list[Block]:
    """Paragraphs (separated by blank lines) and bullet lists (consecutive bullets)."""
    blocks: list[Block] = []
    current: list[tuple[int, str]] = []
    list_indent = 0

    def flush():
        if current:
            blocks.append(_paragraph_or_list(list(current)))
            current.clear()

    for number, line in numbered_lines:
        if not line.strip():
            flush()
            continue
        bullet = BULLET.match(line)
        if bullet:
            flush()
            item = (number, bullet.group("item").strip())
            indent = len(line) - len(line.lstrip())
            if blocks and blocks[-1].kind == "list" and blocks[-1].lines[-1][0] >= number - 2:
                blocks[-1].lines.append(item)
                if indent > list_indent:
                    blocks[-1].sub_items.add(number)
            else:
                blocks.append(Block("list", [item]))
                list_indent = indent
            continue
        current.append((number, line))
    flush()
    return blocks


def _paragraph_or_list(lines):
    if len(lines) >= 2 and all(LABELLED_ITEM.match(text.strip()) for _, text in lines):
        return Block("list", [(number, text.strip()) for number, text in lines])
    return Block("paragraph", lines)


def plain(text: str) -> str:
    """Markdown to plain text: bold marks removed, links as their text (and address)."""

    def link(match):
        url = match.group("url")
        return match.group("text") if url in ("", "#") else f"{match.group('text')} ({url})"

    text = MARKDOWN_LINK.sub(link, text)
    return MARKDOWN_BOLD.sub(lambda m: m.group("text"), text).strip()


def inline_html(text: str) -> str:
    """Markdown inline marks to HTML; a link to "#" (a placeholder) keeps only its text."""
    escaped = html.escape(text.strip(), quote=False)

    def link(match):
        url = html.unescape(match.group("url"))
        if url in ("", "#"):
            return match.group("text")
        return f'<a href="{html.escape(url)}">{match.group("text")}</a>'

    escaped = MARKDOWN_LINK.sub(link, escaped)
    return MARKDOWN_BOLD.sub(lambda m: f"<strong>{m.group('text')}</strong>", escaped)


def render_body(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        if block.kind == "list":
            items = "".join(f"<li>{inline_html(text)}</li>" for _, text in block.lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{inline_html(block.text)}</p>")
    return "".join(parts)


def split_sentences(text: str) -> list[str]:
    return [sentence for sentence in SENTENCE_END.split(text.strip()) if sentence.strip()]


def split_top_level(text: str, separator: str = ",") -> list[str]:
    """Split on `separator` outside parentheses, guillemets and bold marks."""
    parts, depth, quoted, bold, current = [], 0, False, False, []
    index = 0
    while index < len(text):
        char = text[index]
        if text.startswith("**", index):
            bold = not bold
            current.append("**")
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == "«":
            quoted = True
        elif char == "»":
            quoted = False
        if char == separator and not depth and not quoted and not bold:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def strip_article(text: str) -> str:
    return LEADING_ARTICLE.sub("", text.strip()).strip()


def strip_bold(text: str) -> str:
    return text.replace("**", "").strip()


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def short(text: str, length: int = 90) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
