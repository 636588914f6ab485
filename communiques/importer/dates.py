"""When and where the release's event takes place: its first date, and its place.

The date patterns themselves live in `french_dates`; this module picks the release's
date among the blocks and reports how its year was found.
"""

import re

from communiques.importer.blocks import plain, split_sentences
from communiques.importer.french_dates import find_date
from communiques.importer.names import find_place
from communiques.importer.signing_parts import LEADING_DATELINE
from communiques.importer.signings import SIGN_VERB
from communiques.importer.structure import Recognised

# The event's date said relatively ("samedi dernier", "hier") or opening the text.
RELATIVE = re.compile(r"\s dernier $ | ^ (?: avant-hier | hier ) $", re.IGNORECASE | re.VERBOSE)
EVENT_DATE = re.compile(
    r"\d | \s dernier $ | ^ (?: avant-hier | hier ) $", re.IGNORECASE | re.VERBOSE
)


def parse_date_and_place(parsed, blocks, publication_date):
    for block in blocks:
        found = find_date(plain(block.text), publication_date)
        if found:
            parsed.date, parsed.date_line = found, block.line
            value = found.value.isoformat() if found.value else "inconnue"
            parsed.note("Date", f"« {found.wording} » → {value} ({found.precision})", block.line)
            if found.year_inferred:
                parsed.inferred.append(
                    Recognised(
                        "Date",
                        f"« {found.wording} » : année reprise de la date de publication "
                        f"({publication_date.isoformat() if publication_date else '?'}).",
                        block.line,
                    )
                )
            if found.warning:
                parsed.warnings.append(Recognised("Date", found.warning, block.line))
            _event_date(parsed, blocks, block, found)
            break
    if blocks and blocks[0].kind == "paragraph":
        lede = plain(blocks[0].text)
        place = find_place(_without_parties(lede)) or find_place(lede)
        if place:
            parsed.place, parsed.place_line = place, blocks[0].line
            parsed.note("Lieu", place, blocks[0].line)


def _event_date(parsed, blocks, dated, found):
    """The event's own date when the text opens on it after its dateline: "Stenay, le 11
    juillet 2022 – La maison a été inaugurée samedi dernier", "Du lundi 3 au vendredi 7
    mars 2025, …" under a date banner."""
    if found.value is None:
        return
    glued = LEADING_DATELINE.match(plain(dated.text))
    later = [
        b
        for b in blocks
        if b.line > dated.line and b.kind == "paragraph" and not _is_dateline_or_banner(parsed, b)
    ]
    block = dated if glued else (later[0] if later else None)
    if block is None or (not glued and not _is_dateline_or_banner(parsed, dated)):
        return
    text = plain(block.text)[glued.end() if glued else 0 :]
    first = split_sentences(text)[0] if text.strip() else ""
    event = find_date(first, found.value)
    differs = event and event.value and event.value != found.value
    opening = event and (event.start <= 3 or RELATIVE.search(event.wording))
    if differs and opening and EVENT_DATE.search(event.wording):
        parsed.date, parsed.date_line = event, block.line
        parsed.note("Date", f"« {event.wording} » → {event.value.isoformat()}", block.line)


def _is_dateline_or_banner(parsed, block) -> bool:
    return any(item.line == block.line for item in parsed.set_aside)


def _without_parties(sentence: str) -> str:
    verb = SIGN_VERB.search(sentence)
    return sentence[verb.start() :] if verb else sentence
