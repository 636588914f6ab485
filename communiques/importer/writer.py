"""The draft an import writes: the release, its pacts, quotes and contacts.

One `DraftWriter` per import, inside the import's transaction (`communiques.services`).
It never publishes, and never deletes what a press officer entered on a pact: axes
already there are kept, signatories and fundings are only added.
"""

from communiques.importer.parties import PartyWriter, unique_slug
from communiques.importer.report import ReportedObject, admin_url
from communiques.importer.signings import KNOWN_FRAMEWORKS
from communiques.importer.structure import Recognised, Signing
from communiques.models import (
    Communique,
    CommuniqueAmount,
    CommuniqueContact,
    PressContact,
    PressContactPhone,
    Quote,
)
from grandest_press.typography import DatePrecision
from partners.models import (
    Organisation,
    PactAttendee,
    PactAxis,
    PactFunding,
    PactKind,
    PactSignatory,
    ReferenceFramework,
    TerritorialPact,
    fold_name,
)

# Where a press contact without a known organisation works: the press office itself.
PRESS_OFFICE_ORGANISATION = "Région Grand Est"


def signing_date(signing: Signing, parsed):
    """The signing's own date when the text gives one, else the release's."""
    if signing.date and signing.date.value:
        return signing.date.value
    return parsed.date.value if parsed.date else None


class DraftWriter(PartyWriter):
    """Writes one parsed release as a draft, with everything it names."""

    source_url = ""
    source_published_on = None

    def write(self, *, existing, slug, digest):
        parsed = self.parsed
        frameworks = self.frameworks()
        pacts = []
        for signing in parsed.signings:
            pacts += self.signing(signing, frameworks)
        if pacts:
            self.axes(pacts[0])
        # Amounts belong to the pact when the text reports one; with several pacts (or
        # none) nothing says which pact owns which amount: they stay with the release.
        if len(pacts) == 1:
            self.fundings(pacts[0])
        contacts = self.contacts()
        quotes = [self.quote(quote) for quote in parsed.quotes]
        self.cite_named()

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
        if self.source_url:
            fields["source_url"] = self.source_url[:500]
        if self.source_published_on:
            fields["source_published_on"] = self.source_published_on
        if existing is not None:
            communique = existing
            for name, value in fields.items():
                setattr(communique, name, value)
        else:
            communique = Communique(
                slug=unique_slug(Communique, slug, 300),
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
        # A draft's quotes and contacts come from its text alone: a re-import replaces them.
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
        communique.amounts.all().delete()
        if len(pacts) != 1:
            for order, amount in enumerate(self.parsed.amounts, start=1):
                label = amount.sentence
                self._save(
                    CommuniqueAmount(
                        communique=communique,
                        label=label if len(label) <= 250 else label[:249] + "…",
                        amount=amount.value,
                        wording=amount.wording[:100],
                        order=order,
                    )
                )
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
                slug=unique_slug(PactKind, acronym, 60),
            )
        )

    def signing(self, signing: Signing, frameworks):
        date = signing_date(signing, self.parsed)
        parties = [(party, *self.party(party, date)) for party in signing.parties]
        for _, _, organisation, _ in parties:
            self._cite(organisation)
        if not signing.acronym:
            return []
        kind = self.pact_kind(signing.acronym)
        pacts = []
        for territory_name in signing.territories:
            territory = self._cite(self.territory(territory_name, signing.line))
            # When one text reports pacts with several territories, each territory signs
            # its own pact only, while the Région and the État sign them all.
            others = {fold_name(name) for name in signing.territories if name != territory_name}
            pact = self.pact(kind, territory, territory_name, signing, date)
            pact.frameworks.add(*frameworks)
            for party, person, organisation, role in parties:
                if organisation is None or others & {
                    fold_name(organisation.name),
                    fold_name(organisation.short_name),
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
        """The pact of this kind with this territory (on that date), or a new one."""
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
                slug=unique_slug(TerritorialPact, title, 250),
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
        """A pact's axes, written only when it has none: a press officer's edits win."""
        if not self.parsed.axes:
            return
        if pact.axes.exists():
            self.report.matched.append(
                ReportedObject(
                    f"axes du pacte « {pact} » (déjà saisis, non modifiés)", admin_url(pact)
                )
            )
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
        """The press contacts, found by e-mail (or by name when they have none)."""
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
                        if fold_name(c.name) == fold_name(ref.name)
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
        """The organisation whose website shares the e-mail's domain, else the press office."""
        domain = email.rpartition("@")[2].lower()
        if domain:
            # Only the addresses are read (every organisation with a website, in name order).
            for pk, website in Organisation.objects.exclude(website="").values_list(
                "pk", "website"
            ):
                if domain in website.lower():
                    return Organisation.objects.get(pk=pk)
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
        """For whom a speaker speaks: the role the text gives them when they sign, else
        their mandate on the release's date."""
        for signing in self.parsed.signings:
            for party in signing.parties:
                if (
                    party.kind == "person"
                    and party.role
                    and (fold_name(party.name) == fold_name(person.full_name))
                ):
                    return self.matcher.organisation(party.role.organisation)
        if date is not None:
            mandate = person.mandates.active_on(date).select_related("organisation").first()
            if mandate:
                return mandate.organisation
        return None
