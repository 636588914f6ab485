"""Writes that span several models: importing a press release as a draft."""

import datetime
import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from communiques.importer import ImportTextError, parse_communique
from communiques.importer.parsing import (
    KNOWN_FRAMEWORKS,
    PartyRef,
    Recognised,
    Signing,
)
from communiques.models import (
    Communique,
    CommuniqueContact,
    PressContact,
    PressContactPhone,
    Quote,
)
from grandest_press.typography import DatePrecision
from partners.models import (
    Mandate,
    Organisation,
    PactAttendee,
    PactAxis,
    PactFunding,
    PactKind,
    PactSignatory,
    Person,
    ReferenceFramework,
    TerritorialPact,
)

PRESS_OFFICE_ORGANISATION = "Région Grand Est"


class ImportAction:
    CREATED = "created"
    UPDATED = "updated"
    DUPLICATE = "duplicate"
    UNCHANGED = "unchanged"
    ERROR = "error"


ACTION_LABELS = {
    ImportAction.CREATED: "brouillon créé",
    ImportAction.UPDATED: "brouillon mis à jour",
    ImportAction.DUPLICATE: "même événement qu’un communiqué existant : rien n’a été enregistré",
    ImportAction.UNCHANGED: "rien n’a été modifié",
    ImportAction.ERROR: "import impossible : rien n’a été enregistré",
}


@dataclass
class ImportReport:
    """What an import recognised, created, matched and inferred, in French, with lines."""

    action: str = ""
    communique: Communique | None = None
    duplicate_of: Communique | None = None
    encoding: str = ""
    errors: list[str] = field(default_factory=list)
    recognised: list[Recognised] = field(default_factory=list)
    left_in_body: list[Recognised] = field(default_factory=list)
    inferred: list[Recognised] = field(default_factory=list)
    warnings: list[Recognised] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.action in (ImportAction.CREATED, ImportAction.UPDATED)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, "")

    def record(self, obj, created: bool):
        label = f"{obj._meta.verbose_name} « {obj} »"
        target = self.created if created else self.matched
        if label not in target:
            target.append(label)

    def lines(self) -> list[str]:
        """The report as plain text lines, for the command line."""
        out = []
        title = f" « {self.communique.title} »" if self.communique else ""
        out.append(f"Communiqué{title} : {self.action_label}.")
        if self.encoding:
            out.append(f"Encodage lu : {self.encoding}.")
        out += [f"Erreur : {error}" for error in self.errors]
        if self.duplicate_of is not None:
            out.append(
                f"Ce texte semble décrire le même événement que « {self.duplicate_of.title} » "
                f"(n° {self.duplicate_of.pk}) : relancez avec la mise à jour pour le compléter."
            )
        sections = [
            ("Reconnu", self.recognised),
            ("Déduit", self.inferred),
            ("À vérifier", self.warnings),
            ("Laissé dans le texte", self.left_in_body),
        ]
        for heading, items in sections:
            if items:
                out.append(f"{heading} :")
                out += [
                    f"  ligne {item.line} — {item.value}"
                    if item.label == heading
                    else f"  ligne {item.line} — {item.label} : {item.value}"
                    for item in items
                ]
        for heading, items in (("Créé", self.created), ("Retrouvé en base", self.matched)):
            if items:
                out.append(f"{heading} :")
                out += [f"  {item}" for item in items]
        return out


def match_key(text: str) -> str:
    """Accent-, case- and punctuation-insensitive form of a name."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).strip()


def source_hash(text: str) -> str:
    normalised = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def import_communique_text(
    *,
    text: str,
    publication_date: datetime.date | None = None,
    user=None,
    slug: str | None = None,
    update_existing: bool = False,
    encoding: str = "",
) -> ImportReport:
    """Create or update a DRAFT release from `text`; never publish. One transaction.

    A text already imported (same content hash, or same slug) updates its draft. A
    text about an event already reported is only offered as an update: nothing is
    saved unless `update_existing` is true.
    """
    report = ImportReport(encoding=encoding)
    try:
        parsed = parse_communique(text, publication_date=publication_date)
    except ImportTextError as error:
        report.action = ImportAction.ERROR
        report.errors.append(str(error))
        return report
    report.recognised = sorted(
        (item for item in parsed.recognised if item.label != "Laissé dans le texte"),
        key=lambda item: item.line,
    )
    report.left_in_body = [i for i in parsed.recognised if i.label == "Laissé dans le texte"]
    report.inferred = list(parsed.inferred)
    report.warnings = list(parsed.warnings)

    digest = source_hash(text)
    wanted_slug = slug or slugify(parsed.title)[:300] or "communique"
    existing = (
        Communique.objects.filter(source_hash=digest).first()
        or Communique.objects.filter(slug=wanted_slug).first()
    )
    if existing is None:
        same_event = _same_event(parsed)
        if same_event is not None:
            if not update_existing:
                report.action = ImportAction.DUPLICATE
                report.duplicate_of = same_event
                return report
            existing = same_event
    if existing is not None and existing.status != Communique.Status.DRAFT:
        report.action = ImportAction.UNCHANGED
        report.communique = existing
        report.errors.append(
            f"« {existing.title} » existe déjà et n’est plus un brouillon "
            f"({existing.get_status_display()}) : l’import ne modifie pas un communiqué "
            "relu ou publié."
        )
        return report
    try:
        with transaction.atomic():
            writer = _DraftWriter(parsed=parsed, report=report, user=user)
            report.communique = writer.write(existing=existing, slug=wanted_slug, digest=digest)
    except ValidationError as error:
        report.action = ImportAction.ERROR
        report.communique = None
        report.created, report.matched = [], []
        report.errors.append("Données refusées : " + " ".join(error.messages))
        return report
    report.action = ImportAction.UPDATED if existing is not None else ImportAction.CREATED
    return report


def _same_event(parsed):
    """A release already linked to the pact this text reports signing, if any."""
    matcher = _Matcher()
    for signing in parsed.signings:
        if not signing.acronym:
            continue
        kind = PactKind.objects.filter(acronym__iexact=signing.acronym).first()
        if kind is None:
            continue
        for territory_name in signing.territories:
            territory = matcher.organisation(territory_name)
            if territory is None:
                continue
            pacts = TerritorialPact.objects.filter(kind=kind, territories=territory)
            date = _signing_date(signing, parsed)
            if date:
                pacts = pacts.filter(signing_date=date)
            found = Communique.objects.filter(pacts__in=pacts).order_by("pk").first()
            if found:
                return found
    return None


def _signing_date(signing: Signing, parsed):
    if signing.date and signing.date.value:
        return signing.date.value
    return parsed.date.value if parsed.date else None


def _unique_slug(model, base: str, max_length: int) -> str:
    base = (slugify(base) or model._meta.model_name)[:max_length].strip("-")
    candidate, number = base, 2
    while model.objects.filter(slug=candidate).exists():
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)] + suffix
        number += 1
    return candidate


def guess_organisation_kind(name: str) -> str:
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


class _Matcher:
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
        close = difflib.get_close_matches(key, keys, n=1, cutoff=0.9)
        return keys[close[0]] if close else None

    def person(self, full_name: str):
        key = match_key(full_name)
        keys = {match_key(person.full_name): person for person in Person.objects.all()}
        if key in keys:
            return keys[key]
        close = difflib.get_close_matches(key, keys, n=1, cutoff=0.9)
        return keys[close[0]] if close else None


class _DraftWriter:
    def __init__(self, *, parsed, report: ImportReport, user):
        self.parsed = parsed
        self.report = report
        self.user = user
        self.matcher = _Matcher()
        self.date = parsed.date.value if parsed.date else None
        self.organisations: list[Organisation] = []

    # Helpers ------------------------------------------------------------------

    def _save(self, obj):
        obj.full_clean()
        obj.save()
        self.report.record(obj, True)
        return obj

    def _cite(self, organisation):
        if organisation is not None and organisation not in self.organisations:
            self.organisations.append(organisation)
        return organisation

    def organisation(self, name: str, *, of_name: str = "", create: bool = True):
        name = name.strip()[:200]
        found = self.matcher.organisation(name)
        if found is not None:
            self.report.record(found, False)
            return found
        if not create or not name:
            return None
        return self._save(
            Organisation(
                name=name,
                slug=_unique_slug(Organisation, name, 200),
                kind=guess_organisation_kind(name),
                name_with_preposition=of_name[:220],
            )
        )

    def person(self, full_name: str):
        found = self.matcher.person(full_name)
        if found is not None:
            self.report.record(found, False)
            return found
        first, _, last = full_name.strip().partition(" ")
        if not last:
            first, last = "", first
        return self._save(
            Person(
                first_name=first[:100],
                last_name=last[:100],
                slug=_unique_slug(Person, full_name, 200),
            )
        )

    def mandate(self, person, organisation, title, date, line):
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
        if date is None:
            self.report.warnings.append(
                Recognised(
                    "Mandat",
                    f"{person}, {title} {organisation.of_name} : mandat non créé, "
                    "la date du communiqué est inconnue.",
                    line,
                )
            )
            return None
        mandate = self._save(
            Mandate(person=person, organisation=organisation, title=title[:150], start_date=date)
        )
        self.report.inferred.append(
            Recognised(
                "Mandat",
                f"{mandate} : début fixé à la date du communiqué ({date:%d/%m/%Y}), "
                "à corriger si besoin.",
                line,
            )
        )
        return mandate

    def party(self, party: PartyRef, date):
        """(person or None, organisation or None, role as written) for a party."""
        organisation = None
        if party.role:
            organisation = self.organisation(
                party.role.organisation, of_name=party.role.of_organisation
            )
        if party.kind == "organisation":
            return None, self.organisation(party.name), ""
        if party.kind == "person":
            person = self.person(party.name)
            if organisation is not None:
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

    # The draft ----------------------------------------------------------------

    def write(self, *, existing, slug, digest):
        parsed = self.parsed
        frameworks = self.frameworks()
        pacts = []
        for signing in parsed.signings:
            pacts += self.signing(signing, frameworks)
        if pacts:
            self.axes(pacts[0])
            self.fundings(pacts[0])
        contacts = self.contacts()
        quotes = [self.quote(quote) for quote in parsed.quotes]

        fields = {
            "title": parsed.title,
            "lede": parsed.lede,
            "body": parsed.body_html,
            "dateline_place": parsed.place[:250],
            "event_date": self.date,
            "event_date_precision": parsed.date.precision if parsed.date else DatePrecision.DAY,
            "event_date_wording": parsed.date.wording[:100] if parsed.date else "",
            "source_hash": digest,
        }
        if existing is not None:
            communique = existing
            for name, value in fields.items():
                setattr(communique, name, value)
        else:
            communique = Communique(
                slug=_unique_slug(Communique, slug, 300),
                status=Communique.Status.DRAFT,
                created_by=self.user,
                **fields,
            )
        communique.updated_by = self.user
        communique.full_clean()
        communique.save()
        self.report.record(communique, existing is None)

        communique.pacts.set(pacts)
        communique.organisations.set(self.organisations)
        communique.quotes.all().delete()
        for order, (speaker, organisation, text) in enumerate(filter(None, quotes), start=1):
            quote = Quote(
                communique=communique,
                speaker=speaker,
                organisation=organisation,
                text=text,
                order=order,
            )
            quote.full_clean()
            quote.save()
        communique.contact_links.all().delete()
        for order, contact in enumerate(contacts, start=1):
            CommuniqueContact.objects.create(communique=communique, contact=contact, order=order)
        return communique

    def frameworks(self):
        found = []
        for acronym, long_name in self.parsed.frameworks.items():
            framework = ReferenceFramework.objects.filter(acronym__iexact=acronym).first()
            if framework is not None:
                self.report.record(framework, False)
            else:
                known_name, kind, brand = KNOWN_FRAMEWORKS.get(acronym, (long_name, "", ""))
                if not kind:
                    kind = (
                        ReferenceFramework.Kind.SCHEME
                        if long_name.lower().startswith("sch")
                        else ReferenceFramework.Kind.CONTRACT
                        if long_name.lower().startswith("contrat")
                        else ReferenceFramework.Kind.STRATEGY
                    )
                framework = self._save(
                    ReferenceFramework(
                        acronym=acronym,
                        full_name=(long_name or known_name)[:300],
                        kind=kind,
                        brand_name=brand,
                    )
                )
            found.append(framework)
        return found

    def pact_kind(self, acronym):
        kind = PactKind.objects.filter(acronym__iexact=acronym).first()
        if kind is not None:
            self.report.record(kind, False)
            return kind
        full_name = self.parsed.pact_kinds.get(acronym, acronym)
        return self._save(
            PactKind(
                acronym=acronym,
                full_name=full_name[:200],
                slug=_unique_slug(PactKind, acronym, 60),
            )
        )

    def signing(self, signing: Signing, frameworks):
        date = _signing_date(signing, self.parsed)
        parties = [(party, *self.party(party, date)) for party in signing.parties]
        for _, _, organisation, _ in parties:
            self._cite(organisation)
        if not signing.acronym:
            return []
        kind = self.pact_kind(signing.acronym)
        pacts = []
        for territory_name in signing.territories:
            territory = self._cite(self.organisation(territory_name))
            others = {match_key(name) for name in signing.territories if name != territory_name}
            pact = self.pact(kind, territory, territory_name, signing, date)
            pact.frameworks.add(*frameworks)
            for party, person, organisation, role in parties:
                if organisation is None or others & {
                    match_key(organisation.name),
                    match_key(organisation.short_name),
                }:
                    continue
                self.signatory(pact, person, organisation, role, party.line)
            for attendee in signing.attendees:
                person, _, role = self.party(attendee, date)
                if person is not None:
                    self.attendee(pact, person, role)
            pacts.append(pact)
        return pacts

    def pact(self, kind, territory, territory_name, signing, date):
        pacts = TerritorialPact.objects.filter(kind=kind, territories=territory)
        if date:
            pacts = pacts.filter(signing_date=date)
        pact = pacts.first()
        if pact is not None:
            self.report.record(pact, False)
            return pact
        title = f"{kind.acronym} {territory_name}"[:250]
        signed = signing.status == "signed" and date is not None
        pact = self._save(
            TerritorialPact(
                kind=kind,
                title=title,
                slug=_unique_slug(TerritorialPact, title, 250),
                signing_date=date,
                signing_date_precision=(
                    self.parsed.date.precision if self.parsed.date else DatePrecision.DAY
                ),
                signing_place=(signing.place or self.parsed.place)[:250],
                summary=self.parsed.summary,
                status=TerritorialPact.Status.SIGNED
                if signed
                else TerritorialPact.Status.PREPARING,
            )
        )
        pact.territories.set([territory])
        return pact

    def signatory(self, pact, person, organisation, role, line):
        existing = pact.signatories.filter(organisation=organisation).first()
        if existing is not None:
            self.report.record(existing, False)
            return existing
        order = pact.signatories.count() + 1
        return self._save(
            PactSignatory(
                pact=pact, organisation=organisation, person=person, role=role[:250], order=order
            )
        )

    def attendee(self, pact, person, role):
        if pact.signatories.filter(person=person).exists():
            return None
        existing = pact.attendees.filter(person=person).first()
        if existing is not None:
            self.report.record(existing, False)
            return existing
        order = pact.attendees.count() + 1
        return self._save(PactAttendee(pact=pact, person=person, role=role[:250], order=order))

    def axes(self, pact):
        if not self.parsed.axes:
            return
        if pact.axes.exists():
            self.report.matched.append(f"axes du pacte « {pact} » (déjà saisis, non modifiés)")
            return
        for order, axis_ref in enumerate(self.parsed.axes, start=1):
            axis = self._save(
                PactAxis(
                    pact=pact,
                    order=order,
                    title=axis_ref.title,
                    description=axis_ref.description,
                )
            )
            organisations = [self.organisation(name) for name in axis_ref.organisations]
            organisations += [
                self.organisation(name, create=False) for name in axis_ref.maybe_organisations
            ]
            organisations = [self._cite(o) for o in organisations if o is not None]
            axis.organisations.set(organisations)

    def fundings(self, pact):
        for amount in self.parsed.amounts:
            wording = amount.wording[:100]
            existing = pact.fundings.filter(wording=wording).first()
            if existing is not None:
                self.report.record(existing, False)
                continue
            label = amount.sentence if len(amount.sentence) <= 250 else amount.sentence[:249] + "…"
            self._save(
                PactFunding(
                    pact=pact,
                    label=label,
                    amount=amount.value,
                    wording=wording,
                    order=pact.fundings.count() + 1,
                )
            )

    def contacts(self):
        contacts = []
        for ref in self.parsed.contacts:
            contact = None
            if ref.email:
                contact = PressContact.objects.filter(email__iexact=ref.email).first()
            elif ref.name:
                contact = next(
                    (
                        c
                        for c in PressContact.objects.filter(email="")
                        if match_key(c.name) == match_key(ref.name)
                    ),
                    None,
                )
            if contact is not None:
                self.report.record(contact, False)
            else:
                contact = self._save(
                    PressContact(
                        name=ref.name[:150],
                        email=ref.email,
                        organisation=self.contact_organisation(ref.email),
                    )
                )
            known = {phone.number.as_e164 for phone in contact.phones.all()}
            for number in ref.phones:
                if number not in known:
                    phone = PressContactPhone(
                        contact=contact, number=number, order=contact.phones.count() + 1
                    )
                    self._save(phone)
            contacts.append(contact)
        return contacts

    def contact_organisation(self, email):
        domain = email.rpartition("@")[2].lower()
        if domain:
            for organisation in Organisation.objects.exclude(website=""):
                if domain in organisation.website.lower():
                    return organisation
        return self.organisation(PRESS_OFFICE_ORGANISATION, of_name="de la Région Grand Est")

    def quote(self, quote_ref):
        date = self.date
        person, organisation, _ = self.party(quote_ref.speaker, date)
        if person is None:
            self.report.warnings.append(
                Recognised(
                    "Citation",
                    "auteur non identifié : citation non enregistrée, à saisir à la main.",
                    quote_ref.line,
                )
            )
            return None
        if organisation is None:
            organisation = self._speaker_organisation(person, date)
        return person, organisation, quote_ref.text

    def _speaker_organisation(self, person, date):
        for signing in self.parsed.signings:
            for party in signing.parties:
                if (
                    party.kind == "person"
                    and party.role
                    and (match_key(party.name) == match_key(person.full_name))
                ):
                    return self.matcher.organisation(party.role.organisation)
        if date is not None:
            mandate = person.mandates.active_on(date).select_related("organisation").first()
            if mandate:
                return mandate.organisation
        return None
