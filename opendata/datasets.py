"""What the open data publishes: each dataset's public records and their fields.

One place for the API, the exports and the catalogue (the fields of each record are
built in opendata.records). Every read starts from what the public pages show:
`Communique.objects.published()` for releases (and for anything reached through
them), `Invitation.objects.published()` for press invitations, the public
organisations, people and pacts (`public()`), every theme, the active press contacts
(the contacts page).
"""

import datetime
import zoneinfo
from decimal import Decimal

from django.db.models import Max, Prefetch

from agenda.models import Invitation
from communiques.models import (
    Communique,
    CommuniqueAttachment,
    CommuniqueContact,
    Correction,
    PressContact,
    Quote,
    Theme,
)
from opendata.records import (
    contact_record,
    invitation_record,
    organisation_record,
    pact_record,
    person_record,
    release_record,
    theme_record,
)
from partners.models import (
    Mandate,
    Organisation,
    PactAxis,
    PactSignatory,
    Person,
    TerritorialPact,
)

# Columns a release in a list shows: no body, no search fields.
RELEASE_LIST_FIELDS = ("id", "slug", "title", "lede", "published_at", "created_at", "updated_at")


def public_releases():
    return Communique.objects.published()


def release_list(queryset):
    return queryset.only(*RELEASE_LIST_FIELDS).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.only("id", "slug", "name"))
    )


def release_detail(queryset):
    """Everything a release's API detail and export show, in a fixed number of queries."""
    return queryset.defer("search_vector", "search_text").prefetch_related(
        "themes",
        Prefetch("pacts", queryset=TerritorialPact.objects.only("id", "slug", "title")),
        Prefetch("organisations", queryset=Organisation.objects.only("id", "slug", "name")),
        Prefetch(
            "quotes",
            queryset=Quote.objects.select_related("speaker", "organisation"),
        ),
        Prefetch(
            "contact_links",
            queryset=CommuniqueContact.objects.select_related(
                "contact", "contact__organisation"
            ).prefetch_related("contact__phones"),
        ),
        Prefetch("attachments", queryset=CommuniqueAttachment.objects.all()),
        Prefetch("corrections", queryset=Correction.objects.all()),
    )


RELEASE_TEXT_FIELDS = ("body", "search_vector", "search_text")


def public_invitations():
    """Published invitations, with everything their record shows, in a fixed number of
    queries."""
    releases = ("related_release", "follow_up_release")
    return (
        Invitation.objects.published()
        .select_related("pact", *releases)
        # A release is named and linked only: its text and search columns stay unread.
        .defer(*(f"{release}__{field}" for release in releases for field in RELEASE_TEXT_FIELDS))
        .prefetch_related(
            "themes",
            "territories",
            # With their mandates, for their role on the event's date (mandate_on).
            Prefetch(
                "speakers",
                queryset=Person.objects.prefetch_related(
                    Prefetch(
                        "mandates",
                        queryset=Mandate.objects.select_related("organisation"),
                        to_attr="mandates_list",
                    )
                ),
            ),
            Prefetch(
                "contacts",
                queryset=PressContact.objects.select_related("organisation").prefetch_related(
                    "phones"
                ),
            ),
        )
    )


def public_pacts():
    return (
        TerritorialPact.objects.public()
        .select_related("kind")
        .prefetch_related(
            "territories",
            Prefetch("axes", queryset=PactAxis.objects.prefetch_related("organisations")),
            Prefetch(
                "signatories",
                queryset=PactSignatory.objects.select_related("organisation", "person"),
            ),
            "fundings",
        )
    )


def public_people():
    return Person.objects.public().prefetch_related(
        Prefetch("mandates", queryset=Mandate.objects.select_related("organisation"))
    )


def public_organisations():
    return Organisation.objects.public()


def public_themes():
    return Theme.objects.all()


def public_press_contacts():
    return (
        PressContact.objects.filter(is_active=True)
        .select_related("organisation")
        .prefetch_related("phones")
    )


def last_modified():
    """When each dataset last changed, as far as its records tell (the catalogue)."""
    return {
        "communiques": _last_publication(public_releases()),
        "invitations": _last_publication(Invitation.objects.published()),
        "pactes": _last_public_change(TerritorialPact),
        "personnalites": _last_public_change(Person),
        "organisations": _last_public_change(Organisation),
    }


def _last_publication(published):
    """The last change of a published record, or the last publication."""
    dates = published.aggregate(updated=Max("updated_at"), published=Max("published_at"))
    return max((date for date in dates.values() if date), default=None)


def _last_public_change(model):
    """The last change of a public record, or the last time one turned public."""
    dates = model.objects.public().aggregate(
        updated=Max("updated_at"), published=Max("public_since")
    )
    return max((date for date in dates.values() if date), default=None)


# The datasets: what the exports, the open data page and the catalogue describe --------

LICENCE_NAME = "Licence Ouverte / Etalab 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
PUBLISHER = "Région Grand Est — service presse"


def names(items, key="nom"):
    """ "a | b": a key of each item, skipping those without (the slug of a record that
    is not public)."""
    return " | ".join(item[key] for item in items if item[key])


PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def paris(value):
    """A record's ISO 8601 date and time (UTC) at Paris time, as an event is announced."""
    if not value:
        return value
    return datetime.datetime.fromisoformat(value).astimezone(PARIS).isoformat()


def link_of(item):
    return item["url"] if item else None


def speakers(items):
    """ "Name, role | Name": a speaker's role when the record gives it."""
    return " | ".join(
        f"{item['nom']}, {item['fonction']}" if item["fonction"] else item["nom"] for item in items
    )


def contacts(items):
    """ "Name, organisation, email, phones | …", without the parts a contact lacks."""
    return " | ".join(
        ", ".join(
            part
            for part in (
                item["nom"],
                item["organisation"]["nom"],
                item["courriel"],
                *item["telephones"],
            )
            if part
        )
        for item in items
    )


class Dataset:
    def __init__(self, *, slug, title, description, queryset, record, columns, api, frequency):
        self.slug = slug
        self.title = title
        self.description = description
        self.queryset = queryset
        self.record = record
        # (CSV header, what it holds, value from the record)
        self.columns = columns
        self.api = api  # URL name of the API's list
        self.frequency = frequency  # EU frequency vocabulary


DATASETS = [
    Dataset(
        slug="communiques",
        title="Communiqués de presse",
        description="Les communiqués de presse publiés par la Région Grand Est : titre, "
        "chapeau, texte, date, thèmes, pactes, organisations et personnalités citées.",
        queryset=lambda: release_detail(public_releases()).order_by(
            "-published_at", "-created_at", "id"
        ),
        record=release_record,
        columns=[
            ("id", "Identifiant numérique du communiqué.", lambda r: r["id"]),
            ("slug", "Identifiant dans l’adresse de la page.", lambda r: r["slug"]),
            ("url", "Adresse de la page publique.", lambda r: r["url"]),
            ("titre", "Titre.", lambda r: r["titre"]),
            ("chapeau", "Phrase d’attaque.", lambda r: r["chapeau"]),
            ("texte", "Texte sans balises HTML.", lambda r: r["texte"]),
            ("publie_le", "Date et heure de publication (ISO 8601).", lambda r: r["publie_le"]),
            ("modifie_le", "Dernière modification (ISO 8601).", lambda r: r["modifie_le"]),
            ("lieu", "Lieu de l’événement.", lambda r: r["lieu"]),
            ("date_evenement", "Date de l’événement (AAAA-MM-JJ).", lambda r: r["date_evenement"]),
            ("themes", "Thèmes, séparés par « | ».", lambda r: names(r["themes"])),
            (
                "pactes",
                "Pactes concernés (slugs), séparés par « | ».",
                lambda r: names(r["pactes"], "slug"),
            ),
            (
                "organisations",
                "Organisations citées (slugs), séparées par « | ».",
                lambda r: names(r["organisations"], "slug"),
            ),
            (
                "personnes_citees",
                "Personnalités citées (slugs), séparées par « | ».",
                lambda r: names([q["personne"] for q in r["citations"]], "slug"),
            ),
        ],
        api="opendata:api:release-list",
        frequency="DAILY",
    ),
    Dataset(
        slug="invitations",
        title="Invitations presse",
        description="Les événements auxquels la Région Grand Est invite les journalistes : "
        "date et heure, état (prévu, reporté, annulé), lieu, programme, intervenants, "
        "accréditation, contacts presse et communiqué publié après l’événement.",
        queryset=lambda: public_invitations().order_by("-starts_at", "-id"),
        record=invitation_record,
        columns=[
            ("id", "Identifiant numérique de l’invitation.", lambda r: r["id"]),
            ("slug", "Identifiant dans l’adresse de la page.", lambda r: r["slug"]),
            ("url", "Adresse de la page publique.", lambda r: r["url"]),
            ("titre", "Titre.", lambda r: r["titre"]),
            ("annonce", "Annonce : qui, quoi, où, quand.", lambda r: r["annonce"]),
            (
                "debut",
                "Début de l’événement, heure de Paris (ISO 8601, avec le décalage horaire).",
                lambda r: paris(r["debut"]),
            ),
            (
                "fin",
                "Fin de l’événement, heure de Paris (ISO 8601), si elle est annoncée.",
                lambda r: paris(r["fin"]),
            ),
            (
                "etat_evenement",
                "scheduled (prévu), postponed (reporté) ou cancelled (annulé).",
                lambda r: r["etat_evenement"],
            ),
            (
                "debut_initial",
                "Début initialement annoncé d’un événement reporté, heure de Paris (ISO 8601).",
                lambda r: paris(r["debut_initial"]),
            ),
            ("motif_etat", "Motif du report ou de l’annulation.", lambda r: r["motif_etat"]),
            ("lieu", "Lieu de l’événement.", lambda r: r["lieu"]),
            (
                "adresse",
                "Adresse postale, avec le code postal et la commune.",
                lambda r: r["adresse"],
            ),
            ("programme", "Programme sans balises HTML.", lambda r: r["programme"]),
            ("themes", "Thèmes, séparés par « | ».", lambda r: names(r["themes"])),
            (
                "territoires",
                "Territoires concernés (slugs du jeu « Organisations »), séparés par « | ».",
                lambda r: names(r["territoires"], "slug"),
            ),
            ("pacte", "Pacte concerné (slug).", lambda r: r["pacte"] and r["pacte"]["slug"]),
            (
                "intervenants",
                "« Prénom Nom, fonction à la date de l’événement », séparés par « | » ; la "
                "fonction d’une personnalité sans fiche publique n’est pas donnée.",
                lambda r: speakers(r["intervenants"]),
            ),
            (
                "accreditation_avant_le",
                "Date limite d’accréditation, heure de Paris (ISO 8601).",
                lambda r: paris(r["accreditation_avant_le"]),
            ),
            (
                "modalites_accreditation",
                "Modalités d’accréditation.",
                lambda r: r["modalites_accreditation"],
            ),
            (
                "contacts_presse",
                "« Nom, organisation, courriel, téléphones (E.164) », séparés par « | ».",
                lambda r: contacts(r["contacts_presse"]),
            ),
            (
                "communique_lie",
                "Adresse du communiqué déjà paru que l’événement prolonge.",
                lambda r: link_of(r["communique_lie"]),
            ),
            (
                "communique_apres_evenement",
                "Adresse du communiqué publié après l’événement.",
                lambda r: link_of(r["communique_apres_evenement"]),
            ),
            (
                "calendrier",
                "Adresse du fichier iCalendar (.ics) de l’événement.",
                lambda r: r["calendrier"],
            ),
            (
                "publie_le",
                "Date et heure de publication, heure de Paris (ISO 8601).",
                lambda r: paris(r["publie_le"]),
            ),
            (
                "modifie_le",
                "Dernière modification, heure de Paris (ISO 8601).",
                lambda r: paris(r["modifie_le"]),
            ),
        ],
        api="opendata:api:invitations-list",
        frequency="DAILY",
    ),
    Dataset(
        slug="pactes",
        title="Pactes territoriaux",
        description="Les pactes territoriaux de la Région Grand Est avec les territoires : "
        "type, état, signature, territoires, signataires et montants.",
        queryset=lambda: public_pacts().order_by("id"),
        record=pact_record,
        columns=[
            ("id", "Identifiant numérique du pacte.", lambda r: r["id"]),
            ("slug", "Identifiant dans l’adresse de la page.", lambda r: r["slug"]),
            ("url", "Adresse de la page publique.", lambda r: r["url"]),
            ("titre", "Titre.", lambda r: r["titre"]),
            ("type", "Sigle du type de pacte.", lambda r: r["type"]["sigle"]),
            ("statut", "preparation, signe, en_cours ou acheve.", lambda r: r["statut"]),
            ("date_signature", "Date de signature (AAAA-MM-JJ).", lambda r: r["date_signature"]),
            ("lieu_signature", "Lieu de signature.", lambda r: r["lieu_signature"]),
            (
                "territoires",
                "Territoires (slugs), séparés par « | ».",
                lambda r: names(r["territoires"], "slug"),
            ),
            (
                "signataires",
                "Organisations signataires (slugs), séparées par « | ».",
                lambda r: names([s["organisation"] for s in r["signataires"]], "slug"),
            ),
            (
                "montant_total",
                "Somme des montants en euros.",
                lambda r: str(sum(Decimal(f["montant"]) for f in r["financements"])),
            ),
            ("modifie_le", "Dernière modification (ISO 8601).", lambda r: r["modifie_le"]),
        ],
        api="opendata:api:pactes-list",
        frequency="WEEKLY",
    ),
    Dataset(
        slug="organisations",
        title="Organisations et territoires",
        description="Les organisations citées par les communiqués et les pactes, avec les "
        "codes officiels des territoires (SIREN, codes INSEE).",
        queryset=lambda: public_organisations().order_by("id"),
        record=organisation_record,
        columns=[
            ("id", "Identifiant numérique.", lambda r: r["id"]),
            ("slug", "Identifiant dans l’adresse de la page.", lambda r: r["slug"]),
            ("url", "Adresse de la page publique.", lambda r: r["url"]),
            ("nom", "Nom.", lambda r: r["nom"]),
            ("nom_court", "Nom court ou sigle.", lambda r: r["nom_court"]),
            (
                "type",
                "region, departement, epci, commune, etat, entreprise, reseau, enseignement "
                "ou autre.",
                lambda r: r["type"],
            ),
            ("siren", "Numéro SIREN (9 chiffres).", lambda r: r["siren"]),
            ("code_insee", "Code commune INSEE (COG).", lambda r: r["code_insee"]),
            ("code_departement", "Code du département (COG).", lambda r: r["code_departement"]),
            ("code_region", "Code de la région (COG).", lambda r: r["code_region"]),
            ("site_web", "Site web.", lambda r: r["site_web"]),
            ("modifie_le", "Dernière modification (ISO 8601).", lambda r: r["modifie_le"]),
        ],
        api="opendata:api:organisations-list",
        frequency="WEEKLY",
    ),
    Dataset(
        slug="personnalites",
        title="Personnalités et mandats",
        description="Les personnalités citées ou signataires, avec leurs mandats.",
        queryset=lambda: public_people().order_by("id"),
        record=person_record,
        columns=[
            ("id", "Identifiant numérique.", lambda r: r["id"]),
            ("slug", "Identifiant dans l’adresse de la page.", lambda r: r["slug"]),
            ("url", "Adresse de la page publique.", lambda r: r["url"]),
            ("prenom", "Prénom.", lambda r: r["prenom"]),
            ("nom", "Nom.", lambda r: r["nom"]),
            (
                "mandats",
                "« fonction, organisation (début – fin) », séparés par « | ».",
                lambda r: " | ".join(
                    f"{m['fonction']}, {m['organisation']['nom']} ({m['debut']} – {m['fin'] or ''})"
                    for m in r["mandats"]
                ),
            ),
            ("modifie_le", "Dernière modification (ISO 8601).", lambda r: r["modifie_le"]),
        ],
        api="opendata:api:personnalites-list",
        frequency="WEEKLY",
    ),
    Dataset(
        slug="themes",
        title="Thèmes",
        description="Les thèmes qui classent les communiqués.",
        queryset=lambda: public_themes().order_by("id"),
        record=theme_record,
        columns=[
            ("slug", "Identifiant dans l’adresse de la page.", lambda r: r["slug"]),
            ("nom", "Nom.", lambda r: r["nom"]),
            ("url", "Adresse de la page publique.", lambda r: r["url"]),
        ],
        api="opendata:api:themes-list",
        frequency="IRREG",
    ),
    Dataset(
        slug="contacts-presse",
        title="Contacts presse",
        description="Les contacts presse en activité de la Région et de ses partenaires.",
        queryset=lambda: public_press_contacts().order_by("id"),
        record=contact_record,
        columns=[
            ("id", "Identifiant numérique.", lambda r: r["id"]),
            ("nom", "Nom (vide pour une adresse de service).", lambda r: r["nom"]),
            ("organisation", "Organisation (slug).", lambda r: r["organisation"]["slug"]),
            ("courriel", "Courriel.", lambda r: r["courriel"]),
            (
                "telephones",
                "Téléphones (E.164), séparés par « | ».",
                lambda r: " | ".join(r["telephones"]),
            ),
        ],
        api="opendata:api:contacts-presse-list",
        frequency="IRREG",
    ),
]
DATASETS_BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}
