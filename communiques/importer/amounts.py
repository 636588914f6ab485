"""Amounts in euros as releases write them: "1,25 milliard d'euros", "828 M€", "650 000 €"."""

import re
from decimal import Decimal, InvalidOperation

from communiques.importer.blocks import plain, split_sentences
from communiques.importer.structure import AmountRef

AMOUNT = re.compile(
    r"""
    (?P<prefix>                                 # plus de, près d'
        (?: plus | près | moins ) \s+ d['’] \s* | (?: plus | près | moins ) \s+ de \s+
      | environ \s+ | quelque \s+
    )?
    (?P<number> \d{1,3} (?: [ \u00a0\u202f.] \d{3} )+ (?: ,\d+ )? | \d+ (?: ,\d+ )? )  # 1 250 000
    \s*
    (?P<unit> milliards? | millions? | Mds? \s? € | M \s? € | k \s? € | K \s? € | € | euros? )
    (?! [\w] )                                  # 1,25 milliard
    (?P<suffix> \s+ (?: d['’] \s* euros | de \s+ euros ) (?! [\w] ) )?   # … d'euros
    """,
    re.IGNORECASE | re.VERBOSE,
)
RANGE_START = re.compile(
    r"""
    \b (?: entre | de ) \s+                     # entre 20 000 et 80 000 euros
    (?P<number> \d{1,3} (?: [ \u00a0\u202f.] \d{3} )+ (?: ,\d+ )? | \d+ (?: ,\d+ )? )
    \s+ (?: et | à ) \s+ $                       # (the end of the range follows)
    """,
    re.VERBOSE,
)
NUMBER_SEPARATORS = re.compile(r"[ \u00a0\u202f.]")  # "1 250 000" → "1250000"
MULTIPLIERS = {"milliard": Decimal(10) ** 9, "million": Decimal(10) ** 6, "md": Decimal(10) ** 9}


def parse_amount(match: re.Match, sentence: str, number: str = "") -> Decimal | None:
    """The amount `match` says, or the first number of its range (`number`) in its unit."""
    unit = match.group("unit").lower().replace(" ", "")
    number = NUMBER_SEPARATORS.sub("", number or match.group("number")).replace(",", ".")
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None
    if unit.startswith("milliard") or unit.startswith("md"):
        value *= MULTIPLIERS["milliard"]
    elif unit.startswith("million") or unit == "m€":
        value *= MULTIPLIERS["million"]
    elif unit == "k€":
        value *= 1000
    euros_said = "€" in sentence or "euro" in sentence.lower()
    if unit.startswith(("milliard", "million")) and not match.group("suffix") and not euros_said:
        return None
    if value >= Decimal(10) ** 13:
        return None
    return value.quantize(Decimal("0.01"))


def parse_amounts(parsed, blocks):
    for block in blocks:
        for sentence in split_sentences(plain(block.text)):
            for match in AMOUNT.finditer(sentence):
                value = parse_amount(match, sentence)
                if value is None:
                    continue
                start = RANGE_START.search(sentence[: match.start()])
                if start and not match.group("prefix"):
                    low = parse_amount(match, sentence, start.group("number"))
                    wording = f"{start.group(0)}{match.group(0)}".strip()
                    if low is not None:
                        _add(parsed, low, wording, sentence, block.line)
                _add(parsed, value, match.group(0).strip(), sentence, block.line)


def _add(parsed, value, wording, sentence, line):
    parsed.amounts.append(AmountRef(value, wording, sentence, line))
    parsed.note("Montant", f"« {wording} » → {value} €", line, sentence)
