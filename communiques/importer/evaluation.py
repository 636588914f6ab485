"""Recall and precision of the parser over a set of texts with their expected structure.

Each text `NAME.txt` of the set has a `NAME.json` beside it saying what a press officer
would extract from it (see `communiques/importer/evaluation_set/README.md`). Items are
compared folded (accents, capitals and punctuation ignored), with difflib for small
differences of wording; a field a text does not list is not scored for that text.
"""

import datetime
import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from communiques.importer.decoding import ImportTextError
from communiques.importer.parsing import parse_communique
from grandest_press.text import fold

EVALUATION_SET = Path(__file__).with_name("evaluation_set")
FLOORS_FILE = EVALUATION_SET / "floors.json"
SIMILAR = 0.85

FIELDS = [
    "title",
    "chapeau",
    "date",
    "pact_kinds",
    "pact_territories",
    "signing_dates",
    "signatory_organisations",
    "signatory_people",
    "roles",
    "axes",
    "quotes",
    "speakers",
    "organisations",
    "amounts",
    "contacts",
]


def key(text) -> str:
    return fold(str(text or ""), separator=" ")


def same(expected: str, found: str) -> bool:
    expected, found = key(expected), key(found)
    if not expected or not found:
        return False
    if expected == found:
        return True
    return difflib.SequenceMatcher(None, expected, found).ratio() >= SIMILAR


def same_quote(expected: str, found: str) -> bool:
    """A quote is found when its speaker is, and its text starts with the expected words."""
    exp_speaker, _, exp_start = expected.partition("|")
    speaker, _, text = found.partition("|")
    return same(exp_speaker, speaker) and key(text).startswith(key(exp_start))


def same_chapeau(expected: str, found: str) -> bool:
    return bool(key(expected)) and key(found).startswith(key(expected))


COMPARATORS = {"quotes": same_quote, "chapeau": same_chapeau}


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    correct_expected: int = 0
    correct_found: int = 0

    @property
    def recall(self) -> float:
        return self.correct_expected / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct_found / self.found if self.found else 1.0

    def add(self, other: "Score"):
        self.expected += other.expected
        self.found += other.found
        self.correct_expected += other.correct_expected
        self.correct_found += other.correct_found


def compare(expected: list[str], found: list[str], comparator=same) -> Score:
    expected = list({key(item): item for item in reversed(expected)}.values())
    found = list({key(item): item for item in reversed(found)}.values())
    return Score(
        expected=len(expected),
        found=len(found),
        correct_expected=sum(any(comparator(e, f) for f in found) for e in expected),
        correct_found=sum(any(comparator(e, f) for e in expected) for f in found),
    )


def _date_key(found) -> str:
    if found is None or found.value is None:
        return ""
    if found.precision == "month":
        return found.value.strftime("%Y-%m")
    if found.precision == "year":
        return str(found.value.year)
    return found.value.isoformat()


def extracted(parsed) -> dict[str, list[str]]:
    """What the parser found, in the shape of the expected files."""
    release_date = _date_key(parsed.date)
    out = {name: [] for name in FIELDS}
    out["title"] = [parsed.title]
    out["chapeau"] = [parsed.lede] if parsed.lede else []
    out["date"] = [release_date] if release_date else []
    organisations = []
    for signing in parsed.signings:
        signing_date = _date_key(signing.date) or release_date
        if signing.acronym:
            out["pact_kinds"].append(signing.acronym)
            for territory in signing.territories:
                out["pact_territories"].append(f"{signing.acronym} {territory}")
                out["signing_dates"].append(f"{signing.acronym} {territory} {signing_date}")
        for party in [*signing.parties, *signing.attendees]:
            if party.organisation_name:
                organisations.append(party.organisation_name)
        for party in signing.parties:
            if party.organisation_name:
                out["signatory_organisations"].append(party.organisation_name)
            if party.kind == "person":
                out["signatory_people"].append(party.name)
    for party in _people_with_roles(parsed):
        out["roles"].append(f"{party.name} {party.role.label}")
    for quote in parsed.quotes:
        speaker = quote.speaker.name or quote.speaker.role.label
        out["quotes"].append(f"{speaker}|{quote.text}")
        out["speakers"].append(speaker)
        if quote.speaker.organisation_name:
            organisations.append(quote.speaker.organisation_name)
    out["organisations"] = organisations + list(getattr(parsed, "organisations", []))
    out["axes"] = [axis.title for axis in parsed.axes]
    out["amounts"] = [str(int(amount.value)) for amount in parsed.amounts]
    out["contacts"] = [contact.email for contact in parsed.contacts if contact.email]
    return out


def _people_with_roles(parsed):
    for signing in parsed.signings:
        for party in [*signing.parties, *signing.attendees]:
            if party.kind == "person" and party.role:
                yield party
    for quote in parsed.quotes:
        if quote.speaker.kind == "person" and quote.speaker.role:
            yield quote.speaker
    yield from parsed.roles


def expected_items(expected: dict) -> dict[str, list[str]]:
    out = {}
    for name in ("title", "chapeau", "date"):
        if name in expected:
            out[name] = [expected[name]] if expected[name] else []
    if "pacts" in expected:
        pacts = expected["pacts"]
        out["pact_kinds"] = [pact["kind"] for pact in pacts]
        out["pact_territories"] = [f"{pact['kind']} {pact['territory']}" for pact in pacts]
        out["signing_dates"] = [
            f"{pact['kind']} {pact['territory']} {pact.get('date') or expected.get('date', '')}"
            for pact in pacts
        ]
    for name in ("signatory_organisations", "signatory_people", "axes", "organisations"):
        if name in expected:
            out[name] = list(expected[name])
    if "roles" in expected:
        out["roles"] = [f"{person} {role}" for person, role in expected["roles"]]
    if "quotes" in expected:
        out["quotes"] = [f"{speaker}|{start}" for speaker, start in expected["quotes"]]
        out["speakers"] = [speaker for speaker, _ in expected["quotes"]]
    if "amounts" in expected:
        out["amounts"] = [str(amount) for amount in expected["amounts"]]
    if "contacts" in expected:
        out["contacts"] = list(expected["contacts"])
    return out


@dataclass
class Evaluation:
    fields: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in FIELDS})
    texts: int = 0
    refused: list[str] = field(default_factory=list)
    # (text, field, missed expected items, wrong found items), for `--details`.
    misses: list[tuple[str, str, list[str], list[str]]] = field(default_factory=list)

    @property
    def overall(self) -> Score:
        total = Score()
        for score in self.fields.values():
            total.add(score)
        return total

    def figures(self) -> dict[str, dict[str, float]]:
        figures = {
            name: {"recall": round(s.recall, 2), "precision": round(s.precision, 2)}
            for name, s in self.fields.items()
        }
        overall = self.overall
        figures["overall"] = {
            "recall": round(overall.recall, 2),
            "precision": round(overall.precision, 2),
        }
        return figures


def evaluate(folder: Path = EVALUATION_SET, *, parse=parse_communique) -> Evaluation:
    evaluation = Evaluation()
    for text_path in sorted(folder.glob("*.txt")):
        expected = json.loads(text_path.with_suffix(".json").read_text(encoding="utf-8"))
        publication = expected.get("publication_date")
        publication = datetime.date.fromisoformat(publication) if publication else None
        evaluation.texts += 1
        wanted = expected_items(expected)
        try:
            parsed = parse(text_path.read_text(encoding="utf-8"), publication_date=publication)
        except ImportTextError as error:
            evaluation.refused.append(f"{text_path.name} : {error}")
            for name, items in wanted.items():
                evaluation.fields[name].add(compare(items, []))
            continue
        found = extracted(parsed)
        for name, items in wanted.items():
            comparator = COMPARATORS.get(name, same)
            evaluation.fields[name].add(compare(items, found[name], comparator))
            missed = [e for e in items if not any(comparator(e, f) for f in found[name])]
            wrong = [f for f in found[name] if not any(comparator(e, f) for e in items)]
            if missed or wrong:
                evaluation.misses.append((text_path.name, name, missed, wrong))
    return evaluation


def floors(mode: str | None = None) -> dict[str, dict[str, float]]:
    """The recorded floors for the importer's rules alone ("rules") or with the language
    model ("nlp"); by default, for the mode the settings give."""
    from communiques.importer.nlp import model

    mode = mode or ("nlp" if model() is not None else "rules")
    return json.loads(FLOORS_FILE.read_text(encoding="utf-8"))[mode]
