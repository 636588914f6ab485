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
    plain,
    split_sentences,
    split_top_level,
    strip_article,
    strip_bold,
)
from communiques.importer.french_dates import find_date
from communiques.importer.gazetteer import name_then_person, protect_names, restore_names
from communiques.importer.nlp import is_not_a_person
from communiques.importer.party_phrases import is_adverbial, party_phrases
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
    r"(?:VP|Pdte?|Vice-présidente?|Présidente?|Maire|Adjointe?|Sous-préfète?|Sous-préfet|Préfète?|Préfet|Ministre|"
    r"Secrétaire|Directeur|Directrice|Députée?|Sénateur|Sénatrice|Conseiller|Conseillère|"
    r"Déléguée?|Recteur|Rectrice|Administrateur|Administratrice|Gérante?|PDG|Cheffe?|"
    r"Responsable|Trésorière?|Trésorier|Commissaire|Proviseure?)"
)
# Abbreviated titles, written out; "Mme" before the name makes them feminine.
ABBREVIATED_TITLES = {"vp": "Vice-président", "pdt": "Président", "pdte": "Présidente"}
FEMININE_CIVILITY = re.compile(r"^ \s* (?: et \s+ )? (?: Mme | Madame ) \s", re.VERBOSE)
STARTS_WITH_TITLE = re.compile(TITLE_WORDS, re.IGNORECASE | re.VERBOSE)  # "Présidente …"
ROLE = re.compile(
    rf"""
    ^ (?P<title> (?: premier \s+ | première \s+ )? {TITLE_WORDS} \b [^,]*? )  # Présidente de …
    \s+ (?P<prep> de\ la | de\ l['’] | du | des | de | d['’] ) \s*   # de la
    (?P<organisation> (?: (?-i:[{CAPITALS}]) | région\ ) .*? )  # Région Grand Est, région Grand Est
    (?: \s+ (?P<detail> (?: chargée? | en\ charge | déléguée? ) \b .* ) )?  # chargée des lycées
    \s* $
    """,
    re.IGNORECASE | re.VERBOSE,
)
SECOND_ROLE = re.compile(
    rf"\s+ et \s+ (?= {TITLE_WORDS} \b )", re.IGNORECASE | re.VERBOSE
)  # et président
ROLE_WITHOUT_ORGANISATION = re.compile(
    rf"^ (?P<title> {TITLE_WORDS} \b [^,]* ) $",  # conseillère régionale déléguée à l’orientation
    re.IGNORECASE | re.VERBOSE,
)
ORGANISATION_WORDS = re.compile(
    r"""
    \b (?: Région | Département | Conseil | Communauté | Agglo | Agglomération | Métropole
    | Eurométropole | Ville | Commune | État | Etat | Préfecture | Grand | Chambre | Université
    | Campus | Aéroport | Agence | Association | Réseau | Syndicat | Pôle | Banque | Caisse
    | Société | Groupe | CCI | Fédération | Institut | Centre | Office | Parc | Pays
    | Territoire | Entreprendre | Logement | Habitat | Tourisme ) \b  # "Habitat Meusien"
    """,
    re.IGNORECASE | re.VERBOSE,
)
# "Selon Pierre Klein, directeur …": the person is Pierre Klein.
ATTRIBUTION = re.compile(r"^ (?: Selon | D['’]après | Pour | Avec ) \s+ (?= \S )", re.VERBOSE)
CIVILITY = re.compile(r"^ (?: M\. | Mme | Monsieur | Madame ) \s+", re.VERBOSE)  # Mme
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
# "l’État et chacune des intercommunalités": what follows is no name, but ends the one before.
AND_BEFORE_DESCRIPTION = re.compile(
    r"""
    \s+ et \s+                                  # "Région Grand Est et cinq intercommunalités"
    (?= (?: chacune? | chaque | leurs? | ses | tous | toutes | plusieurs | deux | trois | quatre
          | cinq | six | sept | huit | neuf | dix | \d+ | l['’] | la | le | les ) \b \s* [a-zà-ÿ] )
    """,
    re.VERBOSE,
)
# "le bailleur Habitat Meusien", "l’association des commerçants Vireux Dynamique".
DESCRIBED_NAME = re.compile(
    rf"""
    ^ (?: association | société | entreprise | bailleur | coopérative | start-up | groupe )
    \b [^{CAPITALS}]*? \s                        # des commerçants
    (?P<name> [{CAPITALS}] .* ) $                # Vireux Dynamique
    """,
    re.VERBOSE,
)
# "Trois intercommunalités du sud aubois" counts bodies; "Trois Rivières Habitat" is a name.
COUNTED = re.compile(
    r"""
    ^ (?: Deux | Trois | Quatre | Cinq | Six | Sept | Huit | Neuf | Dix | Plusieurs | \d+ )
    \s+ [a-zà-ÿ]
    """,
    re.VERBOSE,
)
HAS_ARTICLE = re.compile(
    r"^ (?: et \s+ )? (?: (?: le | la ) \s+ | l['’] )",  # "la présidente", "et l’adjoint"
    re.IGNORECASE | re.VERBOSE,
)
BOLD_ONLY = re.compile(r"\*\* (?P<name> [^*]+ ) \*\*", re.VERBOSE)  # **Jean Rottner**
COMMUNES_OF = re.compile(
    r"""
    ^ les \s+ (?: communes | villes ) \s+ (?: de \s+ | d['’] )  # les communes de
    (?P<names> .+ ) $                           # Rambervillers et de Bruyères
    """,
    re.IGNORECASE | re.VERBOSE,
)
COMMUNES_AND = re.compile(r"\s+ et \s+ (?: de \s+ | d['’] )?", re.VERBOSE)  # " et de "
# "**X** ; pour la Région, par **Y**": the marker of whom Y signs for, between two people.
FOR_WHOM = re.compile(
    r", \s* pour \s+ (?: la | le | les | l['’] ) \s* [^,]{1,60} , \s* par \s+", re.I | re.VERBOSE
)
# "et de **Y**", "et par **Y**": the second of two people after « de » or « par ».
OF_BEFORE_BOLD = re.compile(r"\b et \s+ (?: de \s+ | d['’] | par \s+ ) (?= \*\* )", re.VERBOSE)
# "C’est par ces mots que **Damien Valette**": a name in bold ends the segment.
TRAILING_BOLD_NAME = re.compile(
    rf"""
    \s (?P<name> \*\* [^*]+ \*\*                  # … que **Damien Valette**
      | (?: (?<= \s de \s ) | (?<= \s d['’] ) | (?<= \s par \s ) )
        [{CAPITALS}][\w’'-]+ (?: \s [{CAPITALS}][\w’'-]+ ){{1,2}}
    ) $                                         # accompagné de David Valence
    """,
    re.VERBOSE,
)
# "la Région Grand Est, représentée par son président **Jean X**".
REPRESENTED_BY = re.compile(
    rf"""
    ^ représenté (?: e | s | es )? \s+ par \s+   # représentée par
    (?: (?: son | sa | leur ) \s+ (?P<title> {TITLE_WORDS} [^*]*? ) \s+ )?   # son président
    (?P<name> \S.* ) $                          # Jean X
    """,
    re.IGNORECASE | re.VERBOSE,
)
OF_ARTICLE = {"la": "de la", "le": "du", "les": "des", "l'": "de l'"}  # la Région → de la
PLACE_OR_TIME_LEAD = re.compile(r"^ (?: à | À | au | Au | en | En | ce | Ce ) \s", re.VERBOSE)
PLACE_LEAD = re.compile(r"^ (?: à | À | au | Au ) \s", re.VERBOSE)  # "à Charleville"


def parse_role(
    text: str, *, need_article: bool = False, organisation_needed: bool = True
) -> RoleRef | None:
    text = strip_bold(text).strip(" ,.")
    has_article = bool(HAS_ARTICLE.match(text))
    if need_article and not has_article:
        return None
    text = strip_article(text) if has_article else text
    match = ROLE.match(text)
    if not match:
        alone = None if organisation_needed else ROLE_WITHOUT_ORGANISATION.match(text)
        if alone is None:
            return None
        return RoleRef(title=_title(alone.group("title")), preposition="", organisation="")
    preposition = match.group("prep").lower().replace("’", "'")
    # "maire d’Épernay et président de l’Agglomération": the first role only.
    organisation = SECOND_ROLE.split(match.group("organisation"), maxsplit=1)[0]
    return RoleRef(
        title=_title(match.group("title")),
        preposition=preposition,
        organisation=organisation,
        detail=(match.group("detail") or "").strip(),
    )


def _title(wording: str) -> str:
    first, _, rest = wording.strip().partition(" ")
    first = ABBREVIATED_TITLES.get(first.lower(), first)
    return capitalise(f"{first} {rest}".strip())


def _feminine(role: RoleRef | None) -> RoleRef | None:
    """ "Mme X, VP de la Région" is a vice-présidente."""
    if role and role.title.startswith(("Vice-président", "Président")):
        first, _, rest = role.title.partition(" ")
        if not first.endswith("e"):
            role.title = f"{first}e {rest}".strip()
    return role


def person_name(text: str) -> tuple[str, bool] | None:
    """(name, written in bold) if `text` is a person's name."""
    text = CIVILITY.sub("", LEADING_AND.sub("", text.strip().rstrip(" .;")))
    text = ATTRIBUTION.sub("", text)
    bold = BOLD_ONLY.fullmatch(text)
    candidate = bold.group("name").strip() if bold else text
    if STARTS_WITH_TITLE.match(candidate):
        return None
    match = PERSON_NAME.match(candidate)
    if not match:
        return None
    return match.group("name"), bool(bold)


def parse_parties(text: str, line: int) -> list[PartyRef]:
    segments, after_and = [], set()
    text = party_phrases(text)
    text = FOR_WHOM.sub(", ", OF_BEFORE_BOLD.sub("et ", text).replace(" ; ", ", "))
    for segment in split_top_level(protect_names(text)):
        parts = [
            part
            for piece in AND_BEFORE_DESCRIPTION.split(segment)
            for part in AND_BEFORE_PARTY.split(piece)
            if part.strip()
        ]
        after_and.update(range(len(segments) + 1, len(segments) + len(parts)))
        segments += parts
    parties, index = [], 0
    while index < len(segments):
        segment = LEADING_AND.sub("", segments[index].strip())
        if _is_date_or_place(segment) or is_adverbial(segment):
            index += 1
            continue
        name = person_name(segment)
        trailing = None if name else TRAILING_BOLD_NAME.search(segment)
        if trailing and person_name(trailing.group("name")):
            name = person_name(trailing.group("name"))
        following = segments[index + 1] if index + 1 < len(segments) else ""
        next_role = None
        # "X, préfète de la Meuse" – but in "X, et le président de Y, Z" the role is Z's.
        if following and not (
            HAS_ARTICLE.match(following)
            and index + 2 < len(segments)
            and person_name(segments[index + 2])
        ):
            next_role = parse_role(following, organisation_needed=False)
        if trailing and not next_role:
            name = None  # only a role after it says the bold words are a person's name
        if name and not (next_role or name[1]) and is_not_a_person(name[0], text):
            name = None  # "Action Logement": the language model knows it is no person
        if name and (next_role or name[1] or not ORGANISATION_WORDS.search(name[0])):
            if FEMININE_CIVILITY.match(segment):
                next_role = _feminine(next_role)
            parties.append(PartyRef("person", proper_case(name[0]), next_role, line))
            index += 2 if next_role else 1
            continue
        communes = COMMUNES_OF.match(strip_bold(segment))
        if communes:
            # "les communes de Rambervillers et de Bruyères": each commune signs.
            for commune in COMMUNES_AND.split(communes.group("names")):
                if commune[:1].isupper():
                    parties.append(PartyRef("organisation", commune.strip(" ."), None, line))
            index += 1
            continue
        represented = _represented(segment, segments[index + 1 : index + 3], line)
        if represented:
            parties.append(represented[0])
            index += 1 + represented[1]
            continue
        role = parse_role(segment, need_article=True)
        named = None
        skip = 2
        if role and following and index + 1 not in after_and:
            named = person_name(following)
            after = segments[index + 2] if index + 2 < len(segments) else ""
            if after and not HAS_ARTICLE.match(after) and parse_role(after):
                named = None
            if not named and after and parse_role(following) and not HAS_ARTICLE.match(following):
                # "la préfète de la région Grand Est, préfète du Bas-Rhin, **Hélène X**"
                named, skip = person_name(after), 3
        if named:
            # "la préfète de la région Grand Est, **Josiane X**": the title comes first.
            parties.append(PartyRef("person", proper_case(named[0]), role, line))
            index += skip
            continue
        split = name_then_person(role.organisation) if role else None
        holder = person_name(split[1]) if split else None
        if holder:
            # "le préfet de la Marne Henri Prévost": the name follows the territory.
            role.organisation = split[0]
            parties.append(PartyRef("person", proper_case(holder[0]), role, line))
        elif role:
            parties.append(PartyRef("title", "", role, line))
        else:
            organisation = strip_bold(strip_article(segment)).strip(" .")
            described = DESCRIBED_NAME.match(organisation)
            organisation = described.group("name") if described else organisation
            if COUNTED.match(organisation):
                organisation = ""  # "Trois intercommunalités du sud aubois": no name
            if organisation[:1].isupper() and len(organisation) <= 200:
                parties.append(PartyRef("organisation", organisation, None, line))
        index += 1
    for party in parties:
        party.name = restore_names(party.name)
        if party.role:
            party.role.organisation = restore_names(party.role.organisation)
            party.role.detail = restore_names(party.role.detail)
    return parties


def _represented(segment: str, following: list[str], line: int):
    """(the person, segments used) for "la Région Grand Est, représentée par **Ada Roth**,
    vice-présidente": Ada Roth, vice-présidente de la Région Grand Est."""
    by = REPRESENTED_BY.match(strip_bold(following[0]).strip()) if following else None
    name = person_name(by.group("name")) if by else None
    if not name:
        return None
    title, used = by.group("title"), 1
    if not title and len(following) > 1:
        alone = parse_role(following[1], organisation_needed=False)  # "vice-présidente"
        if alone and not alone.organisation:
            title, used = alone.title, 2
    organisation = strip_bold(strip_article(segment)).strip(" .")
    if not title or not organisation[:1].isupper():
        return None
    article = HAS_ARTICLE.match(LEADING_AND.sub("", segment.strip()))
    word = article.group(0).strip().lower().removeprefix("et").strip() if article else ""
    role = RoleRef(_title(title), OF_ARTICLE.get(word.replace("’", "'"), "de"), organisation)
    return PartyRef("person", proper_case(name[0]), role, line), used


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


# "10h30 : inauguration par X, vice-président\n12h00 : table ronde": the next time of a schedule.
SCHEDULE_LINE = re.compile(r"\n (?= \s* \d{1,2} \s? h \s? (?: \d{2} )? \b )", re.VERBOSE)


def parse_roles(parsed, blocks, skipped: set[int]):
    """People named with their role anywhere in the text, once each, with their sentence."""
    known = {p.name for s in parsed.signings for p in [*s.parties, *s.attendees]}
    known |= {q.speaker.name for q in parsed.quotes}
    for index, block in enumerate(blocks):
        if index in skipped or block.kind != "paragraph":
            continue
        # "10h30 : inauguration par X, vice-président" ends at its line, not at the next time.
        lines = SCHEDULE_LINE.split(block.multiline_text)
        for sentence in [s for line in lines for s in split_sentences(line.replace("\n", " "))]:
            for party in parse_parties(sentence, block.line):
                if party.kind == "person" and party.role and party.name not in known:
                    known.add(party.name)
                    parsed.roles.append(party)
                    parsed.note("Fonction", plain(party.label), block.line, sentence)
                    name = party.organisation_name
                    if name and name not in parsed.organisations:
                        parsed.organisations.append(name)
