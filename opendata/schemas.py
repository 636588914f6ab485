"""The shapes of the API's answers, from which its OpenAPI schema is written."""

import datetime

from ninja import Field, Schema
from pydantic import create_model


class Problem(Schema):
    """An error, as RFC 9457 describes it."""

    type: str = Field(examples=["about:blank"])
    title: str = Field(examples=["Requête invalide"])
    status: int = Field(examples=[400])
    detail: str
    instance: str
    errors: list[dict] | None = None


class Ref(Schema):
    """A related record; slug and url are null while that record is not public."""

    slug: str | None
    nom: str
    url: str | None


class ThemeOut(Schema):
    slug: str
    nom: str
    url: str


class ReleaseSummary(Schema):
    id: int
    slug: str
    url: str = Field(description="Adresse de la page publique du communiqué.")
    titre: str
    chapeau: str
    publie_le: datetime.datetime
    modifie_le: datetime.datetime
    themes: list[ThemeOut]


class Quote(Schema):
    personne: Ref
    au_titre_de: Ref | None
    texte: str


class Document(Schema):
    titre: str
    url: str


class Correction(Schema):
    date: datetime.datetime
    texte: str


class ContactOut(Schema):
    id: int
    nom: str
    organisation: Ref
    courriel: str
    telephones: list[str] = Field(description="Numéros au format international (E.164).")


class ReleaseOut(ReleaseSummary):
    texte_html: str = Field(description="Texte du communiqué en HTML (nettoyé).")
    texte: str = Field(description="Texte du communiqué sans balises.")
    lieu: str
    date_evenement: datetime.date | None
    precision_date_evenement: str = Field(description="« day », « month » ou « year ».")
    pactes: list[Ref]
    organisations: list[Ref]
    citations: list[Quote]
    contacts_presse: list[ContactOut]
    documents: list[Document]
    rectificatifs: list[Correction]


class OrganisationOut(Schema):
    id: int
    slug: str
    url: str
    nom: str
    nom_court: str
    type: str = Field(
        description="region, departement, epci, commune, etat, entreprise, reseau, "
        "enseignement ou autre."
    )
    site_web: str
    siren: str | None = Field(description="SIREN (9 chiffres), pour les EPCI notamment.")
    code_insee: str | None = Field(description="Code commune INSEE (COG), pour une commune.")
    code_departement: str | None = Field(description="Code du département (COG).")
    code_region: str | None = Field(description="Code de la région (COG), « 44 » : Grand Est.")
    description: str
    modifie_le: datetime.datetime


class MandateOut(Schema):
    fonction: str
    organisation: Ref
    debut: datetime.date
    fin: datetime.date | None


class PersonOut(Schema):
    id: int
    slug: str
    url: str
    prenom: str
    nom: str
    biographie: str
    mandats: list[MandateOut]
    modifie_le: datetime.datetime


class PactKindOut(Schema):
    slug: str
    sigle: str
    nom: str


class AxisOut(Schema):
    ordre: int
    intitule: str
    description: str
    organisations: list[Ref]


class SignatoryOut(Schema):
    organisation: Ref
    personne: Ref | None
    qualite: str


class FundingOut(Schema):
    objet: str
    montant: str = Field(description="Montant en euros, en décimal (« 1250000000.00 »).")
    libelle: str = Field(description="Le montant tel qu’écrit dans le communiqué.")


class PactOut(Schema):
    id: int
    slug: str
    url: str
    titre: str
    type: PactKindOut
    statut: str = Field(description="preparation, signe, en_cours ou acheve.")
    date_signature: datetime.date | None
    precision_date_signature: str
    lieu_signature: str
    resume: str
    territoires: list[Ref]
    axes: list[AxisOut]
    signataires: list[SignatoryOut]
    financements: list[FundingOut]
    modifie_le: datetime.datetime


class Speaker(Ref):
    fonction: str | None = Field(
        description="Fonction à la date de l’événement (« Président de la Région Grand "
        "Est ») ; null sans mandat connu ou pour une personnalité sans fiche publique."
    )


class InvitationOut(Schema):
    id: int
    slug: str
    url: str = Field(description="Adresse de la page publique de l’invitation.")
    titre: str
    annonce: str
    etat_evenement: str = Field(description="scheduled (prévu), postponed (reporté) ou cancelled.")
    motif_etat: str = Field(description="Motif du report ou de l’annulation.")
    debut: datetime.datetime
    fin: datetime.datetime | None
    debut_initial: datetime.datetime | None = Field(
        description="Date initialement prévue d’un événement reporté."
    )
    lieu: str
    adresse: str
    programme_html: str = Field(description="Programme en HTML (nettoyé).")
    programme: str = Field(description="Programme sans balises.")
    intervenants: list[Speaker]
    themes: list[ThemeOut]
    territoires: list[Ref]
    pacte: Ref | None
    communique_lie: Ref | None
    communique_apres_evenement: Ref | None
    accreditation_avant_le: datetime.datetime | None
    modalites_accreditation: str
    contacts_presse: list[ContactOut]
    calendrier: str = Field(description="Adresse du fichier iCalendar de l’événement.")
    pdf: str = Field(description="Adresse du PDF accessible de l’invitation.")
    publie_le: datetime.datetime
    modifie_le: datetime.datetime


def page_of(item):
    """The schema of one page of `item`s."""
    return create_model(
        f"Page{item.__name__}",
        __base__=Schema,
        nombre=(int, Field(description="Nombre total de résultats (toutes pages).")),
        suivant=(
            str | None,
            Field(description="Adresse de la page suivante, ou null sur la dernière."),
        ),
        resultats=(list[item], ...),
    )
