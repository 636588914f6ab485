"""Quotes and who said them: « … », a déclaré X ; X : « … » ; Pour X, « … »."""

import re

from communiques.importer.blocks import CAPITALS, plain, short
from communiques.importer.names import parse_parties
from communiques.importer.structure import PartyRef, QuoteRef

OPENERS = {"«": "»", '"': '"', "“": "”"}
QUOTE_VERBS = r"""
    (?: (?: a | avait ) \s+
        (?: déclaré | ajouté | indiqué | souligné | précisé | expliqué | affirmé | rappelé
          | conclu | insisté | estimé | commenté | résumé | lancé | salué | confié )
      | déclare | ajoute | indique | souligne | précise | explique | affirme | rappelle
      | conclut | insiste | estime | commente | résume | selon | pour )
"""
SUFFIX_ATTRIBUTION = re.compile(
    rf"""
    ^ \s* [,.]? \s* {QUOTE_VERBS} \s+           # », a déclaré
    (?P<who> .+? ) \s* [.!]? \s* $              # Jean Rottner.
    """,
    re.IGNORECASE | re.DOTALL | re.VERBOSE,
)
SUFFIX_NAME = re.compile(
    rf"""
    ^ \s* [,.]? \s*
    (?P<who>
        \*\*[^*]+\*\* (?: \s*,\s* [^.]+ )?      # », **Jean Rottner**, Président de …
      | [{CAPITALS}][\w'’-]+ (?: \s+ [{CAPITALS}][\w'’-]+ ){{1,3}} (?: \s*,\s* [^.]+ )?
    )
    \s* \.? \s* $
    """,
    re.VERBOSE,
)
PREFIX_ATTRIBUTION = re.compile(
    r"""
    ^ \s* (?:
        (?: Pour | Selon ) \s+ (?P<who1> .+? ) \s* ,      # Pour Jean Rottner,
      | (?P<who2> [^:«"]+? ) \s* :                        # Jean Rottner :
    ) \s* $
    """,
    re.DOTALL | re.VERBOSE,
)
PRONOUN = re.compile(r"(?: il | elle | lui | celui-ci | celle-ci )", re.IGNORECASE | re.VERBOSE)
WORD = re.compile(r"\w+")


def parse_quotes(parsed, blocks) -> set[int]:
    consumed: set[int] = set()
    index = 0
    while index < len(blocks):
        found = _quote_at(blocks, index, consumed)
        if not found:
            index += 1
            continue
        quote, group = found
        parsed.quotes.append(quote)
        parsed.note("Citation", f"{quote.speaker.label} : « {short(quote.text, 60)} »", quote.line)
        consumed.update(group)
        index = max(group) + 1
    return consumed


def _quote_at(blocks, index, consumed):
    block = blocks[index]
    if block.kind != "paragraph":
        return None
    text = block.multiline_text
    position = min((text.find(o) for o in OPENERS if o in text), default=-1)
    if position < 0:
        return None
    opener = text[position]
    closer = OPENERS[opener]
    prefix = text[:position]
    if prefix.strip() and not PREFIX_ATTRIBUTION.match(prefix):
        return None
    group, combined = [index], text
    close = combined.rfind(closer)
    while close <= position and group[-1] + 1 < len(blocks) and len(group) < 12:
        following = blocks[group[-1] + 1]
        if following.kind != "paragraph":
            break
        group.append(group[-1] + 1)
        combined += "\n" + following.multiline_text
        close = combined.rfind(closer)
    if close <= position:
        return None
    inner, suffix = combined[position + 1 : close], combined[close + 1 :]
    if len(WORD.findall(inner)) < 3:
        return None
    speaker, _ = _attribution(prefix, suffix, block.line)
    if speaker is None and not prefix.strip() and not suffix.strip(" .") and index > 0:
        previous = blocks[index - 1]
        if (
            index - 1 not in consumed
            and previous.kind == "paragraph"
            and previous.text.rstrip().endswith(":")
        ):
            speaker, _ = _attribution(previous.text, "", previous.line)
            if speaker:
                group.insert(0, index - 1)
    if speaker is None:
        return None
    before = " ".join(part.strip() for part in (attribution_prefix(blocks, group, index), prefix))
    paragraphs = []
    for piece in inner.split("\n"):
        piece = piece.strip()
        if piece.startswith(opener):
            piece = piece[1:]
        if piece.endswith(closer):
            piece = piece[:-1]
        piece = plain(piece.strip())
        if piece:
            paragraphs.append(piece)
    quote = QuoteRef(
        "\n".join(paragraphs), speaker, before.strip(), block.line, after=suffix.strip()
    )
    return quote, group


def attribution_prefix(blocks, group, index):
    """The "X :" paragraph before a quote, when it was taken as its attribution."""
    return blocks[group[0]].text if group[0] < index else ""


def _attribution(prefix, suffix, line):
    for text, patterns in ((suffix, (SUFFIX_ATTRIBUTION, SUFFIX_NAME)), (prefix, ())):
        for pattern in patterns:
            match = pattern.match(text)
            if match:
                speaker = _speaker(match.group("who"), line)
                if speaker:
                    return speaker, text
    match = PREFIX_ATTRIBUTION.match(prefix) if prefix.strip() else None
    if match and not suffix.strip(" ."):
        speaker = _speaker(match.group("who1") or match.group("who2"), line)
        if speaker:
            return speaker, prefix
    return None, ""


def _speaker(who: str, line: int) -> PartyRef | None:
    who = who.strip(" .,")
    if PRONOUN.fullmatch(who):
        return None
    parties = parse_parties(who, line)
    if parties and parties[0].kind in ("person", "title"):
        return parties[0]
    return None
