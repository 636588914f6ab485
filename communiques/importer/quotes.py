"""Quotes and who said them: « … », a déclaré X ; X : « … » ; Pour X, « … »."""

import re

from communiques.importer.blocks import CAPITALS, plain, short
from communiques.importer.canonical import canonical_organisation
from communiques.importer.names import TITLE_WORDS, parse_parties, parse_role
from communiques.importer.structure import PartyRef, QuoteRef
from grandest_press.text import fold

OPENERS = {"«": "»", '"': '"', "“": "”"}
QUOTE_VERBS = r"""
    (?: (?: a | avait ) (?: -t- (?: il | elle ) )? \s+
        (?: déclaré | ajouté | indiqué | souligné | précisé | expliqué | affirmé | rappelé
          | conclu | insisté | estimé | commenté | résumé | lancé | salué | confié | assuré
          | annoncé | martelé | observé | noté | poursuivi | commencé | témoigné | reconnu
          | promis | relevé | glissé )
      | déclare | ajoute | indique | souligne | précise | explique | affirme | rappelle
      | conclut | insiste | estime | commente | résume | selon | pour | commence | poursuit
      | assure | annonce | note | observe | témoigne | reconnaît )
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
TITLE_ALONE = re.compile(
    rf"(?: le | la | l['’] ) \s* (?P<title> {TITLE_WORDS} (?: \s+ \w+ )? )",  # la préfète
    re.IGNORECASE | re.VERBOSE,
)
QUOTE_SPAN = re.compile(
    r"""
    « \s* (?P<guillemets> [^«»]+? ) \s* »        # « moment important »
    | “ (?P<curly> [^“”]+? ) ”                   # “Nos centres-bourgs ont un avenir”
    | " (?P<straight> [^"]+? ) "                 # "Nous avons tenu parole"
    """,
    re.VERBOSE,
)
INVERTED_PRONOUN = re.compile(
    r"^ \s* [,.]? \s* (?: a | avait ) -t- (?: il | elle ) \s+ \w+ \s* [.!]? \s* $",
    re.IGNORECASE | re.VERBOSE,  # », a-t-elle ajouté.
)
ATTRIBUTION_END = re.compile(r"[.!?](?= \s | $ )|(?= [«“\"] )", re.VERBOSE)  # "…, dit-il. Next"
PREFIX_SPEAKER = re.compile(
    r"(?: Pour | Selon ) \s+ (?P<who> [^,«“\"]+ (?: , [^,«“\"]+ , )? )",  # Pour la proviseure, X,
    re.VERBOSE,
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
    who = SPEAKER_TAIL.split(who.strip(" .,"))[0]
    named = parse_parties(who, line)
    if named and named[0].kind == "person" and named[0].role:
        # "X, présidente de la communauté de communes": the pact's territory, later.
        return named[0]
    # "la ministre devant les salariés", "la présidente de l'intercommunalité après …"
    who = GENERIC_OF.sub("", who)
    if PRONOUN.fullmatch(who):
        return None
    parties = parse_parties(who, line)
    if parties and parties[0].kind in ("person", "title"):
        return parties[0]
    surname = CIVILITY_SURNAME.fullmatch(who)
    if surname:
        # "a commenté M. Daubié": resolved later against the people the text names.
        return PartyRef("person", surname.group("name"), None, line)
    title = TITLE_ALONE.fullmatch(who)
    if title:
        # "a déclaré la préfète": resolved later against the people the text names.
        role = parse_role(title.group("title"), organisation_needed=False)
        return PartyRef("title", "", role, line) if role else None
    return None


# Where an organisation's name ends in an attribution: "Région l'a rappelé", "Région à l'issue".
ATTRIBUTION_TAIL = re.compile(
    r"""
    \s+ (?= l['’] (?: a | avait ) \s | à \s | au \s | en \s | lors \b | qui \b
          | devant \b | après \b | avant \b )   # « la ministre devant les salariés »
    """,
    re.VERBOSE,
)
# "la présidente de l'intercommunalité": the body a text names in general, no name.
GENERIC_BODY = re.compile(
    r"""
    ^ (?: intercommunalité | communauté\ de\ communes | communauté\ d['’]agglomération
      | agglomération | métropole | ville | commune ) $     # lower case: no name
    """,
    re.VERBOSE,
)
GENERIC_OF = re.compile(
    r"""
    \s+ (?: de\ la | de\ l['’] | du | de ) \s*      # de l'intercommunalité, lower case only
    (?: intercommunalité | communauté\ de\ communes | communauté\ d['’]agglomération
      | agglomération | métropole | ville | commune ) $
    """,
    re.VERBOSE,
)
# The circumstances after a speaker: « a affirmé la ministre devant les salariés ».
SPEAKER_TAIL = re.compile(
    r"\s+ (?= devant \b | après \b | avant \b | lors \b | l['’] (?: a | avait ) \s )", re.VERBOSE
)
CIVILITY_SURNAME = re.compile(
    r"(?: M\. | Mme | Monsieur | Madame ) \s+ (?P<name> [A-ZÀ-Ö][\w’'-]+ )", re.VERBOSE
)


def resolve_title_speakers(parsed):
    """A speaker named only by a title ("la préfète") is the person of the text who holds
    it: "la préfète de la région Grand Est, Josiane X" signed above."""
    people = [p for s in parsed.signings for p in [*s.parties, *s.attendees]]
    people += [q.speaker for q in parsed.quotes] + parsed.roles
    people = [p for p in people if p.kind == "person" and p.role]
    for quote in parsed.quotes:
        speaker = quote.speaker
        if speaker.kind == "person" and " " not in speaker.name:
            # "M. Daubié": the one person of the text with that surname.
            named = {p.name: p for p in people if p.name.endswith(f" {speaker.name}")}
            quote.speaker = next(iter(named.values())) if len(named) == 1 else speaker
        if speaker.kind != "title":
            continue
        # "le président de Région à l'issue des signatures": the body is "Région".
        body = canonical_organisation(ATTRIBUTION_TAIL.split(speaker.role.organisation)[0])
        body = "" if GENERIC_BODY.match(body) else body
        # "la ministre devant les salariés", "la présidente de l'intercommunalité après …"
        title = GENERIC_OF.sub("", ATTRIBUTION_TAIL.split(speaker.role.title)[0])
        title = fold(title)
        holders = {
            p.name: p
            for p in people
            if f"{fold(p.role.title)} ".startswith(f"{title} ")
            and (not body or p.role.organisation_name == body)
        }
        if len(holders) == 1:
            quote.speaker = next(iter(holders.values()))


def parse_inline_quotes(parsed, blocks, consumed: set[int]) -> set[int]:
    """Quotes inside paragraphs the block reading left: several in one paragraph, the
    speaker after the quote or named earlier in the sentence (« moment important »)."""
    taken = set()
    for index, block in enumerate(blocks):
        if index in consumed or block.kind != "paragraph":
            continue
        text = block.text
        leftover, found = text, []
        for match in QUOTE_SPAN.finditer(text):
            inner = next(group for group in match.groups() if group)
            if len(WORD.findall(inner)) < 4:
                continue
            tail = text[match.end() :]
            end = ATTRIBUTION_END.search(tail)
            suffix = tail[: end.end() if end else len(tail)]
            previous = (found or parsed.quotes)[-1].speaker if (found or parsed.quotes) else None
            speaker = _suffix_speaker(suffix, block.line, previous)
            before = ""
            if speaker is None:
                sentence_start = max(text.rfind(". ", 0, match.start()) + 1, 0)
                before = text[sentence_start : match.start()]
                speaker = _running_text_speaker(before, block.line)
                suffix = ""
            if speaker is None:
                continue
            quote = QuoteRef(plain(inner.strip()), speaker, before.strip(), block.line, suffix)
            found.append(quote)
            for piece in (match.group(0), suffix):
                leftover = leftover.replace(piece, " ", 1) if piece else leftover
        for quote in found:
            parsed.quotes.append(quote)
            parsed.note(
                "Citation",
                f"{quote.speaker.label} : « {short(quote.text, 60)} »",
                quote.line,
                block.text,
            )
        if found and not WORD.search(leftover):
            taken.add(index)
    return taken


def _suffix_speaker(suffix, line, previous):
    if INVERTED_PRONOUN.match(suffix):
        return previous
    for pattern in (SUFFIX_ATTRIBUTION, SUFFIX_NAME):
        match = pattern.match(suffix)
        if match:
            return _speaker(match.group("who"), line)
    return None


def _running_text_speaker(before, line):
    """ "Pour la proviseure, **Agnès X**, il s'agit d'un « … »": the person named before."""
    match = PREFIX_SPEAKER.search(before)
    if match is None:
        return None
    people = [p for p in parse_parties(match.group("who"), line) if p.kind == "person"]
    return people[0] if len(people) == 1 else None
