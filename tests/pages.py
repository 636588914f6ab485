"""The public page matrix checked by the quality gates (valid HTML, axe-core).

`build_site()` writes one of everything a reader can reach; `public_pages()` lists each
page type with its URL, or the reason it cannot be checked yet (a feature not built).
"""

import datetime
from dataclasses import dataclass, field

from django.core import signing
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from communiques.models import Communique, OnCallShift
from grandest_press.models import LegalPage
from journalists import mail, subscriptions
from partners.models import Organisation, TerritorialPact
from tests.factories import (
    attach_contact,
    make_axis,
    make_communique,
    make_framework,
    make_funding,
    make_image,
    make_invitation,
    make_mandate,
    make_organisation,
    make_pact,
    make_pact_kind,
    make_person,
    make_press_contact,
    make_quote,
    make_signatory,
    make_theme,
)


@dataclass(frozen=True)
class Page:
    kind: str
    url: str
    status: int = 200
    # A page reached by sending the form of the page at `url` (None: a plain GET).
    # Values: text to type, True to tick a checkbox.
    form: dict | None = field(default=None, hash=False)


# Every public page type of issue 8, in reading order.
PAGE_KINDS = [
    "accueil",
    "liste-communiques",
    "liste-communiques-filtree",
    "communique",
    "liste-pactes",
    "pacte",
    "personne",
    "organisation",
    "contacts",
    "recherche-resultats",
    "recherche-vide",
    "mentions-legales",
    "accessibilite",
    "erreur-404",
    "erreur-410",
    "donnees-ouvertes",
    "documentation-api",
    "abonnement",
    "abonnement-demande-envoyee",
    "abonnement-confirmation",
    "abonnement-confirme",
    "abonnement-lien-expire",
    "abonnement-preferences",
    "abonnement-desinscription",
    "abonnement-desinscrit",
    "agenda",
    "agenda-filtre",
    "invitation",
    "invitation-annulee",
]


def build_site() -> dict:
    """One published release with image, quotes, contact, pact, people and organisations."""
    region = make_organisation(name="Région Grand Est", kind=Organisation.Kind.REGION)
    agglo = make_organisation(name="Châlons Agglo", kind=Organisation.Kind.EPCI)
    president = make_person(first_name="Jean", last_name="Rottner")
    make_mandate(person=president, organisation=region, title="Président")
    mayor = make_person(first_name="Bruno", last_name="Bourg-Broc")
    make_mandate(person=mayor, organisation=agglo, title="Président")
    pact = make_pact(
        title="Pacte Offensive Croissance Emploi de Châlons Agglo",
        kind=make_pact_kind(acronym="POCE"),
        territories=[agglo],
        status=TerritorialPact.Status.SIGNED,
        signing_place="Foire de Châlons-en-Champagne",
    )
    pact.frameworks.set([make_framework(acronym="SRDEII", full_name="Schéma régional")])
    make_axis(pact=pact, title="Attractivité du territoire", organisations=[agglo])
    make_signatory(pact=pact, organisation=region, person=president, role="Président")
    make_signatory(pact=pact, organisation=agglo, person=mayor, role="Président")
    make_funding(pact=pact, amount=2_500_000)
    theme = make_theme(name="Aménagement du territoire")
    contact = make_press_contact(
        name="Sandrine Poirier", organisation=region, phones=["+33684801148"]
    )
    communique = make_communique(
        title="Signature du Pacte Offensive Croissance Emploi de Châlons Agglo",
        lede="Jean Rottner et Bruno Bourg-Broc ont signé le POCE de Châlons Agglo.",
        body=(
            "<p>Le pacte engage la Région et l’agglomération.</p>"
            "<ul><li>Attractivité</li><li>Emploi</li></ul>"
            '<p>En savoir plus sur <a href="https://www.grandest.fr/">grandest.fr</a>.</p>'
        ),
        event_date=datetime.date(2019, 9, 5),
        dateline_place="Foire de Châlons-en-Champagne (51)",
        themes=[theme],
        pacts=[pact],
        organisations=[region, agglo],
        image=make_image(
            alt_text="Jean Rottner et Bruno Bourg-Broc signent le pacte",
            credit="Région Grand Est",
        ),
    )
    make_quote(communique=communique, speaker=president, text="Nous investissons ici.")
    make_quote(communique=communique, speaker=mayor, text="Un pacte pour l’emploi.", order=1)
    attach_contact(communique=communique, contact=contact)
    invitation = make_invitation(
        title="Signature du POCE de Châlons Agglo",
        starts_at=datetime.datetime(2019, 9, 5, 9, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2019, 9, 5, 10, 0, tzinfo=datetime.UTC),
        place_address="51000 Châlons-en-Champagne",
        programme="<ul><li>11 h : accueil</li><li>11 h 15 : signature</li></ul>",
        accreditation_details="Merci de confirmer votre présence à presse@grandest.fr.",
        accreditation_deadline=datetime.datetime(2019, 9, 4, 10, 0, tzinfo=datetime.UTC),
        themes=[theme],
        territories=[agglo],
        speakers=[president, mayor],
        contacts=[contact],
        pact=pact,
        follow_up_release=communique,
    )
    cancelled = make_invitation(
        title="Visite de l’aéroport de Vatry",
        event_status="cancelled",
        event_status_note="Les conditions météorologiques ne permettent pas la visite.",
        themes=[theme],
    )
    # The contacts page's press service card and on-call schedule.
    make_press_contact(name="", email="presse@grandest.fr", organisation=region)
    OnCallShift.objects.create(
        contact=contact,
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    return {
        "invitation": invitation,
        "cancelled_invitation": cancelled,
        "communique": communique,
        "theme": theme,
        "pact": pact,
        "person": president,
        "organisation": agglo,
    }


def _reverse_first(*names):
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _withdrawn_release_url(client):
    status = getattr(Communique.Status, "WITHDRAWN", None)
    if status is None:
        return None, "pas d’état « retiré » dans le modèle Communique"
    withdrawn = make_communique(title="Communiqué retiré", published=True)
    Communique.objects.filter(pk=withdrawn.pk).update(
        status=status, withdrawn_at=timezone.now(), withdrawal_reason="Doublon."
    )
    url = withdrawn.get_absolute_url()
    if client.get(url).status_code != 410:
        return None, "un communiqué retiré ne répond pas encore 410"
    return url, None


def subscription_pages() -> list[Page]:
    """The subscription pages, each reached as a reader does (form, link from an email)."""
    choices = {"all": True, "themes": [], "pacts": [], "territories": []}
    token = signing.dumps(
        {"email": "lectrice@example.fr", **choices},
        salt=subscriptions.CONFIRM_SALT,
        compress=True,
    )
    confirm = reverse("journalists:confirm", kwargs={"token": token})
    subscriber = subscriptions.confirm({"email": "abonne@example.fr", **choices})
    unsubscribe = reverse(
        "journalists:unsubscribe", kwargs={"token": mail.unsubscribe_token(subscriber.digest)}
    )
    subscribe = reverse("journalists:subscribe")
    return [
        Page("abonnement", subscribe),
        Page(
            "abonnement-demande-envoyee",
            subscribe,
            form={"email": "lecteur@example.fr", "all_releases": True},
        ),
        Page("abonnement-confirmation", confirm),
        Page("abonnement-confirme", confirm, form={}),
        Page(
            "abonnement-lien-expire",
            reverse("journalists:confirm", kwargs={"token": "lien-abime"}),
            410,
        ),
        Page(
            "abonnement-preferences",
            reverse(
                "journalists:preferences", kwargs={"token": mail.preferences_token(subscriber)}
            ),
        ),
        Page("abonnement-desinscription", unsubscribe),
        Page("abonnement-desinscrit", unsubscribe, form={}),
    ]


def public_pages(client, site) -> tuple[list[Page], dict[str, str]]:
    """(pages to check, {kind: reason it is skipped})."""
    pages = [
        Page("accueil", reverse("home")),
        Page("liste-communiques", reverse("communiques:list")),
        Page("liste-communiques-filtree", site["theme"].get_absolute_url()),
        Page("communique", site["communique"].get_absolute_url()),
        Page("liste-pactes", reverse("partners:pact-list")),
        Page("pacte", site["pact"].get_absolute_url()),
        Page("personne", site["person"].get_absolute_url()),
        Page("organisation", site["organisation"].get_absolute_url()),
        Page("contacts", reverse("communiques:contacts")),
        Page(
            "mentions-legales",
            LegalPage.objects.get(slug=LegalPage.LEGAL_NOTICE).get_absolute_url(),
        ),
        Page(
            "accessibilite", LegalPage.objects.get(slug=LegalPage.ACCESSIBILITY).get_absolute_url()
        ),
        Page("erreur-404", "/communiques/ce-communique-n-existe-pas/", 404),
        Page("donnees-ouvertes", reverse("opendata:index")),
        Page("documentation-api", reverse("opendata:api-documentation")),
        *subscription_pages(),
        Page("agenda", reverse("agenda:list")),
        Page("agenda-filtre", f"{reverse('agenda:list')}?theme={site['theme'].slug}"),
        Page("invitation", site["invitation"].get_absolute_url()),
        Page("invitation-annulee", site["cancelled_invitation"].get_absolute_url()),
    ]
    skipped = {}
    search = _reverse_first("search", "communiques:search")
    if search:
        pages.append(Page("recherche-resultats", f"{search}?q=pacte"))
        pages.append(Page("recherche-vide", f"{search}?q=zzzzzz"))
    else:
        reason = "pas de page de recherche (URL « search » absente, issue 4)"
        skipped["recherche-resultats"] = skipped["recherche-vide"] = reason
    url, reason = _withdrawn_release_url(client)
    if url:
        pages.append(Page("erreur-410", url, 410))
    else:
        skipped["erreur-410"] = reason
    return pages, skipped
