"""Read a French press release written in light Markdown into an unsaved structure.

Everything found keeps the number of the line it came from, for the import report.
Nothing is dropped: what is not recognised stays in the body.
"""

import datetime
import html
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import phonenumbers

from communiques.importer.decoding import ImportTextError
from communiques.importer.french_dates import FrenchDate, find_date
from grandest_press.text import fold

TITLE_MAX_LENGTH = 300

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

_CAP = "A-ZÀ-ÖØ-Þ"
CAPWORD = rf"[{_CAP}][\w'’\-]*"
PROPER_NOUN = re.compile(
    rf"(?<![\w\-])(?:{CAPWORD})"
    rf"(?:(?:\s+(?:de la|de l['’]|de|du|des|d['’]|sur|lès)\s*|\s+)(?:{CAPWORD})|\s+\d+(?![\w,]))*"
    r"(?:\s*\(\d{2,3}[AB]?\))?"
)
TITLE_WORDS = (
    r"(?:Vice-présidente?|Présidente?|Maire|Adjointe?|Sous-préfète?|Préfète?|Préfet|Ministre|"
    r"Secrétaire|Directeur|Directrice|Députée?|Sénateur|Sénatrice|Conseiller|Conseillère|"
    r"Déléguée?|Recteur|Rectrice|Administrateur|Administratrice|Gérante?|PDG|Cheffe?|"
    r"Responsable|Trésorière?|Trésorier|Commissaire)"
)
ROLE = re.compile(
    rf"^(?P<title>{TITLE_WORDS}\b[^,]*?)\s+(?P<prep>de la|de l['’]|du|des|de|d['’])\s*"
    rf"(?P<organisation>[{_CAP}].*?)\s*$",
    re.IGNORECASE,
)
ORGANISATION_WORDS = re.compile(
    r"\b(?:Région|Département|Conseil|Communauté|Agglo|Agglomération|Métropole|"
    r"Eurométropole|Ville|Commune|État|Etat|Préfecture|Grand|Chambre|Université|Campus|"
    r"Aéroport|Agence|Association|Réseau|Syndicat|Pôle|Banque|Caisse|Société|Groupe|CCI|"
    r"Fédération|Institut|Centre|Office|Parc|Pays|Territoire|Entreprendre)\b",
    re.IGNORECASE,
)
PERSON_NAME = re.compile(
    r"^(?:(?:M\.|Mme|Monsieur|Madame)\s+)?"
    rf"(?P<name>[{_CAP}][\w'’\-]+(?:\s+(?:de|du|van|von|le|la)?\s*[{_CAP}][\w'’\-]+){{1,3}})$"
)
SIGN_VERB = re.compile(
    r"\b(?:(?P<past>(?:ont|a|avaient|avait)\s+(?:officiellement\s+|solennellement\s+|"
    r"ensemble\s+)?(?:signé|paraphé|cosigné|conclu))|(?P<present>signent|cosignent|paraphent)"
    r"|(?P<future>signeront|vont signer|signera|va signer))\b"
)
PRESENCE = re.compile(r"\b[Ee]n présence d(?:e|['’]|u|es)\s*")
ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]{2,9})(?![\w-])")
DEFINED_ACRONYM = re.compile(
    r"(?P<long>(?:Pactes?|Contrats?|Schémas?|Stratégies?|Plans?|Programmes?)\s[^().;:«»\n]{3,140}?)"
    r"\s*\((?P<acronym>[A-Z][A-Z0-9]{1,9})\)"
)
PLACE = re.compile(
    r"(?<![\w-])(?:à|À|au|Au)\s+(?:(?:la|le|les)\s+|l['’])?(?P<place>"
    + PROPER_NOUN.pattern.removeprefix(r"(?<![\w\-])")
    + ")"
)
BULLET = re.compile(r"^\s*(?:[•\-*▪◦‣–]|\d{1,2}[.)])\s+(?P<item>\S.*)$")
LABELLED_ITEM = re.compile(r"^(?P<label>[^:]{2,80}?)\s+:\s+(?P<description>\S.*)$")
AXES_SENTENCE = re.compile(
    r"^(?:Il|Elle|Celui-ci|Celle-ci|(?:Ce|Le|Ces|Les|Cette|La)\s+[\w’'-]+)\s+"
    r"(?:porte|portent|repose|reposent|s['’]articule|s['’]articulent|se décline|se déclinent|"
    r"comprend|comprennent|prévoit|prévoient|cible|ciblent)\s+(?:sur|autour d(?:e|u|es)|en)\s+"
    r"(?P<items>.+?)\s*[.:]?$"
)
AXIS_CONNECTORS = [
    " en lien avec ",
    " en partenariat avec ",
    " avec ",
    " pour ",
    " afin de ",
    " afin d'",
    " afin d’",
    " grâce à ",
    " grâce au ",
    " via ",
]
AXIS_PREFIXES = ["et ", "sur ", "l'", "l’", "la ", "le ", "les ", "un ", "une ", "des ", "du "]
AMOUNT = re.compile(
    r"(?P<prefix>(?:plus|près|moins)\s+d['’]\s*|(?:plus|près|moins)\s+de\s+|environ\s+|"
    r"quelque\s+)?(?P<number>\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"\s*(?P<unit>milliards?|millions?|Mds?\s?€|M\s?€|k\s?€|K\s?€|€|euros?)(?![\w])"
    r"(?P<suffix>\s+(?:d['’]\s*euros|de\s+euros)(?![\w]))?",
    re.IGNORECASE,
)
CONTACT_HEADER = re.compile(
    r"^\s*(?:\*\*)?\s*(?:contacts?|relations?)[\s-]+presse\s*(?:\*\*)?\s*:?\s*(?:\*\*)?\s*",
    re.IGNORECASE,
)
CONTACT_LABEL = re.compile(
    r"(?<![\w])(?:Tél|Tel|Téléphone|Telephone|Portable|Mobile|Fixe|Mail|Courriel|E-mail|"
    r"Email|Mél)\s*[.:]\s*",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\d+])(?:\+33\s?\(?0?\)?\s?|0)[1-9](?:[\s.\-\u00a0]?\d{2}){4}(?!\d)")
SERVICE_MAILBOXES = re.compile(r"^(?:presse|press|communication|contact|info|service)", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?…»])\s+(?=[«\"*\[0-9" + _CAP + r"])")
MARKDOWN_LINK = re.compile(r"\[(?P<text>[^\[\]\n]*)\]\((?P<url>[^)\s]*)\)")
MARKDOWN_BOLD = re.compile(r"(?<!\w)\*\*(?P<text>[^*\s](?:[^*\n]*?[^*\s])?)\*\*(?!\w)")
OPENERS = {"«": "»", '"': '"', "“": "”"}
QUOTE_VERBS = (
    r"(?:(?:a|avait)\s+(?:déclaré|ajouté|indiqué|souligné|précisé|expliqué|affirmé|rappelé|"
    r"conclu|insisté|estimé|commenté|résumé|lancé|salué|confié)|déclare|ajoute|indique|"
    r"souligne|précise|explique|affirme|rappelle|conclut|insiste|estime|commente|résume|"
    r"selon|pour)"
)
SUFFIX_ATTRIBUTION = re.compile(
    rf"^\s*[,.]?\s*{QUOTE_VERBS}\s+(?P<who>.+?)\s*[.!]?\s*$", re.IGNORECASE | re.DOTALL
)
SUFFIX_NAME = re.compile(
    rf"^\s*[,.]?\s*(?P<who>\*\*[^*]+\*\*(?:\s*,\s*[^.]+)?|[{_CAP}][\w'’-]+"
    rf"(?:\s+[{_CAP}][\w'’-]+){{1,3}}(?:\s*,\s*[^.]+)?)\s*\.?\s*$"
)
PREFIX_ATTRIBUTION = re.compile(
    r"^\s*(?:(?:Pour|Selon)\s+(?P<who1>.+?)\s*,|(?P<who2>[^:«\"]+?)\s*:)\s*$", re.DOTALL
)


@dataclass
class Recognised:
    label: str
    value: str
    line: int


@dataclass
class RoleRef:
    title: str
    preposition: str
    organisation: str

    @property
    def of_organisation(self) -> str:
        separator = "" if self.preposition.endswith(("'", "’")) else " "
        return f"{self.preposition}{separator}{self.organisation}"

    @property
    def label(self) -> str:
        return f"{self.title} {self.of_organisation}"


@dataclass
class PartyRef:
    """A person (with or without a role), a person named only by a role, or an organisation."""

    kind: str  # "person", "title" or "organisation"
    name: str
    role: RoleRef | None
    line: int

    @property
    def label(self) -> str:
        if self.kind == "person" and self.role:
            return f"{self.name}, {self.role.label}"
        if self.kind == "title":
            return self.role.label
        return self.name

    @property
    def organisation_name(self) -> str:
        if self.kind == "organisation":
            return self.name
        return self.role.organisation if self.role else ""


@dataclass
class Signing:
    acronym: str
    territories: list[str]
    parties: list[PartyRef]
    attendees: list[PartyRef]
    status: str  # "signed" or "preparing"
    date: FrenchDate | None
    place: str
    line: int


@dataclass
class AxisRef:
    title: str
    description: str
    organisations: list[str]  # names of several words: organisations for sure
    maybe_organisations: list[str]  # single words: only if they already exist
    line: int


@dataclass
class AmountRef:
    value: Decimal
    wording: str
    sentence: str
    line: int


@dataclass
class QuoteRef:
    text: str
    speaker: PartyRef
    before: str  # attribution written before the quote ("Pour X,", "X :")
    line: int
    after: str = ""  # attribution written after it (", a déclaré X.")


@dataclass
class ContactRef:
    name: str = ""
    email: str = ""
    phones: list[str] = field(default_factory=list)  # E.164
    line: int = 0
    phone_wordings: list[str] = field(default_factory=list)


@dataclass
class Block:
    kind: str  # "paragraph" or "list"
    lines: list[tuple[int, str]]

    @property
    def line(self) -> int:
        return self.lines[0][0]

    @property
    def text(self) -> str:
        return " ".join(text.strip() for _, text in self.lines)

    @property
    def multiline_text(self) -> str:
        return "\n".join(text.strip() for _, text in self.lines)


@dataclass
class ParsedCommunique:
    title: str
    title_line: int
    lede: str = ""
    lede_line: int = 0
    date: FrenchDate | None = None
    date_line: int = 0
    place: str = ""
    place_line: int = 0
    signings: list[Signing] = field(default_factory=list)
    pact_kinds: dict[str, str] = field(default_factory=dict)
    frameworks: dict[str, str] = field(default_factory=dict)
    axes: list[AxisRef] = field(default_factory=list)
    amounts: list[AmountRef] = field(default_factory=list)
    quotes: list[QuoteRef] = field(default_factory=list)
    contacts: list[ContactRef] = field(default_factory=list)
    body_blocks: list[Block] = field(default_factory=list)
    contact_header_line: int = 0
    summary: str = ""
    recognised: list[Recognised] = field(default_factory=list)
    inferred: list[Recognised] = field(default_factory=list)
    warnings: list[Recognised] = field(default_factory=list)

    @property
    def body_html(self) -> str:
        return render_body(self.body_blocks)

    def note(self, label, value, line):
        self.recognised.append(Recognised(label, value, line))


# Text helpers -----------------------------------------------------------------


def plain(text: str) -> str:
    """Markdown to plain text: bold marks removed, links as their text (and address)."""

    def link(match):
        url = match.group("url")
        return match.group("text") if url in ("", "#") else f"{match.group('text')} ({url})"

    text = MARKDOWN_LINK.sub(link, text)
    return MARKDOWN_BOLD.sub(lambda m: m.group("text"), text).strip()


def inline_html(text: str) -> str:
    """Markdown inline marks to HTML; a link to "#" (a placeholder) keeps only its text."""
    escaped = html.escape(text.strip(), quote=False)

    def link(match):
        url = html.unescape(match.group("url"))
        if url in ("", "#"):
            return match.group("text")
        return f'<a href="{html.escape(url)}">{match.group("text")}</a>'

    escaped = MARKDOWN_LINK.sub(link, escaped)
    return MARKDOWN_BOLD.sub(lambda m: f"<strong>{m.group('text')}</strong>", escaped)


def render_body(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        if block.kind == "list":
            items = "".join(f"<li>{inline_html(text)}</li>" for _, text in block.lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{inline_html(block.text)}</p>")
    return "".join(parts)


def split_sentences(text: str) -> list[str]:
    return [sentence for sentence in SENTENCE_END.split(text.strip()) if sentence.strip()]


def split_top_level(text: str, separator: str = ",") -> list[str]:
    """Split on `separator` outside parentheses, guillemets and bold marks."""
    parts, depth, quoted, bold, current = [], 0, False, False, []
    index = 0
    while index < len(text):
        char = text[index]
        if text.startswith("**", index):
            bold = not bold
            current.append("**")
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == "«":
            quoted = True
        elif char == "»":
            quoted = False
        if char == separator and not depth and not quoted and not bold:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


_AND_BEFORE_PARTY = re.compile(rf"\s+et\s+(?=\*\*|[{_CAP}]|(?:le|la|les)\s+[{_CAP}]|l['’][{_CAP}])")


def _strip_article(text: str) -> str:
    return re.sub(
        r"^(?:et\s+)?(?:(?:le|la|les)\s+|l['’])", "", text.strip(), flags=re.IGNORECASE
    ).strip()


def _strip_bold(text: str) -> str:
    return text.replace("**", "").strip()


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# Parties ----------------------------------------------------------------------


def parse_role(text: str, *, need_article: bool = False) -> RoleRef | None:
    text = _strip_bold(text).strip(" ,.")
    has_article = bool(re.match(r"^(?:et\s+)?(?:le|la)\s+|^(?:et\s+)?l['’]", text, re.I))
    if need_article and not has_article:
        return None
    match = ROLE.match(_strip_article(text) if has_article else text)
    if not match:
        return None
    title = capitalise(match.group("title").strip())
    preposition = match.group("prep").lower().replace("’", "'")
    return RoleRef(title=title, preposition=preposition, organisation=match.group("organisation"))


def person_name(text: str) -> tuple[str, bool] | None:
    """(name, written in bold) if `text` is a person's name."""
    text = re.sub(r"^et\s+", "", text.strip())
    bold = re.fullmatch(r"\*\*(?P<name>[^*]+)\*\*", text)
    candidate = bold.group("name").strip() if bold else text
    if re.match(TITLE_WORDS, candidate, re.IGNORECASE):
        return None
    match = PERSON_NAME.match(candidate)
    if not match:
        return None
    return match.group("name"), bool(bold)


def parse_parties(text: str, line: int) -> list[PartyRef]:
    segments = []
    for segment in split_top_level(text):
        segments += [part for part in _AND_BEFORE_PARTY.split(segment) if part.strip()]
    parties, index = [], 0
    while index < len(segments):
        segment = re.sub(r"^et\s+", "", segments[index].strip())
        if _is_date_or_place(segment):
            index += 1
            continue
        name = person_name(segment)
        next_role = parse_role(segments[index + 1]) if index + 1 < len(segments) else None
        if name and (next_role or name[1] or not ORGANISATION_WORDS.search(name[0])):
            parties.append(PartyRef("person", _proper_case(name[0]), next_role, line))
            index += 2 if next_role else 1
            continue
        role = parse_role(segment, need_article=True)
        if role:
            parties.append(PartyRef("title", "", role, line))
        else:
            organisation = _strip_bold(_strip_article(segment)).strip(" .")
            if organisation[:1].isupper() and len(organisation) <= 200:
                parties.append(PartyRef("organisation", organisation, None, line))
        index += 1
    return parties


def _is_date_or_place(segment: str) -> bool:
    if re.match(r"^(?:à|À|au|Au|en|En|ce|Ce)\s", segment) and not re.search(r"\*\*", segment):
        found = find_date(segment, datetime.date(2000, 1, 1))
        if found or re.match(r"^(?:à|À|au|Au)\s", segment):
            return True
    found = find_date(segment, datetime.date(2000, 1, 1))
    return bool(found) and len(segment.replace(found.wording, "").strip(" ,.")) < 3


def _proper_case(name: str) -> str:
    """ "Jean ROTTNER" → "Jean Rottner"; names already in mixed case are kept."""

    def fix(word):
        if word.isupper() and len(word) > 1:
            return "-".join(part.capitalize() for part in word.split("-"))
        return word

    return " ".join(fix(word) for word in name.split())


# Main entry point -------------------------------------------------------------


def parse_communique(
    text: str, *, publication_date: datetime.date | None = None
) -> ParsedCommunique:
    """Parse a release; raise ImportTextError (French message) if it cannot become a draft."""
    if not isinstance(text, str):
        raise ImportTextError("Le texte à importer doit être du texte.")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise ImportTextError("Le texte contient des caractères binaires : rien n’a été importé.")
    lines = text.split("\n")
    numbered = [(number, line) for number, line in enumerate(lines, start=1)]
    content = [(number, line) for number, line in numbered if line.strip()]
    if not content:
        raise ImportTextError("Le texte est vide : aucun communiqué à importer.")
    title_line, title_raw = content[0]
    title = plain(re.sub(r"^\s*#+\s*", "", title_raw)).strip()
    if not title:
        raise ImportTextError(f"Ligne {title_line} : le titre (première ligne) est vide.")
    if len(title) > TITLE_MAX_LENGTH:
        raise ImportTextError(
            f"Ligne {title_line} : le titre (première ligne) dépasse {TITLE_MAX_LENGTH} "
            "caractères. La première ligne doit être le titre du communiqué."
        )
    parsed = ParsedCommunique(title=title, title_line=title_line)
    parsed.note("Titre", title, title_line)

    rest = numbered[title_line:]
    contact_index = next(
        (i for i, (_, line) in enumerate(rest) if CONTACT_HEADER.match(line) and _is_header(line)),
        None,
    )
    middle = rest if contact_index is None else rest[:contact_index]
    blocks = make_blocks(middle)
    contact_blocks = []
    if contact_index is not None:
        contact_blocks = _parse_contacts(parsed, rest[contact_index:])

    quote_blocks = _parse_quotes(parsed, blocks)
    remaining = [block for i, block in enumerate(blocks) if i not in quote_blocks]
    if remaining and remaining[0].kind == "paragraph" and remaining[0] is blocks[0]:
        lede_block = remaining.pop(0)
        parsed.lede = plain(lede_block.text)
        parsed.lede_line = lede_block.line
        parsed.note("Chapeau", _short(parsed.lede), lede_block.line)
    parsed.body_blocks = remaining + contact_blocks

    all_blocks = ([Block("paragraph", [(title_line, title_raw)])] if title else []) + blocks
    _parse_date_and_place(parsed, blocks, publication_date)
    _parse_definitions(parsed, all_blocks)
    _parse_signings(parsed, blocks, quote_blocks)
    _parse_frameworks(parsed, all_blocks)
    if parsed.signings:
        _parse_axes(parsed, remaining)
        first_paragraph = next((b for b in remaining if b.kind == "paragraph"), None)
        if first_paragraph:
            parsed.summary = plain(split_sentences(first_paragraph.text)[0])
    _parse_amounts(parsed, blocks)
    for block in parsed.body_blocks:
        parsed.recognised.append(
            Recognised("Laissé dans le texte", _short(plain(block.text)), block.line)
        )
    return parsed


def _is_header(line: str) -> bool:
    rest = CONTACT_HEADER.sub("", line, count=1)
    return len(rest) < 200


def _short(text: str, length: int = 90) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def make_blocks(numbered_lines: list[tuple[int, str]]) -> list[Block]:
    """Paragraphs (separated by blank lines) and bullet lists (consecutive bullets)."""
    blocks: list[Block] = []
    current: list[tuple[int, str]] = []

    def flush():
        if current:
            blocks.append(_paragraph_or_list(list(current)))
            current.clear()

    for number, line in numbered_lines:
        if not line.strip():
            flush()
            continue
        bullet = BULLET.match(line)
        if bullet:
            flush()
            item = (number, bullet.group("item").strip())
            if blocks and blocks[-1].kind == "list" and blocks[-1].lines[-1][0] >= number - 2:
                blocks[-1].lines.append(item)
            else:
                blocks.append(Block("list", [item]))
            continue
        current.append((number, line))
    flush()
    return blocks


def _paragraph_or_list(lines):
    if len(lines) >= 2 and all(LABELLED_ITEM.match(text.strip()) for _, text in lines):
        return Block("list", [(number, text.strip()) for number, text in lines])
    return Block("paragraph", lines)


# Quotes -----------------------------------------------------------------------


def _parse_quotes(parsed, blocks) -> set[int]:
    consumed: set[int] = set()
    index = 0
    while index < len(blocks):
        found = _quote_at(blocks, index, consumed)
        if not found:
            index += 1
            continue
        quote, group = found
        parsed.quotes.append(quote)
        parsed.note("Citation", f"{quote.speaker.label} : « {_short(quote.text, 60)} »", quote.line)
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
    words = re.findall(r"\w+", inner)
    if len(words) < 3:
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
    who = who.strip(" .,")
    if re.fullmatch(r"(?:il|elle|lui|celui-ci|celle-ci)", who, re.IGNORECASE):
        return None
    parties = parse_parties(who, line)
    if parties and parties[0].kind in ("person", "title"):
        return parties[0]
    return None


# Date, place, definitions -----------------------------------------------------


def _parse_date_and_place(parsed, blocks, publication_date):
    for block in blocks[:1] + blocks[1:]:
        found = find_date(plain(block.text), publication_date)
        if found:
            parsed.date, parsed.date_line = found, block.line
            value = found.value.isoformat() if found.value else "inconnue"
            parsed.note("Date", f"« {found.wording} » → {value} ({found.precision})", block.line)
            if found.year_inferred:
                parsed.inferred.append(
                    Recognised(
                        "Date",
                        f"« {found.wording} » : année reprise de la date de publication "
                        f"({publication_date.isoformat() if publication_date else '?'}).",
                        block.line,
                    )
                )
            if found.warning:
                parsed.warnings.append(Recognised("Date", found.warning, block.line))
            break
    if blocks and blocks[0].kind == "paragraph":
        lede = plain(blocks[0].text)
        place = find_place(_without_parties(lede)) or find_place(lede)
        if place:
            parsed.place, parsed.place_line = place, blocks[0].line
            parsed.note("Lieu", place, blocks[0].line)


def _without_parties(sentence: str) -> str:
    verb = SIGN_VERB.search(sentence)
    return sentence[verb.start() :] if verb else sentence


def find_place(text: str) -> str:
    match = PLACE.search(text)
    return match.group("place").strip() if match else ""


def _parse_definitions(parsed, blocks):
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


def _parse_frameworks(parsed, blocks):
    for block in blocks:
        for acronym in ACRONYM.findall(block.text):
            if acronym in KNOWN_FRAMEWORKS and acronym not in parsed.frameworks:
                parsed.frameworks[acronym] = KNOWN_FRAMEWORKS[acronym][0]
                parsed.note("Document de référence", acronym, block.line)


# Signings ---------------------------------------------------------------------


def _parse_signings(parsed, blocks, quote_blocks):
    seen = set()
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or index in quote_blocks:
            continue
        for sentence in split_sentences(block.text):
            signing = _signing_in(sentence, parsed, block.line)
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


def _signing_in(sentence, parsed, line) -> Signing | None:
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
            territories = _territories(rest[match.end() :])
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


def _territories(tail: str) -> list[str]:
    tail = re.split(r"[,.;]|\s+(?:à|au|qui|pour|afin|lors|dans|le|en présence)\s", tail)[0]
    tail = re.sub(r"^\s*\)\s*", "", tail)
    names = []
    for part in re.split(r"\s+et\s+", tail):
        part = re.sub(r"^\s*(?:avec|de la|de l['’]|du|des|de|d['’])\s*", "", part.strip())
        part = _strip_bold(_strip_article(part))
        if part[:1].isupper():
            names.append(part.strip())
    return names


# Axes and amounts -------------------------------------------------------------


def _parse_axes(parsed, body_blocks):
    items = None
    for block in body_blocks:
        if block.kind == "list":
            items = [(line, text) for line, text in block.lines]
            break
        for sentence in split_sentences(block.text):
            match = AXES_SENTENCE.match(plain(sentence))
            if match and not match.group("items").rstrip().endswith(":"):
                found = _sentence_items(match.group("items"))
                if len(found) >= 2:
                    items = [(block.line, item) for item in found]
                    break
        if items:
            break
    for line, item in items or []:
        axis = _axis(item, line)
        if axis:
            parsed.axes.append(axis)
            parsed.note("Axe", axis.title, line)


def _sentence_items(text: str) -> list[str]:
    items = split_top_level(text)
    if not items:
        return []
    last = items[-1]
    if re.match(r"^et\s", last):
        items[-1] = last[3:]
    else:
        pieces = re.split(
            r"\s+et\s+(?=(?:sur\s+)?(?:l['’]|la |le |les |un |une |des |du ))", last, maxsplit=1
        )
        items[-1:] = pieces
    return [item.strip() for item in items if item.strip()]


def _axis(item: str, line: int) -> AxisRef | None:
    item = plain(item).strip()
    labelled = LABELLED_ITEM.match(item)
    if labelled:
        title, description = labelled.group("label"), labelled.group("description")
        search_in = [description, title[1:]]
    else:
        stripped = item
        changed = True
        while changed:
            changed = False
            for prefix in AXIS_PREFIXES:
                if stripped.lower().startswith(prefix):
                    stripped = stripped[len(prefix) :]
                    changed = True
        title, description = _split_connector(stripped)
        search_in = [stripped[1:]]
    title = capitalise(title.strip(" ,;.")).strip()
    if not title:
        return None
    description = capitalise(description.strip())
    if description and description[-1] not in ".!?…":
        description += "."
    if len(title) > TITLE_MAX_LENGTH:
        title, description = title[: TITLE_MAX_LENGTH - 1] + "…", f"{title} {description}".strip()
    names, single = [], []
    for text in search_in:
        for match in PROPER_NOUN.finditer(text):
            for name in re.split(r"\s+et\s+", match.group(0)):
                name = name.strip()
                target = names if (" " in name or "-" in name[1:]) else single
                if name and name not in target:
                    target.append(name)
    return AxisRef(title, description, names, single, line)


def _split_connector(text: str) -> tuple[str, str]:
    best = None
    for connector in AXIS_CONNECTORS:
        position = _outside_parentheses_find(text, connector)
        if position > 0 and (best is None or position < best[0]):
            best = (position, connector)
    if best is None:
        return text, ""
    return text[: best[0]], text[best[0] + 1 :]


def _outside_parentheses_find(text, needle):
    start = 0
    while True:
        position = text.find(needle, start)
        if position < 0:
            return -1
        if text[:position].count("(") == text[:position].count(")"):
            return position
        start = position + 1


MULTIPLIERS = {"milliard": Decimal(10) ** 9, "million": Decimal(10) ** 6, "md": Decimal(10) ** 9}


def parse_amount(match: re.Match, sentence: str) -> Decimal | None:
    unit = match.group("unit").lower().replace(" ", "")
    number = re.sub(r"[ \u00a0\u202f.]", "", match.group("number")).replace(",", ".")
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


def _parse_amounts(parsed, blocks):
    for block in blocks:
        for sentence in split_sentences(plain(block.text)):
            for match in AMOUNT.finditer(sentence):
                value = parse_amount(match, sentence)
                if value is None:
                    continue
                wording = match.group(0).strip()
                parsed.amounts.append(AmountRef(value, wording, sentence, block.line))
                parsed.note("Montant", f"« {wording} » → {value} €", block.line)


# Contacts ---------------------------------------------------------------------


def _parse_contacts(parsed, numbered_lines) -> list[Block]:
    """Fill parsed.contacts; return what could not be read, to keep it in the body."""
    header_line, header = numbered_lines[0]
    parsed.contact_header_line = header_line
    parsed.note("Bloc contact presse", header.strip(), header_line)
    lines = [(header_line, CONTACT_HEADER.sub("", header, count=1)), *numbered_lines[1:]]
    contacts: list[ContactRef] = []
    leftovers: list[Block] = []
    current = None
    for number, line in lines:
        if not line.strip():
            continue
        cleaned = CONTACT_LABEL.sub(" ", plain(line))
        emails = EMAIL.findall(cleaned)
        phones = list(PHONE.finditer(cleaned))
        rest = EMAIL.sub(" ", cleaned)
        rest = PHONE.sub(" ", rest)
        rest = re.sub(r"[\s/|,;:–—\-•]+", " ", rest).strip()
        unread = []
        if rest:
            if PERSON_NAME.match(rest) and not ORGANISATION_WORDS.search(rest):
                current = ContactRef(name=_proper_case(rest), line=number)
                contacts.append(current)
            else:
                unread.append(rest)
        for match in phones:
            normalised = normalise_phone(match.group(0))
            if normalised is None:
                unread.append(match.group(0))
                continue
            if current is None:
                current = ContactRef(line=number)
                contacts.append(current)
            if normalised not in current.phones:
                current.phones.append(normalised)
                current.phone_wordings.append(match.group(0))
        for email in emails:
            owner = _email_owner(email, contacts, current)
            if owner is None:
                owner = ContactRef(email=email.lower(), line=number)
                contacts.append(owner)
            else:
                owner.email = email.lower()
        if unread:
            leftovers.append(Block("paragraph", [(number, line.strip())]))
    for contact in contacts:
        if contact.name or contact.email:
            parsed.contacts.append(contact)
            parsed.note(
                "Contact presse",
                " ".join(filter(None, [contact.name, contact.email, *contact.phones])),
                contact.line,
            )
        else:
            numbers = " / ".join(contact.phone_wordings)
            leftovers.append(Block("paragraph", [(contact.line, numbers)]))
    return leftovers


def _email_owner(email, contacts, current):
    local = fold(email.split("@")[0], separator="")
    for contact in contacts:
        if contact.name and not contact.email:
            parts = [fold(part, separator="") for part in contact.name.split()]
            if any(part and part in local for part in parts if len(part) > 2):
                return contact
    if SERVICE_MAILBOXES.match(local):
        return None
    if current is not None and not current.email:
        return current
    return None


def normalise_phone(wording: str) -> str | None:
    """A French phone number as E.164 ("+33684801148"), or None if it is not valid."""
    try:
        number = phonenumbers.parse(wording, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
