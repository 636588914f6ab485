"""People, roles, organisations and places as a release names them.

"**Jean Rottner**, Président de la Région Grand Est" is a person with a role; "le préfet
de la Marne" a role whose holder the database may know; "Châlons Agglo" an organisation.
"""

import datetime
import re

from communiques.importer.blocks import (
    CAPITALS,
    LEADING_AND,
    capitalise,
    split_top_level,
    strip_article,
    strip_bold,
)
from communiques.importer.french_dates import find_date
from communiques.importer.structure import PartyRef, RoleRef

CAPWORD = rf"[{CAPITALS}][\w'’\-]*"  # Châlons-en-Champagne, Grand, L'Aire
PROPER_NOUN_BODY = rf"""
    {CAPWORD}                                   # Vallée
    (?:
        (?: \s+ (?: de\ la | de\ l['’] | de | du | des | d['’] | sur | lès ) \s* | \s+ )
        {CAPWORD}                               # … de la Bruche
      | \s+ \d+ (?![\w,])                       # Campus 3000
    )*
    (?: \s* \( \d{{2,3}} [AB]? \) )?            # Châlons-en-Champagne (51)
"""
PROPER_NOUN = re.compile(r"(?<![\w\-])" + PROPER_NOUN_BODY, re.VERBOSE)
PLACE = re.compile(
    r"""
    (?<![\w-]) (?: à | À | au | Au ) \s+        # à la Foire de Châlons-en-Champagne (51)
    (?: (?: la | le | les ) \s+ | l['’] )?
    (?P<place>"""
    + PROPER_NOUN_BODY
    + ")",
    re.VERBOSE,
)
TITLE_WORDS = (
    r"(?:Vice-présidente?|Présidente?|Maire|Adjointe?|Sous-préfète?|Préfète?|Préfet|Ministre|"
    r"Secrétaire|Directeur|Directrice|Députée?|Sénateur|Sénatrice|Conseiller|Conseillère|"
    r"Déléguée?|Recteur|Rectrice|Administrateur|Administratrice|Gérante?|PDG|Cheffe?|"
    r"Responsable|Trésorière?|Trésorier|Commissaire)"
)
STARTS_WITH_TITLE = re.compile(TITLE_WORDS, re.IGNORECASE | re.VERBOSE)  # "Présidente …"
ROLE = re.compile(
    rf"""
    ^ (?P<title> {TITLE_WORDS} \b [^,]*? )      # Vice-président chargé des mobilités
    \s+ (?P<prep> de\ la | de\ l['’] | du | des | de | d['’] ) \s*   # de la
    (?P<organisation> [{CAPITALS}] .*? ) \s* $  # Région Grand Est
    """,
    re.IGNORECASE | re.VERBOSE,
)
ORGANISATION_WORDS = re.compile(
    r"""
    \b (?: Région | Département | Conseil | Communauté | Agglo | Agglomération | Métropole
    | Eurométropole | Ville | Commune | État | Etat | Préfecture | Grand | Chambre | Université
    | Campus | Aéroport | Agence | Association | Réseau | Syndicat | Pôle | Banque | Caisse
    | Société | Groupe | CCI | Fédération | Institut | Centre | Office | Parc | Pays
    | Territoire | Entreprendre ) \b            # "Communauté de communes du Val"
    """,
    re.IGNORECASE | re.VERBOSE,
)
PERSON_NAME = re.compile(
    rf"""
    ^ (?: (?: M\. | Mme | Monsieur | Madame ) \s+ )?    # Mme
    (?P<name>
        [{CAPITALS}][\w'’\-]+                   # Anne-Sophie
        (?: \s+ (?: de | du | van | von | le | la )? \s* [{CAPITALS}][\w'’\-]+ ){{1,3}}  # de Lattre
    ) $
    """,
    re.VERBOSE,
)
AND_BEFORE_PARTY = re.compile(
    rf"""
    \s+ et \s+                                  # "Jean Rottner et Bruno Bourg-Broc"
    (?= \*\* | [{CAPITALS}] | (?: le | la | les ) \s+ [{CAPITALS}] | l['’][{CAPITALS}] )
    """,
    re.VERBOSE,
)
HAS_ARTICLE = re.compile(
    r"^ (?: et \s+ )? (?: (?: le | la ) \s+ | l['’] )",  # "la présidente", "et l’adjoint"
    re.IGNORECASE | re.VERBOSE,
)
BOLD_ONLY = re.compile(r"\*\* (?P<name> [^*]+ ) \*\*", re.VERBOSE)  # **Jean Rottner**
PLACE_OR_TIME_LEAD = re.compile(r"^ (?: à | À | au | Au | en | En | ce | Ce ) \s", re.VERBOSE)
PLACE_LEAD = re.compile(r"^ (?: à | À | au | Au ) \s", re.VERBOSE)  # "à Charleville"


def parse_role(text: str, *, need_article: bool = False) -> RoleRef | None:
    text = strip_bold(text).strip(" ,.")
    has_article = bool(HAS_ARTICLE.match(text))
    if need_article and not has_article:
        return None
    match = ROLE.match(strip_article(text) if has_article else text)
    if not match:
        return None
    title = capitalise(match.group("title").strip())
    preposition = match.group("prep").lower().replace("’", "'")
    return RoleRef(title=title, preposition=preposition, organisation=match.group("organisation"))


def person_name(text: str) -> tuple[str, bool] | None:
    """(name, written in bold) if `text` is a person's name."""
    text = LEADING_AND.sub("", text.strip())
    bold = BOLD_ONLY.fullmatch(text)
    candidate = bold.group("name").strip() if bold else text
    if STARTS_WITH_TITLE.match(candidate):
        return None
    match = PERSON_NAME.match(candidate)
    if not match:
        return None
    return match.group("name"), bool(bold)


def parse_parties(text: str, line: int) -> list[PartyRef]:
    segments = []
    for segment in split_top_level(text):
        segments += [part for part in AND_BEFORE_PARTY.split(segment) if part.strip()]
    parties, index = [], 0
    while index < len(segments):
        segment = LEADING_AND.sub("", segments[index].strip())
        if _is_date_or_place(segment):
            index += 1
            continue
        name = person_name(segment)
        next_role = parse_role(segments[index + 1]) if index + 1 < len(segments) else None
        if name and (next_role or name[1] or not ORGANISATION_WORDS.search(name[0])):
            parties.append(PartyRef("person", proper_case(name[0]), next_role, line))
            index += 2 if next_role else 1
            continue
        role = parse_role(segment, need_article=True)
        if role:
            parties.append(PartyRef("title", "", role, line))
        else:
            organisation = strip_bold(strip_article(segment)).strip(" .")
            if organisation[:1].isupper() and len(organisation) <= 200:
                parties.append(PartyRef("organisation", organisation, None, line))
        index += 1
    return parties


def _is_date_or_place(segment: str) -> bool:
    if PLACE_OR_TIME_LEAD.match(segment) and "**" not in segment:
        found = find_date(segment, datetime.date(2000, 1, 1))
        if found or PLACE_LEAD.match(segment):
            return True
    found = find_date(segment, datetime.date(2000, 1, 1))
    return bool(found) and len(segment.replace(found.wording, "").strip(" ,.")) < 3


def proper_case(name: str) -> str:
    """ "Jean ROTTNER" → "Jean Rottner"; names already in mixed case are kept."""

    def fix(word):
        if word.isupper() and len(word) > 1:
            return "-".join(part.capitalize() for part in word.split("-"))
        return word

    return " ".join(fix(word) for word in name.split())


def find_place(text: str) -> str:
    match = PLACE.search(text)
    return match.group("place").strip() if match else ""
