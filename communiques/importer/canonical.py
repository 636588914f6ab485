"""The name under which an organisation is known, whatever the way a release writes it.

A Grand Est release says « la Région », « le Conseil régional » or « la Région Grand Est »
for one body, « le Conseil départemental des Vosges » for the Département des Vosges and
« CC Terres Touloises » for the Communauté de communes Terres Touloises.
"""

import re

REGION_GRAND_EST = "Région Grand Est"
REGIONAL_BODY = re.compile(
    r"""
    ^ (?: [Rr]égion | Conseil\ régional ) (?: \s+ (?: du\ )? Grand\ Est )? $  # Conseil régional
    """,
    re.VERBOSE,
)
DEPARTMENTAL_COUNCIL = re.compile(
    r"""
    ^ Conseil\ départemental \s+                 # Conseil départemental
    (?P<of> de\ la | de\ l['’] | du | des | de | d['’] ) \s* (?P<name> \S.* ) $   # des Vosges
    """,
    re.VERBOSE,
)
LEGAL_FORM = re.compile(
    r"""
    ^ (?P<form> CC | CA | CU ) \s+                 # CC
    (?P<name> (?: de\ la | de\ l['’] | du | des | de | d['’] )? \s* [A-ZÀ-Ö] .* ) $   # du Val
    """,
    re.VERBOSE,
)
LEGAL_FORMS = {
    "CC": "Communauté de communes",
    "CA": "Communauté d’agglomération",
    "CU": "Communauté urbaine",
}
# "conseillère régionale déléguée aux contrats territoriaux" sits at the Région.
REGIONAL_TITLE = re.compile(
    r"^ (?: conseill (?: er | ère ) \s+ régional e? | vice-président e? \s+ régional e? ) \b",
    re.IGNORECASE | re.VERBOSE,
)


def canonical_organisation(name: str, title: str = "") -> str:
    """ "Conseil régional" → "Région Grand Est", "CC Terres Touloises" → "Communauté de
    communes Terres Touloises"; a regional councillor's body when only the title names it."""
    name = name.strip()
    if not name:
        return REGION_GRAND_EST if REGIONAL_TITLE.match(title) else ""
    if REGIONAL_BODY.match(name):
        return REGION_GRAND_EST
    if council := DEPARTMENTAL_COUNCIL.match(name):
        separator = "" if council.group("of").endswith(("'", "’")) else " "
        return f"Département {council.group('of')}{separator}{council.group('name')}"
    if legal := LEGAL_FORM.match(name):
        return f"{LEGAL_FORMS[legal.group('form')]} {legal.group('name')}"
    return name
