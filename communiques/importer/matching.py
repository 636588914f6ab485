"""Finding the people and organisations a release names among those already stored.

Press releases spell the same name many ways ("Région Grand Est", "Region grand est",
"REGION GRAND-EST"), and an import must reuse the stored object rather than create a
twin: names are compared folded (accents, capitals and punctuation ignored), then
with difflib for small typos ("Rotner" for "Rottner").
"""

import math
import re

from django.db.models import Q
from django.db.models.functions import Length

from communiques.importer.similar import close_match
from partners.models import Organisation, Person, fold_name

TERRITORY_KINDS = [
    Organisation.Kind.EPCI,
    Organisation.Kind.COMMUNE,
    Organisation.Kind.DEPARTEMENT,
    Organisation.Kind.REGION,
]
# difflib's similarity ratio from which two folded names are taken as one name.
TYPO_CUTOFF = 0.9


def guess_organisation_kind(name: str) -> str:
    """The kind of a new organisation, from the words its name starts with or contains."""
    key = fold_name(name)
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
    """Finds people and organisations by name, tolerant of accents, case and small typos.

    One per import: what it has found is kept for the rest of that import (a release
    names the same bodies several times), and forgotten when the import creates one.
    """

    def __init__(self):
        self._organisations: dict[str, Organisation | None] = {}
        self._person_pks: dict[str, int] | None = None
        self._people_found: dict[int, Person] = {}

    def organisation(self, name: str):
        key = fold_name(name)
        if not key:
            return None
        if key not in self._organisations:
            self._organisations[key] = self._organisation(key)
        return self._organisations[key]

    def forget_organisations(self):
        """After the import creates an organisation: a name not found may now be."""
        self._organisations.clear()

    def _organisation(self, key: str):
        # Meta.ordering (by name) decides between two organisations that share a key,
        # as it did when every organisation was read and compared in Python.
        found = Organisation.objects.filter(Q(folded_name=key) | Q(folded_short_name=key)).first()
        if found is not None:
            return found
        keys = {}
        for pk, *candidates in _organisation_keys_near(key):
            for candidate in candidates:
                if candidate:
                    keys.setdefault(candidate, pk)
        close = close_match(key, keys, TYPO_CUTOFF)
        return Organisation.objects.get(pk=keys[close]) if close is not None else None

    def territory(self, name: str):
        """The organisation a pact's territory names: by its name, else the one
        intercommunality, commune, département or Région whose name contains it as whole
        words ("Vallée de la Bruche" → "Communauté de communes de la Vallée de la Bruche")."""
        found = self.organisation(name)
        if found is not None:
            return found
        key = fold_name(name)
        if not key:
            return None
        candidates = Organisation.objects.filter(kind__in=TERRITORY_KINDS).filter(
            Q(folded_name__contains=key) | Q(folded_short_name__contains=key)
        )
        words = re.compile(rf"(?:^|\s){re.escape(key)}(?:\s|$)")
        matches = [
            organisation
            for organisation in candidates
            if words.search(organisation.folded_name)
            or words.search(organisation.folded_short_name)
        ]
        return matches[0] if len(matches) == 1 else None

    def person(self, full_name: str):
        key = fold_name(full_name)
        pks = self._people()
        if key not in pks:
            key = close_match(key, pks, TYPO_CUTOFF)
            if key is None:
                return None
        pk = pks[key]
        if pk not in self._people_found:
            self._people_found[pk] = Person.objects.get(pk=pk)
        return self._people_found[pk]

    def remember(self, person):
        """A person the import just created, found by the next mention of their name."""
        self._people()[fold_name(person.full_name)] = person.pk
        self._people_found[person.pk] = person

    def _people(self) -> dict[str, int]:
        # Every name is read once per import (a release names several people), only the
        # names: a person is read when found. The last of two people sharing a name wins.
        if self._person_pks is None:
            self._person_pks = {
                fold_name(f"{first_name} {last_name}"): pk
                for pk, first_name, last_name in Person.objects.values_list(
                    "pk", "first_name", "last_name"
                )
            }
        return self._person_pks


def _organisation_keys_near(key: str):
    """(pk, folded name, folded short name) of the organisations a typo could turn
    into `key`: difflib's ratio (twice the common letters over both lengths) cannot
    reach the cutoff between names whose lengths differ more than this."""
    shortest = math.floor(len(key) * TYPO_CUTOFF / (2 - TYPO_CUTOFF))
    longest = math.ceil(len(key) * (2 - TYPO_CUTOFF) / TYPO_CUTOFF)
    return (
        Organisation.objects.annotate(
            name_length=Length("folded_name"), short_name_length=Length("folded_short_name")
        )
        .filter(
            Q(name_length__range=(shortest, longest))
            | Q(short_name_length__range=(shortest, longest))
        )
        .values_list("pk", "folded_name", "folded_short_name")
    )
