"""Who signs what: the signing sentences of a release, and the pacts and frameworks it names.

"Jean Rottner, Président de la Région Grand Est, et Bruno Bourg-Broc, Président de
Châlons Agglo, ont signé le POCE Châlons Agglo" is one signing: its parties come before
the verb, the pact kind and territory after it, attendees after "en présence de".
"""

import re

from communiques.importer.blocks import (
    plain,
    split_sentences,
)
from communiques.importer.gazetteer import is_commune
from communiques.importer.kinds import ACRONYM, KNOWN_PACT_KINDS, named_kinds
from communiques.importer.names import find_place, parse_parties
from communiques.importer.pact_territories import (
    COMMUNE_KINDS,
    GROUPING,
    communes_named,
    territories_after,
    territories_in_list,
    territory_among,
)
from communiques.importer.signing_parts import (
    LEADING_DATELINE,
    co_signers,
    refer_to_territory,
    signing_date,
    subject_without_clefts,
    territory_holders,
)
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
# A framework that is signed (not only cited) is a pact of its kind: "ont signé le CPER".
SIGNABLE_FRAMEWORK = re.compile(r"^ (?: contrat | convention | pacte ) \b", re.I | re.VERBOSE)

SIGN_VERB = re.compile(
    r"""
    \b (?:
        (?P<past>                               # ont officiellement signé
            (?: ont | a | avaient | avait ) \s+
            (?: officiellement\s+ | solennellement\s+ | ensemble\s+ )?
            (?: signé | paraphé | cosigné | conclu | apposé )   # ont apposé leur signature
        )
      | (?P<present> signent | cosignent | paraphent )          # signent
      | (?P<future> signeront | vont\ signer | signera | va\ signer )   # vont signer
    ) \b
    """,
    re.VERBOSE,
)
PASSIVE_SIGN_VERB = re.compile(
    r"""
    \b (?: (?P<aux> ont | a | avaient | avait | sont | est | seront | sera ) \s+ (?: été \s+ )? )?
    (?: officiellement\s+ )?
    (?: [Ss]ignée?s? | [Pp]araphée?s? | [Cc]osignée?s? ) \s+   # ont été signés, Signé
    (?: (?! par \b | entre \b ) [^,;.«»]{1,80}? \s+ )?     # le 8 juin 2021 à Sarre-Union
    (?: par | entre ) \s+                        # par, entre la Région et …
    """,
    re.VERBOSE,
)
PACT_REFERENCE = re.compile(
    r"""
    ^ \s* (?: Ils? | Elles? | Ces\ \w+                # "Ils ont été signés par …"
      | (?i: les \s+ | le \s+ | la \s+ | l['’] | ces \s+ | leur \s+ | leurs \s+ | son \s+ | sa \s+
        | ses \s+ )
        (?: (?: deux | trois | quatre | cinq | six | sept | huit | neuf | dix | \d+ ) \s+ )?
        (?i: pactes? | contrats? | conventions? | documents? | accords? | avenants? ) ) \b
        # les deux pactes, l'avenant
    """,
    re.VERBOSE,
)
PRESENCE = re.compile(
    r"\b [Ee]n\ présence\ d (?: e | ['’] | u | es ) \s*",  # en présence du préfet
    re.VERBOSE,
)
DEFINED_ACRONYM = re.compile(
    r"""
    (?P<long>                                   # Pacte Offensive Croissance Emploi (POCE)
        (?i: pactes? | contrats? | conventions? | schémas? | stratégies? | plans? | programmes? )
        \s [^().;:«»\n]{3,140}?
    )
    \s* \( (?P<acronym> [A-Z][A-Z0-9]{1,9} ) \)
    """,
    re.VERBOSE,
)
SIGNED_PARTICIPLE = re.compile(
    r"""
    (?<! \w ) (?: [Ss]ignée?s? | [Pp]araphée?s? | [Cc]onclue?s? )   # signé en juin 2021
    (?= \s+ (?: le | en | ce | au | à | lors | il\ y\ a | hier | avant-hier | lundi | mardi
          | mercredi | jeudi | vendredi | samedi | dimanche ) \b | \s* [,.] )  # signé mardi dernier
    """,
    re.VERBOSE,
)
# "La signature officielle du PTRTE de X a eu lieu ce vendredi".
SIGNATURE_HELD = re.compile(
    r"""
    \b [Ll]a \s+ signature \b .{0,200}? \b
    (?: a \s+ eu \s+ lieu | aura \s+ lieu | s['’]est \s+ (?: tenue | déroulée ) )   # a eu lieu
    """,
    re.VERBOSE,
)
# "Le Grand Reims avait signé le sien en 2021": another pact than the release's, told aside.
ANOTHER_PACT = re.compile(
    r"^ \s* (?: le \s+ sien | la \s+ sienne | les \s+ (?: siens | siennes | leurs ) ) \b",
    re.VERBOSE | re.IGNORECASE,
)
PLUPERFECT = re.compile(r"^ (?: avait | avaient ) \b", re.VERBOSE)  # avait signé
# "En présence de nombreux élus, la Région …": where the signatories start.
SUBJECT_AFTER = re.compile(
    r", \s* (?= (?: la | le | les ) \s+ [A-ZÀ-Ö] | l['’] [A-ZÀ-Ö] )", re.VERBOSE
)
FUTURE_AUXILIARY = re.compile(r"\b (?: sera | seront | être ) \s+ $", re.VERBOSE)  # sera signé


def parse_definitions(parsed, blocks):
    for block in blocks:
        for match in DEFINED_ACRONYM.finditer(plain(block.text)):
            acronym = match.group("acronym")
            long_name = re.sub(r"\s+", " ", match.group("long")).strip()
            is_kind = long_name.lower().startswith("pacte") or acronym in KNOWN_PACT_KINDS
            if is_kind and acronym not in parsed.pact_kinds:
                parsed.pact_kinds[acronym] = long_name
                parsed.note("Type de pacte", f"{acronym} – {long_name}", block.line)
            elif acronym not in parsed.frameworks and acronym not in parsed.pact_kinds:
                parsed.frameworks[acronym] = long_name
                parsed.note("Document de référence", f"{acronym} – {long_name}", block.line)
    for block in blocks:
        found = ACRONYM.findall(block.text)
        found += [key for key, _, _ in named_kinds(plain(block.text))]
        for key in found:
            if key in KNOWN_PACT_KINDS and key not in parsed.pact_kinds:
                parsed.pact_kinds[key] = KNOWN_PACT_KINDS[key]
                parsed.note("Type de pacte", key, block.line)


def parse_frameworks(parsed, blocks):
    for block in blocks:
        for acronym in ACRONYM.findall(block.text):
            known = acronym in parsed.frameworks or acronym in parsed.pact_kinds
            if acronym in KNOWN_FRAMEWORKS and not known:
                parsed.frameworks[acronym] = KNOWN_FRAMEWORKS[acronym][0]
                parsed.note("Document de référence", acronym, block.line)


def parse_signings(parsed, blocks, quote_blocks):
    seen = {}
    mentions = pact_mentions(parsed, blocks)
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or index in quote_blocks:
            continue
        for sentence in split_sentences(block.text):
            signing = signing_in(sentence, parsed, block.line, mentions)
            signing = signing or participle_signing(sentence, parsed, block.line)
            if signing is None:
                continue
            key = (signing.acronym, tuple(signing.territories))
            same_kind = [k for k in seen if k[0] == signing.acronym and k[1]]
            referred = not kind_mentions(plain(sentence), parsed)
            if len(same_kind) == 1 and referred and len(signing.territories) <= 1:
                # "… ont paraphé le document": the one pact of its kind told before.
                key = same_kind[0]
            if signing.acronym and key in seen:
                # "Le pacte a été signé par X et Y": the same pact, told again with its people.
                signing = _merge(seen[key], signing)
            else:
                seen[key] = signing
                parsed.signings.append(signing)
            for party in signing.parties:
                parsed.note("Signataire", plain(party.label), block.line, sentence)
            for party in signing.attendees:
                parsed.note("Présent (non signataire)", plain(party.label), block.line, sentence)
            if signing.acronym:
                for territory in signing.territories:
                    parsed.note("Pacte", f"{signing.acronym} {territory}", block.line, sentence)


def _same_body(known: str, again: str) -> bool:
    """ "Grand Reims" and "Communauté urbaine du Grand Reims" are one body."""
    return known == again or (
        bool(again) and again.endswith(f" {known}") and bool(GROUPING.match(again))
    )


def _merge(signing: Signing, again: Signing) -> Signing:
    """Adds to `signing` what `again` (the same pact) says more; returns what was new.
    A person signing for an organisation takes the place of the organisation alone."""
    added = Signing(signing.acronym, [], [], [], signing.status, None, "", again.line)
    for party in again.parties:
        same = [
            i
            for i, p in enumerate(signing.parties)
            if p.organisation_name and _same_body(p.organisation_name, party.organisation_name)
        ]
        if not same and party not in signing.parties:
            signing.parties.append(party)
            added.parties.append(party)
        elif same and signing.parties[same[0]].kind == "organisation" != party.kind:
            signing.parties[same[0]] = party
            added.parties.append(party)
    for party in again.attendees:
        if party.name not in {p.name for p in signing.attendees}:
            signing.attendees.append(party)
            added.attendees.append(party)
    if not (signing.date and signing.date.value):
        signing.date = again.date
    return added


def pact_mentions(parsed, blocks) -> dict[str, list[str]]:
    """The territories each pact kind is named with anywhere in the text, in order:
    "les PTRTE de la Communauté de communes A, de la Communauté de communes B et de …"."""
    found: dict[str, list[str]] = {}
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        for sentence in split_sentences(plain(block.text)):
            for acronym, end in kind_mentions(sentence, parsed):
                tail = sentence[end:]
                names = territories_after(tail, acronym)
                if not names and acronym in COMMUNE_KINDS:
                    names = communes_named(sentence)
                if not names and tail.rstrip().endswith(":") and following:
                    # "… les PTRTE de dix communautés de communes :" and a bullet list.
                    names = territories_in_list(following) if following.kind == "list" else []
                for name in names:
                    if name not in found.setdefault(acronym, []):
                        found[acronym].append(name)
    return found


def kind_mentions(text: str, parsed) -> list[tuple[str, int]]:
    """(kind, end) of each pact kind `text` names, by acronym or in words, in order."""
    named = list(named_kinds(text))
    mentions = [(start, key, end) for key, start, end in named]
    signable = _signable(parsed)
    for match in ACRONYM.finditer(text):
        acronym = match.group(1)
        inside = any(start <= match.start() < end for _, start, end in named)
        if not inside and (acronym in parsed.pact_kinds or acronym in signable):
            mentions.append((match.start(), acronym, match.end()))
    return [(key, end) for _, key, end in sorted(mentions)]


def _signable(parsed) -> set[str]:
    frameworks = {**{k: v[0] for k, v in KNOWN_FRAMEWORKS.items()}, **parsed.frameworks}
    return {acronym for acronym, name in frameworks.items() if SIGNABLE_FRAMEWORK.match(name)}


def signing_in(sentence, parsed, line, mentions=None) -> Signing | None:
    verb = SIGN_VERB.search(sentence)
    passive = PASSIVE_SIGN_VERB.search(sentence)
    if passive and (not verb or passive.start() <= verb.start()):
        subject, rest = sentence[passive.end() :], sentence[: passive.start()]
        status = "preparing" if passive.group("aux") in ("seront", "sera") else "signed"
        mentions_after = kind_mentions(subject, parsed)
        if not rest.strip() and mentions_after:
            # "Signé en octobre 2021 par A, B et C, le PTRTE de … a fait l'objet …".
            cut = subject.rfind(",", 0, mentions_after[0][1])
            subject, rest = (subject[:cut], subject[cut + 1 :]) if cut > 0 else (subject, "")
    elif verb:
        subject, rest = sentence[: verb.start()], sentence[verb.end() :]
        status = "preparing" if verb.group("future") else "signed"
    else:
        return None
    attendees_text = ""
    for text_name in ("rest", "subject"):
        text = rest if text_name == "rest" else subject
        presence = PRESENCE.search(text)
        after = SUBJECT_AFTER.search(text, presence.end()) if presence else None
        if after and not text[: presence.start()].strip():
            # "En présence du préfet, **X**, la Région et Y ont signé": the subject follows.
            attendees_text, text = text[presence.end() : after.start()], text[after.end() :]
            rest, subject = (text, subject) if text_name == "rest" else (rest, text)
            break
        if presence:
            attendees_text = text[presence.end() :].rstrip(" .")
            text = text[: presence.start()]
            rest, subject = (text, subject) if text_name == "rest" else (rest, text)
            break
    subject = subject_without_clefts(subject)
    rest, beside = co_signers(rest, line, lambda text: bool(kind_mentions(text, parsed)))
    parties = parse_parties(subject, line) + beside
    if not parties:
        return None
    attendees = [p for p in parse_parties(attendees_text, line) if p.kind != "organisation"]
    acronym, territories = "", []
    for key, end in kind_mentions(plain(rest), parsed)[:1]:
        acronym = key
        territories = territories_after(plain(rest)[end:], acronym)
    if not acronym and PACT_REFERENCE.match(rest) and len(parsed.pact_kinds) == 1:
        acronym = next(iter(parsed.pact_kinds))
    if not acronym and (ANOTHER_PACT.match(plain(rest)) or (verb and PLUPERFECT.match(verb[0]))):
        return None  # an earlier signing or someone else's pact, without its kind
    if acronym and acronym not in parsed.pact_kinds:
        parsed.pact_kinds[acronym] = parsed.frameworks.pop(
            acronym, KNOWN_FRAMEWORKS.get(acronym, (acronym,))[0]
        )
    if acronym and not territories:
        territories = (mentions or {}).get(acronym, [])
    if acronym in COMMUNE_KINDS and not any(is_commune(name) for name in territories):
        # "La commune de Vic-sur-Seille a signé sa convention PVD avec … la Communauté de
        # communes du Saulnois": a programme of communes applies to its signing commune.
        territories = [n for n in territory_among(parties, acronym) if is_commune(n)] or territories
    if acronym and not territories:
        territories = territory_among(parties, acronym)
    parties += territory_holders(plain(rest), territories, line)
    refer_to_territory(parties, territories)
    # "Saint-Dié, 3 octobre 2023 – … ont signé le 2 octobre dernier": not the dateline's.
    own_date = signing_date(LEADING_DATELINE.sub("", plain(sentence)), parsed.date)
    place = find_place(plain(rest)) or find_place(plain(subject))
    return Signing(acronym, territories, parties, attendees, status, own_date, place, line)


def participle_signing(sentence, parsed, line) -> Signing | None:
    """A pact named with when it was signed, without its signatories: "Le Pacte pour la
    ruralité du Pays Barrois, signé en juin 2021, entre dans sa phase opérationnelle",
    "La signature du PTRTE de X a eu lieu ce vendredi, en présence de …"."""
    text = plain(sentence)
    held = SIGNATURE_HELD.search(text)
    marker = held or SIGNED_PARTICIPLE.search(text)
    date = signing_date(LEADING_DATELINE.sub("", text), parsed.date)
    if marker is None or date is None:
        return None
    opening = marker.start() == 0  # "Signé en septembre 2019, le POCE de X a permis …"
    limit = len(text) if opening else marker.end() if held else marker.start()
    mentions = kind_mentions(text[:limit], parsed)
    if not mentions:
        return None
    acronym, end = mentions[0] if held or opening else mentions[-1]
    territories = territories_after(text[end:], acronym)
    if not territories:
        return None
    status = "preparing" if FUTURE_AUXILIARY.search(text[: marker.start()]) else "signed"
    presence = PRESENCE.search(sentence)  # with its bold names: "et de **Y**"
    attendees = parse_parties(sentence[presence.end() :], line) if presence else []
    attendees = [party for party in attendees if party.kind != "organisation"]
    refer_to_territory(attendees, territories)
    return Signing(acronym, territories, [], attendees, status, date, find_place(text), line)
