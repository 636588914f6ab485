"""Where a pact applies: the territories a release names after its kind, or its signatories.

"les PTRTE de la Communauté de communes A, de B et de C" lists three territories; an
official name from the Code officiel géographique (gazetteer) is read whole, « à » and
commas included.
"""

import re

from communiques.importer.blocks import CAPITALS
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
    \s* \)? \s* (?: [,;:] \s* )? (?: et \s+ )?                    # ", et "
    (?: (?: l['’]un | l['’]une | l['’]autre | celui | celle | ceux | celles ) \s+ )?  # l'autre
    (?: avec \s+ )?
    (?: (?: le | la | les | l['’] ) \s* {acronym} \s+ )?           # le PTRTE
    (?: de\ la | de\ l['’] | du | des | de | d['’] | le | la | les | l['’] )? \s*  # de la
"""
# "Région Grand Est", not "Communauté de communes de la Région de Rambervillers".
REGION = re.compile(r"^ [Rr]égion \s+ [A-Z]", re.VERBOSE)
COMMUNE_PREFIX = re.compile(r"^ (?: Ville | Commune ) \s+ (?: de \s+ | d['’] )", re.VERBOSE)
# Programmes whose pacts are each signed by a commune.
COMMUNE_KINDS = {"ACV", "PVD"}


def territories_listed(tail: str, acronym: str) -> list[str]:
    """The territories enumerated at the start of `tail` (right after a pact's acronym)."""
    lead = re.compile(ENUMERATION_LEAD.format(acronym=re.escape(acronym)), re.VERBOSE)
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


def territory_among(parties, acronym="") -> list[str]:
    """A pact's territory from its signatories: the communes for a programme of communes,
    else the local body, else the Région (a CPER)."""
    names = [party.organisation_name for party in parties if party.organisation_name]
    communes = [COMMUNE_PREFIX.sub("", name) for name in names]
    communes = [name for name in communes if is_commune(name)]
    if acronym in COMMUNE_KINDS and communes:
        return communes
    regional = [name for name in names if REGION.match(name)]
    local = [name for name in names if name != STATE and name not in regional]
    return (local or regional)[:1]
