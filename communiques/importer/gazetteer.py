"""Official names of the Grand Est's communes and intercommunalities, found in a text.

A territory's name may hold small lowercase words (« Communauté de communes de la Moivre
à la Coole », « La Neuville-à-Maire ») where the rules would stop. The committed extract
of the Code officiel géographique (partners/data/territoires.json) says where such a name
ends: its words are compared folded (no accents, capitals, hyphens or apostrophes).
"""

import functools
import re

from grandest_press.text import fold
from partners.territories import reference

WORD = re.compile(r"[^\W_]+")  # "Romilly-sur-Seine" → Romilly, sur, Seine
# The legal forms the extract abbreviates, as a release writes them out.
LEGAL_FORMS = {
    "CC": ["communaute de communes", "cc"],
    "CA": ["communaute d agglomeration", "agglomeration", "ca"],
    "CU": ["communaute urbaine", "cu"],
    "METRO": [""],
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(fold(text, separator=" ").split())


@functools.cache
def _names() -> dict:
    """A trie of folded words: {word: {word: …, None: "commune" or "epci"}}."""
    data, trie = reference(), {}

    def add(words, kind):
        node = trie
        for word in words:
            node = node.setdefault(word, {})
        node[None] = kind

    for name in data["communes"].values():
        add(_words(name), "commune")
    for departement in data["departements"].values():
        add(_words(departement["nom"]), "departement")
    for name in data["regions"].values():
        add(_words(name), "region")
    for epci in data["epci"].values():
        name, form = epci["nom"], epci["type"]
        if form in LEGAL_FORMS:
            core = name.split(" ", 1)[1] if form != "METRO" else name
            for written in LEGAL_FORMS[form]:
                add(_words(f"{written} {core}"), "epci")
    return trie


def official_end(text: str, start: int) -> tuple[int, str] | None:
    """(end, kind) of the longest official name written at `text[start:]`, if any:
    official_end("CC de la Moivre à la Coole, et", 0) is (26, "epci")."""
    node, best = _names(), None
    for match in WORD.finditer(text, start):
        node = node.get(fold(match.group()))
        if node is None:
            break
        if None in node:
            best = (match.end(), node[None])
    return best


def name_then_person(organisation: str) -> tuple[str, str] | None:
    """ "Marne Henri Prévost" (from « le préfet de la Marne Henri Prévost ») is the
    territory "Marne" and the words after it; None when no official name leads."""
    first = organisation.split(" ", 1)[0]
    for start in (0, len(first) + 1) if first in ("Région", "Département") else (0,):
        found = official_end(organisation, start)
        if found and organisation[found[0] :].startswith(" "):
            return organisation[: found[0]], organisation[found[0] :].strip()
    return None


def is_commune(name: str) -> bool:
    found = official_end(name, 0)
    return found is not None and found == (len(name.rstrip()), "commune")


# Stand for a comma and an « et » inside an official name while a list is split.
COMMA_MARK, AND_MARK = "\ue000", "\ue001"
NAME_START = re.compile(r"(?<![\w-]) [A-ZÀ-Ö]", re.VERBOSE)  # "Communauté …", "CA …"


def protect_names(text: str) -> str:
    """`text` with the commas and « et » of official names (« CA Epernay, Coteaux et Plaine
    de Champagne ») marked, so that splitting a list of parties keeps each name whole."""
    if "," not in text and " et " not in text:
        return text
    for start in NAME_START.finditer(text):
        found = official_end(text, start.start())
        name = text[start.start() : found[0]] if found else ""
        if "," in name or " et " in name:
            name = name.replace(",", COMMA_MARK).replace(" et ", f" {AND_MARK} ")
            text = text[: start.start()] + name + text[found[0] :]
    return text


def restore_names(text: str) -> str:
    return text.replace(COMMA_MARK, ",").replace(AND_MARK, "et")
