"""Who signs what: the signing sentences of a release, and the pacts and frameworks it names.

"Jean Rottner, Président de la Région Grand Est, et Bruno Bourg-Broc, Président de
Châlons Agglo, ont signé le POCE Châlons Agglo" is one signing: its parties come before
the verb, the pact kind and territory after it, attendees after "en présence de".
"""

import re

from communiques.importer.blocks import plain, split_sentences, strip_article, strip_bold
from communiques.importer.french_dates import find_date
from communiques.importer.names import find_place, parse_parties
from communiques.importer.structure import Signing

# Acronyms of reference strategies and contracts a release cites, with their names.
KNOWN_FRAMEWORKS = {
    "SRDEII": (
        "Schéma régional de développement économique, d'innovation et d'internationalisation",
        "schema",
        "",
    ),
    "SRADDET": (
        "Schéma régional d'aménagement, de développement durable et d'égalité des territoires",
        "schema",
        "",
    ),
    "CPRDFOP": (
        "Contrat de plan régional de développement des formations et de l'orientation "
        "professionnelles",
        "contrat",
        "Performance Grand Est",
    ),
    "CRSD": ("Contrat de redynamisation de site de défense", "contrat", ""),
    "CPER": ("Contrat de plan État-Région", "contrat", ""),
}
KNOWN_PACT_KINDS = {
    "POCE": "Pacte Offensive Croissance Emploi",
    "PTRTE": "Pacte territorial de relance et de transition écologique",
}

SIGN_VERB = re.compile(
    r"""
    \b (?:
        (?P<past>                               # ont officiellement signé
            (?: ont | a | avaient | avait ) \s+
            (?: officiellement\s+ | solennellement\s+ | ensemble\s+ )?
            (?: signé | paraphé | cosigné | conclu )
        )
      | (?P<present> signent | cosignent | paraphent )          # signent
      | (?P<future> signeront | vont\ signer | signera | va\ signer )   # vont signer
    ) \b
    """,
    re.VERBOSE,
)
PRESENCE = re.compile(
    r"\b [Ee]n\ présence\ d (?: e | ['’] | u | es ) \s*",  # en présence du préfet
    re.VERBOSE,
)
ACRONYM = re.compile(r"(?<![\w-]) ( [A-Z][A-Z0-9]{2,9} ) (?![\w-])", re.VERBOSE)  # PTRTE
DEFINED_ACRONYM = re.compile(
    r"""
    (?P<long>                                   # Pacte Offensive Croissance Emploi (POCE)
        (?: Pactes? | Contrats? | Schémas? | Stratégies? | Plans? | Programmes? )
        \s [^().;:«»\n]{3,140}?
    )
    \s* \( (?P<acronym> [A-Z][A-Z0-9]{1,9} ) \)
    """,
    re.VERBOSE,
)
TERRITORY_END = re.compile(
    r"""
    [,.;]                                       # "le POCE Châlons Agglo, à la Foire…"
    | \s+ (?: à | au | qui | pour | afin | lors | dans | le | en\ présence ) \s
    """,
    re.VERBOSE,
)
CLOSING_PARENTHESIS = re.compile(r"^ \s* \) \s*", re.VERBOSE)  # "(PTRTE) du Val" → "du Val"
TERRITORY_AND = re.compile(r"\s+ et \s+", re.VERBOSE)  # "Sedan et Charleville"
TERRITORY_LEAD = re.compile(
    r"^ \s* (?: avec | de\ la | de\ l['’] | du | des | de | d['’] ) \s*",  # "de la Bruche"
    re.VERBOSE,
)


def parse_definitions(parsed, blocks):
    for block in blocks:
        for match in DEFINED_ACRONYM.finditer(plain(block.text)):
            acronym = match.group("acronym")
            long_name = re.sub(r"\s+", " ", match.group("long")).strip()
            if long_name.lower().startswith("pacte") and acronym not in parsed.pact_kinds:
                parsed.pact_kinds[acronym] = long_name
                parsed.note("Type de pacte", f"{acronym} – {long_name}", block.line)
            elif acronym not in parsed.frameworks and acronym not in parsed.pact_kinds:
                parsed.frameworks[acronym] = long_name
                parsed.note("Document de référence", f"{acronym} – {long_name}", block.line)
    for block in blocks:
        for acronym in ACRONYM.findall(block.text):
            if acronym in KNOWN_PACT_KINDS and acronym not in parsed.pact_kinds:
                parsed.pact_kinds[acronym] = KNOWN_PACT_KINDS[acronym]
                parsed.note("Type de pacte", acronym, block.line)


def parse_frameworks(parsed, blocks):
    for block in blocks:
        for acronym in ACRONYM.findall(block.text):
            if acronym in KNOWN_FRAMEWORKS and acronym not in parsed.frameworks:
                parsed.frameworks[acronym] = KNOWN_FRAMEWORKS[acronym][0]
                parsed.note("Document de référence", acronym, block.line)


def parse_signings(parsed, blocks, quote_blocks):
    seen = set()
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or index in quote_blocks:
            continue
        for sentence in split_sentences(block.text):
            signing = signing_in(sentence, parsed, block.line)
            if signing is None:
                continue
            key = (signing.acronym, tuple(signing.territories))
            if signing.acronym and key in seen:
                continue
            seen.add(key)
            parsed.signings.append(signing)
            for party in signing.parties:
                parsed.note("Signataire", plain(party.label), block.line)
            for party in signing.attendees:
                parsed.note("Présent (non signataire)", plain(party.label), block.line)
            if signing.acronym:
                for territory in signing.territories:
                    parsed.note("Pacte", f"{signing.acronym} {territory}", block.line)


def signing_in(sentence, parsed, line) -> Signing | None:
    verb = SIGN_VERB.search(sentence)
    if not verb:
        return None
    subject, rest = sentence[: verb.start()], sentence[verb.end() :]
    attendees_text = ""
    presence = PRESENCE.search(rest)
    if presence:
        attendees_text = rest[presence.end() :].rstrip(" .")
        rest = rest[: presence.start()]
    parties = parse_parties(subject, line)
    if not parties:
        return None
    attendees = [p for p in parse_parties(attendees_text, line) if p.kind != "organisation"]
    acronym, territories = "", []
    for match in ACRONYM.finditer(rest):
        if match.group(1) in parsed.pact_kinds:
            acronym = match.group(1)
            territories = territories_after(rest[match.end() :])
            break
    if acronym and not territories:
        territories = [
            party.organisation_name
            for party in parties
            if party.organisation_name and "région" not in party.organisation_name.lower()
        ][:1]
    own_date = find_date(plain(sentence), None)
    place = find_place(plain(rest)) or find_place(plain(subject))
    status = "preparing" if verb.group("future") else "signed"
    return Signing(acronym, territories, parties, attendees, status, own_date, place, line)


def territories_after(tail: str) -> list[str]:
    tail = TERRITORY_END.split(tail)[0]
    tail = CLOSING_PARENTHESIS.sub("", tail)
    names = []
    for part in TERRITORY_AND.split(tail):
        part = TERRITORY_LEAD.sub("", part.strip())
        part = strip_bold(strip_article(part))
        if part[:1].isupper():
            names.append(part.strip())
    return names
