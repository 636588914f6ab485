"""Records as the API and the JSON exports give them: one dict per object, French keys,
absolute links."""

from communiques.search import plain_text


def iso(value):
    return value.isoformat() if value else None


def link(obj, absolute):
    return absolute(obj.get_absolute_url())


def ref(obj, absolute, name_attr="name"):
    """A related record by name, with its slug and address only if the public may open
    it (a pact, person or organisation that is public, see is_public())."""
    name = getattr(obj, name_attr)
    if hasattr(obj, "is_public") and not obj.is_public():
        return {"slug": None, "nom": name, "url": None}
    return {"slug": obj.slug, "nom": name, "url": link(obj, absolute)}


def theme_record(theme, absolute):
    return {"slug": theme.slug, "nom": theme.name, "url": link(theme, absolute)}


def release_summary(communique, absolute):
    return {
        "id": communique.pk,
        "slug": communique.slug,
        "url": link(communique, absolute),
        "titre": communique.title,
        "chapeau": communique.lede,
        "publie_le": iso(communique.published_at),
        "modifie_le": iso(communique.updated_at),
        "themes": [theme_record(theme, absolute) for theme in communique.themes.all()],
    }


def release_record(communique, absolute):
    record = release_summary(communique, absolute)
    record.update(
        texte_html=communique.body,
        texte=plain_text(communique.body).strip(),
        lieu=communique.dateline_place,
        date_evenement=iso(communique.event_date),
        precision_date_evenement=communique.event_date_precision,
        pactes=[ref(pact, absolute, "title") for pact in communique.pacts.all()],
        organisations=[ref(org, absolute) for org in communique.organisations.all()],
        citations=[
            {
                "personne": ref(quote.speaker, absolute, "full_name"),
                "au_titre_de": ref(quote.organisation, absolute) if quote.organisation else None,
                "texte": quote.text,
            }
            for quote in communique.quotes.all()
        ],
        contacts_presse=[
            contact_record(link_.contact, absolute) for link_ in communique.contact_links.all()
        ],
        documents=[
            {"titre": document.title, "url": absolute(document.get_absolute_url())}
            for document in communique.attachments.all()
        ],
        rectificatifs=[
            {"date": iso(correction.created_at), "texte": correction.text}
            for correction in communique.corrections.all()
        ],
    )
    return record


def organisation_record(organisation, absolute):
    return {
        "id": organisation.pk,
        "slug": organisation.slug,
        "url": link(organisation, absolute),
        "nom": organisation.name,
        "nom_court": organisation.short_name,
        "type": organisation.kind,
        "site_web": organisation.website,
        "siren": organisation.siren or None,
        "code_insee": organisation.insee_code or None,
        "code_departement": organisation.departement_code or None,
        "code_region": organisation.region_code or None,
        "description": organisation.description,
        "modifie_le": iso(organisation.updated_at),
    }


def person_record(person, absolute):
    return {
        "id": person.pk,
        "slug": person.slug,
        "url": link(person, absolute),
        "prenom": person.first_name,
        "nom": person.last_name,
        "biographie": person.bio,
        "mandats": [
            {
                "fonction": mandate.title,
                "organisation": ref(mandate.organisation, absolute),
                "debut": iso(mandate.start_date),
                "fin": iso(mandate.end_date),
            }
            for mandate in person.mandates.all()
        ],
        "modifie_le": iso(person.updated_at),
    }


def pact_record(pact, absolute):
    return {
        "id": pact.pk,
        "slug": pact.slug,
        "url": link(pact, absolute),
        "titre": pact.title,
        "type": {"slug": pact.kind.slug, "sigle": pact.kind.acronym, "nom": pact.kind.full_name},
        "statut": pact.status,
        "date_signature": iso(pact.signing_date),
        "precision_date_signature": pact.signing_date_precision,
        "lieu_signature": pact.signing_place,
        "resume": pact.summary,
        "territoires": [ref(territory, absolute) for territory in pact.territories.all()],
        "axes": [
            {
                "ordre": axis.order,
                "intitule": axis.title,
                "description": axis.description,
                "organisations": [ref(org, absolute) for org in axis.organisations.all()],
            }
            for axis in pact.axes.all()
        ],
        "signataires": [
            {
                "organisation": ref(signatory.organisation, absolute),
                "personne": (
                    ref(signatory.person, absolute, "full_name") if signatory.person else None
                ),
                "qualite": signatory.role,
            }
            for signatory in pact.signatories.all()
        ],
        "financements": [
            {"objet": funding.label, "montant": str(funding.amount), "libelle": funding.wording}
            for funding in pact.fundings.all()
        ],
        "modifie_le": iso(pact.updated_at),
    }


def contact_record(contact, absolute):
    return {
        "id": contact.pk,
        "nom": contact.name,
        "organisation": ref(contact.organisation, absolute),
        "courriel": contact.email,
        "telephones": [phone.number.as_e164 for phone in contact.phones.all()],
    }


def _release_ref(communique, absolute):
    """A release named by an invitation: given only once it is public."""
    if communique is None:
        return None
    return {"slug": communique.slug, "nom": communique.title, "url": link(communique, absolute)}


def speaker_record(person, mandate, absolute):
    """A speaker, with the role their mandate gives them on the event's date; a person
    who is not public is named only, as `ref` does."""
    shown = mandate is not None and person.is_public()
    return {**ref(person, absolute, "full_name"), "fonction": mandate.role_label if shown else None}


def invitation_record(invitation, absolute):
    """A press invitation (read with opendata.datasets.public_invitations)."""
    return {
        "id": invitation.pk,
        "slug": invitation.slug,
        "url": link(invitation, absolute),
        "titre": invitation.title,
        "annonce": invitation.lede,
        "etat_evenement": invitation.event_status,
        "motif_etat": invitation.event_status_note,
        "debut": iso(invitation.starts_at),
        "fin": iso(invitation.ends_at),
        "debut_initial": iso(invitation.previous_starts_at),
        "lieu": invitation.place_name,
        "adresse": invitation.place_address,
        "programme_html": invitation.programme,
        "programme": plain_text(invitation.programme).strip(),
        "intervenants": [
            speaker_record(person, mandate, absolute)
            for person, mandate in invitation.speakers_with_mandates
        ],
        "themes": [theme_record(theme, absolute) for theme in invitation.themes.all()],
        "territoires": [ref(org, absolute) for org in invitation.territories.all()],
        "pacte": ref(invitation.pact, absolute, "title") if invitation.pact else None,
        "communique_lie": _release_ref(invitation.public_related_release, absolute),
        "communique_apres_evenement": _release_ref(invitation.public_follow_up, absolute),
        "accreditation_avant_le": iso(invitation.accreditation_deadline),
        "modalites_accreditation": invitation.accreditation_details,
        "contacts_presse": [
            contact_record(contact, absolute) for contact in invitation.contacts.all()
        ],
        "calendrier": absolute(invitation.get_ics_url()),
        "pdf": absolute(invitation.get_pdf_url()),
        "publie_le": iso(invitation.published_at),
        "modifie_le": iso(invitation.updated_at),
    }
