"""The people, organisations and mandates a release names: found, or created.

The draft writer (`writer.py`) builds on this: everything here is reported, as
matched or created, so a press officer sees what an import added to the database.
"""

from django.utils.text import slugify

from communiques.importer.matching import Matcher, guess_organisation_kind
from communiques.importer.report import ImportReport
from communiques.importer.structure import STATE, PartyRef, Recognised
from partners.models import Mandate, Organisation, Person


def unique_slug(model, base: str, max_length: int) -> str:
    """A free slug for `model`: `base`, else `base-2`, `base-3`… within `max_length`."""
    base = (slugify(base) or model._meta.model_name)[:max_length].strip("-")
    candidate, number = base, 2
    while model.objects.filter(slug=candidate).exists():
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)] + suffix
        number += 1
    return candidate


class PartyWriter:
    """Finds or creates the parties of one import, inside its transaction."""

    def __init__(self, *, parsed, report: ImportReport, user, matcher: Matcher | None = None):
        self.parsed = parsed
        self.report = report
        self.user = user
        self.matcher = matcher or Matcher()
        self.date = parsed.date.value if parsed.date else None
        # The organisations the release cites, in the order the text names them.
        self.organisations: list[Organisation] = []

    def _save(self, obj):
        # full_clean() first: the database's rules come back as French messages, and
        # the import's transaction is rolled back with nothing saved.
        obj.full_clean()
        obj.save()
        self.report.record(obj, True)
        return obj

    def _cite(self, organisation):
        if organisation is not None and organisation not in self.organisations:
            self.organisations.append(organisation)
        return organisation

    def organisation(
        self, name: str, *, of_name: str = "", create: bool = True, territory_first=True
    ):
        name = name.strip()[:200]
        found = self.matcher.organisation(name)
        if found is not None:
            self.report.record(found, False)
            return found
        if not create or not name:
            return None
        # A signatory named as a pact's territory ("la Communauté de communes", read as the
        # pact's one territory) is looked for, or created and flagged, as that territory.
        signing = next((s for s in self.parsed.signings if name in s.territories), None)
        if territory_first and signing is not None:
            return self.territory(name, signing.line)
        created = self._save(
            Organisation(
                name=name,
                slug=unique_slug(Organisation, name, 200),
                kind=guess_organisation_kind(name),
                name_with_preposition=of_name[:220],
            )
        )
        self.matcher.forget_organisations()
        return created

    def territory(self, name: str, line: int):
        """A pact's territory: an existing body that it names, created only if none does."""
        found = self.matcher.territory(name)
        if found is not None:
            self.report.record(found, False)
            return found
        created = self.organisation(name, territory_first=False)
        if created is not None:
            self.report.warnings.append(
                Recognised(
                    "Territoire",
                    f"« {name} » : aucune intercommunalité, commune ou collectivité "
                    "enregistrée ne porte ce nom, organisation créée (à vérifier).",
                    line,
                )
            )
        return created

    def cite_named(self):
        """The organisations of the people the text names with their role outside signings
        and quotes ("X, présidente de la Région Grand Est, a visité …"): cited when they
        are already known, never created from a passing mention."""
        for name in self.parsed.organisations:
            self._cite(self.organisation(name, create=False))

    def person(self, full_name: str):
        found = self.matcher.person(full_name)
        if found is not None:
            self.report.record(found, False)
            return found
        first, _, last = full_name.strip().partition(" ")
        if not last:
            first, last = "", first
        person = self._save(
            Person(
                first_name=first[:100],
                last_name=last[:100],
                slug=unique_slug(Person, full_name, 200),
            )
        )
        self.matcher.remember(person)
        return person

    def mandate(self, person, organisation, title, date, line):
        """The person's mandate on the release's date, or a new one whose start is left
        unknown: the release says they held it then, not since when."""
        mandates = person.mandates.filter(organisation=organisation, title__iexact=title)
        if date is not None and (active := mandates.active_on(date).first()):
            self.report.record(active, False)
            return active
        if mandates.exists():
            self.report.warnings.append(
                Recognised(
                    "Mandat",
                    f"{person} a déjà un mandat « {title} » {organisation.of_name}, mais pas "
                    "à la date du communiqué : à vérifier, rien n’a été changé.",
                    line,
                )
            )
            return None
        mandate = self._save(
            Mandate(person=person, organisation=organisation, title=title[:150], start_date=None)
        )
        held = f" (en fonction le {date:%d/%m/%Y})" if date else ""
        self.report.warnings.append(
            Recognised(
                "Mandat",
                f"{mandate}{held} : date de début inconnue, à compléter.",
                line,
            )
        )
        return mandate

    def party(self, party: PartyRef, date):
        """(person or None, organisation or None, role as written) for a party."""
        organisation = None
        if party.role and party.role.for_state:
            organisation = self.organisation(STATE)
        elif party.role and (name := party.role.organisation_name):
            # Written "de la Région Grand Est", the organisation keeps that wording.
            written = name == party.role.organisation
            organisation = self.organisation(
                name, of_name=party.role.of_organisation if written else ""
            )
        if party.kind == "organisation":
            return None, self.organisation(party.organisation_name), ""
        if party.kind == "person":
            person = self.person(party.name)
            if organisation is not None and party.role.for_state:
                self.report.warnings.append(
                    Recognised(
                        "Mandat",
                        f"{person}, {party.role.label} : fonction d’État, mandat non créé "
                        "(à saisir si besoin).",
                        party.line,
                    )
                )
            elif organisation is not None:
                self.mandate(person, organisation, party.role.title, date, party.line)
            return person, organisation, party.role.label if party.role else ""
        # Named only by a title: whoever held it on that date.
        holder = None
        if date is not None and organisation is not None:
            mandate = (
                Mandate.objects.active_on(date)
                .filter(organisation=organisation, title__iexact=party.role.title)
                .select_related("person")
                .first()
            )
            holder = mandate.person if mandate else None
        message = (
            f"« {party.role.label} » : {holder} d’après ses mandats."
            if holder
            else f"« {party.role.label} » : personne trouvée à cette date, "
            "l’organisation signe sans signataire nommé."
        )
        self.report.inferred.append(Recognised("Signataire", message, party.line))
        return holder, organisation, party.role.label
