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
from communiques.importer.french_dates import find_date
from communiques.importer.names import (
    find_place,
    parse_parties,
    parse_role,
    parse_roles,
    person_name,
)
from communiques.importer.quotes import (
    parse_inline_quotes,
    parse_quotes,
    resolve_title_speakers,
)
from communiques.importer.signing_parts import refer_to_territory
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
# A rubric above the title: "Actualité", "Sur le terrain", "Communiqué de presse".
RUBRIC = re.compile(
    r"^ \s* (?: [\w’'-]+ \s* ){1,4} $",  # Sur le terrain
    re.VERBOSE,
)
# "Communiqué de presse – Strasbourg, le 11 mars 2022": the line is still a dateline.
PRESS_RELEASE_LEAD = re.compile(
    r"^ (?: communiqué (?: \s+ de \s+ presse )? | information \s+ presse ) \s* [–—:-] \s*",
    re.IGNORECASE | re.VERBOSE,
)
DATELINE = re.compile(
    r"""
    ^ \s* (?: [^\W\d][\w’' -]{1,60} , \s* )?   # Strasbourg,
    (?: le \s+ )?                               # le
    """,
    re.VERBOSE | re.IGNORECASE,
)


def split_banner(content):
    """Lines above the title set aside: a date banner ("lundi 18 juin 2018") and rubrics."""
    set_aside = []
    while len(content) > 1:
        number, line = content[0]
        text = plain(HEADING_MARK.sub("", line)).strip()
        following = plain(content[1][1]).strip()
        found = find_date(text, None)
        words = text.replace(found.wording, " ").strip(" ,.–-").split() if found else []
        if found and len(words) <= 3:
            # "lundi 18 juin 2018", "Publié le 16/12/2021", "Diffusion immédiate – 28 …"
            set_aside.append(Recognised("Date en bandeau", text, number))
        elif is_dateline_text(text):
            set_aside.append(Recognised("Lieu et date", text, number))
        elif (
            RUBRIC.match(text)
            and not any(char.isdigit() for char in text)
            and len(text) <= 30
            and len(text) < len(following) <= TITLE_MAX_LENGTH
            and not following.endswith((".", ":"))
        ):
            set_aside.append(Recognised("Rubrique", text, number))
        else:
            break
        content = content[1:]
    return set_aside, content


def is_dateline(block) -> bool:
    """A paragraph that only gives the place and date: "Strasbourg, le 28 janvier 2021"."""
    return block.kind == "paragraph" and is_dateline_text(plain(block.text))


def is_dateline_text(text: str) -> bool:
    text = PRESS_RELEASE_LEAD.sub("", text.strip(" .–-"))
    found = find_date(text, None)
    if not found or len(text) > 90:
        return False
    before, after = text[: found.start], text[found.end :].strip(" ,.–-")
    return not after and bool(DATELINE.fullmatch(before))


def looks_like_paragraph(text: str) -> bool:
    """A first line that is a paragraph, not a headline: long, several sentences."""
    return len(text) > 200 and len(split_sentences(text)) > 1


def title_from_paragraph(text: str) -> str:
    sentence = split_sentences(text)[0].strip()
    if len(sentence) <= 160:
        return sentence.rstrip(" .")
    cut = sentence[:159].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}…"


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
    set_aside, content = split_banner(content)
    title_line, title_raw = content[0]
    title = plain(HEADING_MARK.sub("", title_raw)).strip()
    title_inferred = False
    if not title:
        raise ImportTextError(f"Ligne {title_line} : le titre (première ligne) est vide.")
    if len(title) > TITLE_MAX_LENGTH or looks_like_paragraph(title):
        # No headline: the first paragraph starts the text, its first sentence names it.
        title, title_inferred = title_from_paragraph(title), True
    parsed = ParsedCommunique(title=title, title_line=title_line)
    parsed.set_aside = set_aside
    parsed.note("Titre", title, title_line)
    if title_inferred:
        parsed.inferred.append(
            Recognised(
                "Titre", "pas de titre : repris de la première phrase, à relire.", title_line
            )
        )

    rest = numbered[title_line - 1 :] if title_inferred else numbered[title_line:]
    contact_index = next(
        (i for i, (_, line) in enumerate(rest) if is_contact_header(line)),
        None,
    )
    middle = rest if contact_index is None else rest[:contact_index]
    blocks = make_blocks(middle)
    contact_blocks = []
    if contact_index is not None:
        contact_blocks = parse_contacts(parsed, rest[contact_index:])

    datelines = [i for i, block in enumerate(blocks[:3]) if is_dateline(block)][:1]
    for index in datelines:
        parsed.set_aside.append(
            Recognised("Lieu et date", plain(blocks[index].text), blocks[index].line)
        )
    quote_blocks = parse_quotes(parsed, blocks)
    quote_blocks |= parse_inline_quotes(parsed, blocks, quote_blocks | set(datelines))
    remaining = [
        block for i, block in enumerate(blocks) if i not in quote_blocks and i not in datelines
    ]
    first = next((b for i, b in enumerate(blocks) if i not in datelines), None)
    if remaining and remaining[0].kind == "paragraph" and remaining[0] is first:
        lede_block = remaining.pop(0)
        parsed.lede = plain(lede_block.text)
        parsed.lede_line = lede_block.line
        parsed.note("Chapeau", short(parsed.lede), lede_block.line)
    parsed.body_blocks = remaining + contact_blocks

    all_blocks = ([Block("paragraph", [(title_line, title_raw)])] if title else []) + blocks
    banner_blocks = [Block("paragraph", [(item.line, item.value)]) for item in set_aside]
    parse_date_and_place(parsed, banner_blocks + blocks, publication_date)
    parse_definitions(parsed, all_blocks)
    parse_signings(parsed, blocks, quote_blocks)
    parse_frameworks(parsed, all_blocks)
    parse_roles(parsed, blocks, quote_blocks)
    resolve_title_speakers(parsed)
    territories = {t for signing in parsed.signings for t in signing.territories}
    if len(territories) == 1:
        # « a déclaré X, présidente de la communauté de communes »: the pact's territory.
        speakers = [quote.speaker for quote in parsed.quotes if quote.speaker.kind == "person"]
        refer_to_territory([*speakers, *parsed.roles], list(territories))
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
