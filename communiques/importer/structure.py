"""What the parser finds in a release: plain dataclasses, no database.

Every item keeps the number of the line it came from, for the import report.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from communiques.importer.blocks import Block, plain, render_body
from communiques.importer.canonical import canonical_organisation
from communiques.importer.french_dates import FrenchDate


@dataclass
class Recognised:
    label: str
    value: str
    line: int
    sentence: str = ""  # the sentence it was read in, when narrower than the line


# Titles held for the State: whoever holds them signs for « État », whatever the place.
STATE_TITLES = ("préfet", "préfète", "sous-préfet", "sous-préfète", "ministre", "secrétaire d")
STATE = "État"


@dataclass
class RoleRef:
    title: str
    preposition: str
    organisation: str
    detail: str = ""  # "chargée de la formation", after the organisation

    @property
    def of_organisation(self) -> str:
        if not self.organisation:
            return ""
        separator = "" if self.preposition.endswith(("'", "’")) else " "
        return f"{self.preposition}{separator}{self.organisation}"

    @property
    def label(self) -> str:
        return " ".join(filter(None, [self.title, self.of_organisation, self.detail]))

    @property
    def for_state(self) -> bool:
        return self.title.lower().startswith(STATE_TITLES)

    @property
    def organisation_name(self) -> str:
        """For whom the holder acts: the State for a préfète or a minister, else the body
        under its usual name (« du Conseil régional » → Région Grand Est)."""
        return STATE if self.for_state else canonical_organisation(self.organisation, self.title)


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
            return canonical_organisation(self.name)
        return self.role.organisation_name if self.role else ""


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
    # Lines kept out of the draft, each with its reason: a date banner, a rubric above
    # the title, a paragraph giving only place and date (they fill the date and place).
    set_aside: list[Recognised] = field(default_factory=list)
    # People the text names with a role outside signings and quotes ("X, ministre de …").
    roles: list[PartyRef] = field(default_factory=list)
    # The organisations of those people ("X, président de la Région Grand Est"): cited.
    organisations: list[str] = field(default_factory=list)

    @property
    def body_html(self) -> str:
        return render_body(self.body_blocks)

    def note(self, label, value, line, sentence=""):
        self.recognised.append(Recognised(label, value, line, plain_sentence(sentence)))


def plain_sentence(sentence: str) -> str:
    sentence = plain(sentence)
    return sentence if len(sentence) <= 300 else sentence[:299].rstrip() + "…"
