"""When and where the release's event takes place: its first date, and its place.

The date patterns themselves live in `french_dates`; this module picks the release's
date among the blocks and reports how its year was found.
"""

from communiques.importer.blocks import plain
from communiques.importer.french_dates import find_date
from communiques.importer.names import find_place
from communiques.importer.signings import SIGN_VERB
from communiques.importer.structure import Recognised


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
            break
    if blocks and blocks[0].kind == "paragraph":
        lede = plain(blocks[0].text)
        place = find_place(_without_parties(lede)) or find_place(lede)
        if place:
            parsed.place, parsed.place_line = place, blocks[0].line
            parsed.note("Lieu", place, blocks[0].line)


def _without_parties(sentence: str) -> str:
    verb = SIGN_VERB.search(sentence)
    return sentence[verb.start() :] if verb else sentence
