"""Finding the people and organisations a release names among those already stored.

Press releases spell the same name many ways ("Région Grand Est", "Region grand est",
"REGION GRAND-EST"), and an import must reuse the stored object rather than create a
twin: names are compared folded (accents, capitals and punctuation ignored), then
with difflib for small typos ("Rotner" for "Rottner").
"""

import difflib
import re

from grandest_press.text import fold
from partners.models import Organisation, Person

# difflib's similarity ratio from which two folded names are taken as one name.
TYPO_CUTOFF = 0.9


def match_key(text: str) -> str:
    """A name folded for comparison: "Châlons-en-Champagne" → "chalons en champagne"."""
    return fold(text, separator=" ")


def guess_organisation_kind(name: str) -> str:
    """The kind of a new organisation, from the words its name starts with or contains."""
    key = match_key(name)
    rules = [
        (r"^region\b", Organisation.Kind.REGION),
        (
            r"^(departement|conseil departemental|collectivite europeenne)",
            Organisation.Kind.DEPARTEMENT,
        ),
        (
            r"\b(agglo|agglomeration|communaute|metropole|eurometropole)\b|^grand ",
            Organisation.Kind.EPCI,
        ),
        (r"^(etat|prefecture|prefet)\b", Organisation.Kind.ETAT),
        (r"^(ville|commune|mairie)\b", Organisation.Kind.COMMUNE),
        (r"\b(universite|campus|ecole|iut)\b", Organisation.Kind.HIGHER_EDUCATION),
        (r"\b(reseau|association|agence|entreprendre|nov)\b", Organisation.Kind.NETWORK),
        (r"\b(aeroport|sa|sas|groupe|societe)\b", Organisation.Kind.COMPANY),
    ]
    for pattern, kind in rules:
        if re.search(pattern, key):
            return kind
    return Organisation.Kind.OTHER


class Matcher:
    """Finds people and organisations by name, tolerant of accents, case and small typos."""

    def organisation(self, name: str):
        key = match_key(name)
        if not key:
            return None
        keys = {}
        for organisation in Organisation.objects.all():
            for candidate in (organisation.name, organisation.short_name):
                if candidate:
                    keys.setdefault(match_key(candidate), organisation)
        if key in keys:
            return keys[key]
        close = difflib.get_close_matches(key, keys, n=1, cutoff=TYPO_CUTOFF)
        return keys[close[0]] if close else None

    def person(self, full_name: str):
        key = match_key(full_name)
        keys = {match_key(person.full_name): person for person in Person.objects.all()}
        if key in keys:
            return keys[key]
        close = difflib.get_close_matches(key, keys, n=1, cutoff=TYPO_CUTOFF)
        return keys[close[0]] if close else None
