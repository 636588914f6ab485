"""Pieces of a signing sentence around its verb: who signs beside the subject, a
dateline glued before it, and the date it gives.

"**X** a signé le contrat avec **Y**, président de …" has two signatories; "Verdun, le
3 février 2025 – La Région … a signé" does not make "Verdun" one.
"""

import re

from communiques.importer.french_dates import FrenchDate, find_date
from communiques.importer.gazetteer import protect_names, restore_names
from communiques.importer.names import parse_parties, person_name
from communiques.importer.structure import PartyRef, RoleRef

# A date the release's own date completes: "le 2 octobre dernier", "hier", "jeudi dernier".
RELATIVE_TO_RELEASE = re.compile(
    r"\d | ^ (?: avant-hier | hier ) $ | \s dernier $", re.I | re.VERBOSE
)
# "Bar-le-Duc, le 8 juillet 2021 – La préfète …": the dateline glued to the sentence.
LEADING_DATELINE = re.compile(
    r"""
    ^ \s* [^,–—]{1,60} , \s* (?: le \s+ )?      # Bar-le-Duc, le
    (?: \w+ \s+ )? \d{1,2} (?: er )? \s+ \w+ \s+ \d{4}   # 8 juillet 2021
    \s* [–—-] \s+                               # –
    """,
    re.VERBOSE,
)
# "C’est à Vandœuvre, au Technopôle, que X et Y ont signé": the place is no signatory.
CLEFT_PLACE = re.compile(
    r"^ \s* C['’]est \s+ (?: à | au | aux | en | ce | le | la | les | dans | sur | devant | lors"
    r" | après | avant ) \b .*? \s qu (?: e \s+ | ['’] )",  # C'est dans la salle des fêtes que
    re.VERBOSE,
)
# "Pour la Région Grand Est, c’est **Régine K**, vice-présidente, qui a signé".
CLEFT_FOR = re.compile(
    r"""
    ^ \s* Pour \s+ (?P<organisation> [^,]+ ) , \s* c['’]est \s+   # Pour la Région, c'est
    (?P<who> .+? ) ,? \s+ qui \s* $                                  # **Régine K**, …, qui
    """,
    re.VERBOSE,
)
# "celui de Colmar Agglomération, avec son président **Denis M**": the territory's head.
POSSESSIVE_HOLDER = re.compile(
    r"""
    \b avec \s+ (?: son | sa | leur ) \s+          # avec son
    (?P<title> (?: vice- )? président e? | maire )  # président
    ,? \s+ (?P<name> \*\* [^*]+ \*\* | [A-ZÀ-Ö][\w’'-]+ (?: \s+ [A-ZÀ-Ö][\w’'-]+ ){1,2} )
    """,
    re.IGNORECASE | re.VERBOSE,
)
# What follows the co-signers after « avec »: why or where, no more names.
PURPOSE = re.compile(
    r"\s+ (?: pour | afin | dans | lors | depuis | jusqu | en\ vue ) \b", re.VERBOSE
)
OF_BEFORE_NAME = re.compile(
    r"(?P<of> de\ la | de\ l['’] | du | des | de | d['’] ) \s* $", re.I | re.VERBOSE
)
# "président de la communauté d'agglomération": the territory a release has just named.
GENERIC_BODY = re.compile(
    r"""
    ^ (?P<title> (?: vice- )? président e? | maire ) \s+ (?: de\ la | de\ l['’] | du ) \s*
    (?: communauté \b .* | agglomération | intercommunalité | métropole | ville | commune ) $
    """,
    re.IGNORECASE | re.VERBOSE,
)
BARE_BODY = re.compile(
    r"""
    ^ (?: Communauté\ de\ communes | Communauté\ d['’]agglomération | Communauté\ urbaine
      | Intercommunalité | Agglomération | Métropole | PETR ) $   # "et la Communauté de communes"
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Who signs beside the subject: "X a signé aux côtés de **Y**, …, et de **Z**, …" or
# "La Région a signé avec la Communauté de communes du Val le PTRTE…".
CO_SIGNERS = re.compile(
    r"""
    (?: ^ \s* (?: (?: ce | cet | cette | le | ce\ jour | matin | soir | dernier | \d{1,4} (?: er )?
          | lundi | mardi | mercredi | jeudi | vendredi | samedi | dimanche | janvier | février
          | mars | avril | mai | juin | juillet | août | septembre | octobre | novembre
          | décembre | officiellement | ensemble ) \s+ )*   # ce vendredi 4 octobre 2019
        avec \s+ (?P<after_verb> [^,]+? )             # avec la CC du Val
        (?= \s+ (?: le | la | les | l['’] | un | une | leur | son | sa | ses ) \s*
            (?: [A-Z]{2,} | (?i: pactes? | contrats? | conventions? | accords? ) ) )  # le PTRTE
      | \b aux \s côtés \s d (?: e \s+ | u \s+ | es \s+ | ['’] )   # aux côtés de
        (?P<beside> .+? ) \s* [.;]? \s* $        # **Y**, président du PETR, et de **Z**
      | \s avec \s+ (?P<with>                    # le contrat avec **Y**, président de …
          (?: \*\* | (?: le | la | les | l['’] ) \s* [A-ZÀ-Ö] | [A-ZÀ-Ö] ) .+? ) \s* [.;]? \s* $
    )
    """,
    re.VERBOSE,
)
OF_BEFORE_PARTY = re.compile(r"\b et \s+ de \s+ (?= \*\* | [A-ZÀ-Ö] )", re.VERBOSE)  # "et de **Y**"


def subject_without_clefts(subject: str) -> str:
    """The signatories of a cleft sentence, as "Org, représentée par X, titre" when it says
    for whom X signs."""
    subject = LEADING_DATELINE.sub("", CLEFT_PLACE.sub("", subject))
    cleft = CLEFT_FOR.match(subject)
    if cleft:
        return f"{cleft.group('organisation')}, représentée par {cleft.group('who')}"
    return subject


def territory_holders(rest: str, territories: list[str], line: int) -> list[PartyRef]:
    """The heads of the territories `rest` names, "… de la CC du Val, avec sa présidente
    **Ada Roth**": each with the role of the territory named last before them."""
    holders = []
    for match in POSSESSIVE_HOLDER.finditer(rest):
        before = rest[: match.start()]
        named = [(before.rfind(name), name) for name in territories if name in before]
        name = person_name(match.group("name"))
        if not named or not name:
            continue
        position, territory = max(named)
        preposition = OF_BEFORE_NAME.search(before[:position])
        role = RoleRef(
            match.group("title").capitalize(),
            preposition.group("of").lower().replace("’", "'") if preposition else "de",
            territory,
        )
        holders.append(PartyRef("person", name[0], role, line))
    return holders


def refer_to_territory(parties: list[PartyRef], territories: list[str]) -> None:
    """ "X, président de la communauté d'agglomération", "la Communauté de communes" with
    no name: the pact's one territory (a bare body with several territories is dropped)."""
    for party in list(parties):
        if party.kind == "organisation" and BARE_BODY.match(party.name):
            if len(territories) == 1:
                party.name = territories[0]
            else:
                parties.remove(party)
    for party in parties if len(territories) == 1 else []:
        generic = GENERIC_BODY.match(party.role.title) if party.role else None
        if generic and not party.role.organisation:
            party.role.title = generic.group("title").capitalize()
            party.role.preposition = _of(territories[0])
            party.role.organisation = territories[0]
        elif party.role and BARE_BODY.match(party.role.organisation):
            # "X, président du PETR" signing the PTRTE of the PETR du Pays de Langres.
            party.role.preposition = _of(territories[0])
            party.role.organisation = territories[0]


def _of(name: str) -> str:
    first = name.split(" ", 1)[0]
    if first in ("Communauté", "Métropole", "Eurométropole", "Ville", "Commune"):
        return "de la"
    return "du" if first in ("PETR", "Pays", "Parc") else "de"


def co_signers(rest: str, line: int, names_a_pact) -> tuple[str, list]:
    """`rest` (the sentence after its verb) without the co-signers it names, and them."""
    protected = protect_names(rest)  # "avec la CC de Vitry, Champagne et Der le PVM"
    found = CO_SIGNERS.search(protected)
    if not found or (found.group("with") and names_a_pact(found.group("with"))):
        return rest, []  # "… avec la Région son Pacte …": the pact is no co-signer
    named = restore_names(next(filter(None, found.group("after_verb", "beside", "with"))))
    if found.group("with"):
        named = PURPOSE.split(named, maxsplit=1)[0]  # "avec la Banque des Territoires pour …"
    rest = restore_names(protected[: found.start()] + " " + protected[found.end() :])
    return rest, parse_parties(OF_BEFORE_PARTY.sub("et ", named), line)


def signing_date(text: str, release: FrenchDate | None) -> FrenchDate | None:
    """The date in the signing sentence; "le 2 octobre dernier", "hier" are read from the
    release's date, unless that date was read from these very words (then, as for "ce
    jeudi", the release's date is the signing's)."""
    found = find_date(text, None)
    completes = found and found.value is None and release and release.value
    if completes and found.wording != release.wording and RELATIVE_TO_RELEASE.search(found.wording):
        return find_date(text, release.value)
    return found
