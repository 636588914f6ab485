"""Where a pact applies: the territories a release names after its kind, or its signatories.

"les PTRTE de la Communauté de communes A, de B et de C" lists three territories; an
official name from the Code officiel géographique (gazetteer) is read whole, « à » and
commas included.
"""

import re

from communiques.importer.blocks import CAPITALS, plain
from communiques.importer.gazetteer import is_commune, official_end
from communiques.importer.kinds import ACRONYM
from communiques.importer.structure import STATE

EPCI_PREFIX = r"""
    (?: Communauté\ de\ communes | Communauté\ d['’]agglomération | Communauté\ urbaine
      | Métropole | Eurométropole | PETR | Pays | Parc\ naturel\ régional | Ville | Commune
      | Syndicat\ mixte )
"""
NAME_WORD = rf"[{CAPITALS}][\w'’\-]*"
TERRITORY = re.compile(
    rf"""
    (?P<name>
        {EPCI_PREFIX}                           # Communauté de communes
        (?: \s+ (?: de\ la | de\ l['’] | du | des | de | d['’] ) \s* | \s+ )
        {NAME_WORD}                             # … Vallées et Plateau de Meuse
        (?: (?: \s+ (?: de\ la | de\ l['’] | de | du | des | d['’] | sur | lès | et ) \s* | \s+ )
            {NAME_WORD} )*
      | {NAME_WORD}                             # Châlons Agglo
        (?: (?: \s+ (?: de\ la | de\ l['’] | de | du | des | d['’] | sur | lès ) \s* | \s+ )
            {NAME_WORD} )*
    )
    """,
    re.VERBOSE,
)
ENUMERATION_LEAD = r"""
    \s* \)? \s* (?: \d{{4}} (?: \s* [-–/] \s* \d{{4}} )? \s+ )?        # 2021-2026
    (?: [,;:] \s* )? (?: et \s+ )?                                # ", et "
    (?: (?: l['’]un | l['’]une | l['’]autre | celui | celle | ceux | celles | {ordinal} ) \s+ )?
    (?: avec \s+ )?                              # l'autre avec, le premier avec
    (?: (?: le | la | les | l['’] ) \s* {acronym} \s+ )?           # le PTRTE
    (?: applicable \s+ )?                                         # applicable sur
    (?: (?: pour | sur | couvrant | qui \s+ couvre ) \s+             # pour le territoire de
        (?: (?: le | l['’]ensemble \s+ du ) \s+ territoire \s+ )? )?
    (?: de\ la | de\ l['’] | du | des | de | d['’] | le | la | les | l['’] )? \s*  # de la
    (?: (?: communes? | villes? ) \s+ (?: de \s+ | d['’] ) )?      # des communes de
    (?: [«"“] \s* )?                                              # « Cœur du Pays Haut »
"""
ORDINAL = r"""
    (?: le | la ) \s+ (?: premier | première | second | seconde | deuxième | troisième
      | quatrième | cinquième | dernier | dernière )
"""
# Where a list of territories starts further in the sentence: "Deux POCE ont été signés :
# celui de A, puis celui de B", "…, le premier avec A, le second avec B".
ENUMERATION_MARKER = re.compile(
    rf"""
    : | (?<! [\w’'] ) (?: celui | celle | ceux | celles | l['’]un | l['’]une | l['’]autre
      | {ORDINAL} ) (?! [\w’'] )
    """,
    re.VERBOSE,
)
# "Région Grand Est", not "Communauté de communes de la Région de Rambervillers".
REGION = re.compile(r"^ [Rr]égion \s+ [A-Z]", re.VERBOSE)
COMMUNE_PREFIX = re.compile(r"^ (?: Ville | Commune ) \s+ (?: de \s+ | d['’] )", re.VERBOSE)
LIST_ITEM_END = re.compile(
    r"^ (?: la | le | les | l['’] ) \s* | \s* [;.,] \s* $", re.VERBOSE
)  # "la … ;"
# Bodies that group communes: each signs its own pact ("Métropole du Grand Nancy").
GROUPING = re.compile(
    r"""
    ^ (?: Communauté\ de\ communes | Communauté\ d['’]agglomération | Communauté\ urbaine
      | Métropole | Eurométropole | PETR | Pays | Pôle\ d['’]équilibre ) \b
    """,
    re.VERBOSE,
)
COMMUNES_NAMED = re.compile(
    rf"""
    \b (?i: les \s+ communes | la \s+ commune | les \s+ villes ) \s+ (?: de \s+ | d['’] )
    (?P<names> [{CAPITALS}] [^.;:()]*? )           # Bouxwiller et d'Ingwiller
    (?= \s+ [a-zà-ÿ]+ (?<! \bet ) (?<! \bde ) (?<! \bd ) \b | [.;:()] | $ )  # ont …
    """,
    re.VERBOSE,
)
COMMUNES_AND = re.compile(
    r"(?: \s+ et \s+ | \s* , \s* (?: et \s+ )? ) (?: de \s+ | d['’] )?", re.VERBOSE
)  # ", de ", " et d'"
# Programmes whose pacts are each signed by a commune.
COMMUNE_KINDS = {"ACV", "PVD"}


def territories_listed(tail: str, acronym: str) -> list[str]:
    """The territories enumerated at the start of `tail` (right after a pact's acronym)."""
    lead = ENUMERATION_LEAD.format(acronym=re.escape(acronym), ordinal=ORDINAL)
    lead = re.compile(lead, re.VERBOSE)
    names, position = [], 0
    while True:
        start = lead.match(tail, position)
        territory = TERRITORY.match(tail, start.end())
        if territory is None or (names and start.end() == position):
            break
        end = territory.end()
        official = official_end(tail, territory.start())
        if official and official[0] > end:
            end = official[0]  # "Communauté de communes de la Moivre à la Coole"
        name = tail[territory.start() : end].strip()
        if name == acronym or (ACRONYM.fullmatch(name) and name not in ("PETR",)):
            break
        names.append(name)
        position = end
        if not re.match(r"\s* (?: [,;] | et \s ) ", tail[position:], re.VERBOSE):
            break
    return names


def territories_after(tail: str, acronym: str) -> list[str]:
    """The territories named after a pact's kind: listed right after it, and after each
    marker of an enumeration further on; never the État, nor the Région but for a CPER."""
    names = territories_listed(tail, acronym)
    for marker in ENUMERATION_MARKER.finditer(tail):
        names += [n for n in territories_listed(tail[marker.start() :], acronym) if n not in names]
    return [_territory(name) for name in names if _kept(name, acronym)]


def territories_in_list(block) -> list[str]:
    """A bullet list whose every item is a territory ("• Communauté de communes du Sud
    Marnais ;"), else nothing."""
    names = []
    for _, item in block.lines:
        item = LIST_ITEM_END.sub("", plain(item))
        match = TERRITORY.fullmatch(item) or (
            (found := official_end(item, 0)) and found[0] == len(item)
        )
        if not match:
            return []
        names.append(item)
    return names


def _kept(name: str, acronym: str) -> bool:
    regional = REGION.match(name) or _official_kind(name) == "region"
    return name != STATE and (acronym == "CPER" or not regional)


def _territory(name: str) -> str:
    """ "Grand Est" after "le CPER" is the Région Grand Est."""
    return f"Région {name}" if _official_kind(name) == "region" else name


def _official_kind(name: str) -> str:
    found = official_end(name, 0)
    return found[1] if found and found[0] == len(name) else ""


def communes_named(sentence: str) -> list[str]:
    """ "Les communes de Bouxwiller et d'Ingwiller ont intégré le programme PVD": the
    communes of the Code officiel géographique named so in `sentence`."""
    found = []
    for match in COMMUNES_NAMED.finditer(sentence):
        for name in COMMUNES_AND.split(match.group("names")):
            name = name.strip()
            if is_commune(name) and name not in found:
                found.append(name)
    return found


def territory_among(parties, acronym="") -> list[str]:
    """A pact's territory from its signatories: the communes for a programme of communes,
    else the intercommunalities (each its own pact when several sign), else the one local
    body, else the Région for a CPER."""
    names = list(dict.fromkeys(p.organisation_name for p in parties if p.organisation_name))
    communes = [COMMUNE_PREFIX.sub("", name) for name in names]
    communes = [name for name in communes if is_commune(name)]
    if acronym in COMMUNE_KINDS and communes:
        return communes
    bodies = [name for name in names if GROUPING.match(name) or _official_kind(name) == "epci"]
    if bodies:
        return bodies
    regional = [name for name in names if REGION.match(name)]
    local = [name for name in names if name != STATE and name not in regional]
    return local[:1] or (regional[:1] if acronym == "CPER" else [])
