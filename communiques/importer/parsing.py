"""Read a French press release written in light Markdown into an unsaved structure.

The work is shared by concern: `blocks` (paragraphs, lists, inline marks), `dates`,
`quotes`, `names` and `signings` (parties, roles, pacts), `axes`, `amounts` and
`contacts`. Everything found keeps the number of the line it came from, for the
import report. Nothing is dropped: what is not recognised stays in the body.
"""

import datetime
import re

from communiques.importer.amounts import AMOUNT, parse_amount, parse_amounts
from communiques.importer.axes import TITLE_MAX_LENGTH, parse_axes
from communiques.importer.blocks import (
    BULLET,
    Block,
    inline_html,
    make_blocks,
    plain,
    render_body,
    short,
    split_sentences,
    split_top_level,
)
from communiques.importer.contacts import (
    CONTACT_HEADER,
    CONTACT_LABEL,
    EMAIL,
    PHONE,
    is_contact_header,
    normalise_phone,
    parse_contacts,
)
from communiques.importer.dates import parse_date_and_place
from communiques.importer.decoding import ImportTextError
from communiques.importer.names import find_place, parse_parties, parse_role, person_name
from communiques.importer.quotes import parse_quotes
from communiques.importer.signings import (
    KNOWN_FRAMEWORKS,
    KNOWN_PACT_KINDS,
    parse_definitions,
    parse_frameworks,
    parse_signings,
)
from communiques.importer.structure import (
    AmountRef,
    AxisRef,
    ContactRef,
    ParsedCommunique,
    PartyRef,
    QuoteRef,
    Recognised,
    RoleRef,
    Signing,
)

__all__ = [
    "AMOUNT",
    "BULLET",
    "CONTACT_HEADER",
    "CONTACT_LABEL",
    "EMAIL",
    "KNOWN_FRAMEWORKS",
    "KNOWN_PACT_KINDS",
    "PHONE",
    "TITLE_MAX_LENGTH",
    "AmountRef",
    "AxisRef",
    "Block",
    "ContactRef",
    "ParsedCommunique",
    "PartyRef",
    "QuoteRef",
    "Recognised",
    "RoleRef",
    "Signing",
    "find_place",
    "inline_html",
    "make_blocks",
    "normalise_phone",
    "parse_amount",
    "parse_communique",
    "parse_parties",
    "parse_role",
    "person_name",
    "plain",
    "render_body",
    "split_sentences",
    "split_top_level",
]

HEADING_MARK = re.compile(r"^ \s* \#+ \s*", re.VERBOSE)  # "## Titre" → "Titre"


def parse_communique(
    text: str, *, publication_date: datetime.date | None = None
) -> ParsedCommunique:
    """Parse a release; raise ImportTextError (French message) if it cannot become a draft."""
    if not isinstance(text, str):
        raise ImportTextError("Le texte à importer doit être du texte.")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise ImportTextError("Le texte contient des caractères binaires : rien n’a été importé.")
    lines = text.split("\n")
    numbered = [(number, line) for number, line in enumerate(lines, start=1)]
    content = [(number, line) for number, line in numbered if line.strip()]
    if not content:
        raise ImportTextError("Le texte est vide : aucun communiqué à importer.")
    title_line, title_raw = content[0]
    title = plain(HEADING_MARK.sub("", title_raw)).strip()
    if not title:
        raise ImportTextError(f"Ligne {title_line} : le titre (première ligne) est vide.")
    if len(title) > TITLE_MAX_LENGTH:
        raise ImportTextError(
            f"Ligne {title_line} : le titre (première ligne) dépasse {TITLE_MAX_LENGTH} "
            "caractères. La première ligne doit être le titre du communiqué."
        )
    parsed = ParsedCommunique(title=title, title_line=title_line)
    parsed.note("Titre", title, title_line)

    rest = numbered[title_line:]
    contact_index = next(
        (i for i, (_, line) in enumerate(rest) if is_contact_header(line)),
        None,
    )
    middle = rest if contact_index is None else rest[:contact_index]
    blocks = make_blocks(middle)
    contact_blocks = []
    if contact_index is not None:
        contact_blocks = parse_contacts(parsed, rest[contact_index:])

    quote_blocks = parse_quotes(parsed, blocks)
    remaining = [block for i, block in enumerate(blocks) if i not in quote_blocks]
    if remaining and remaining[0].kind == "paragraph" and remaining[0] is blocks[0]:
        lede_block = remaining.pop(0)
        parsed.lede = plain(lede_block.text)
        parsed.lede_line = lede_block.line
        parsed.note("Chapeau", short(parsed.lede), lede_block.line)
    parsed.body_blocks = remaining + contact_blocks

    all_blocks = ([Block("paragraph", [(title_line, title_raw)])] if title else []) + blocks
    parse_date_and_place(parsed, blocks, publication_date)
    parse_definitions(parsed, all_blocks)
    parse_signings(parsed, blocks, quote_blocks)
    parse_frameworks(parsed, all_blocks)
    if parsed.signings:
        parse_axes(parsed, remaining)
        first_paragraph = next((b for b in remaining if b.kind == "paragraph"), None)
        if first_paragraph:
            parsed.summary = plain(split_sentences(first_paragraph.text)[0])
    parse_amounts(parsed, blocks)
    for block in parsed.body_blocks:
        parsed.recognised.append(
            Recognised("Laissé dans le texte", short(plain(block.text)), block.line)
        )
    return parsed
