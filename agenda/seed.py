"""The founding invitation: the POCE signing of Thursday 5 September 2019 at the Foire de
Châlons-en-Champagne, now past and linked to the release that followed.

Loaded after the release (communiques.seed), which brings the people, the pact and the
press contact it cites. Idempotent: an invitation already there is left alone.
"""

import datetime

from django.db import transaction

from agenda.models import Invitation
from communiques.models import Communique
from communiques.seed import COMMUNIQUE_SLUG, PARIS, load_poce_chalons_agglo
from partners.models import Organisation, Person

INVITATION_SLUG = "signature-poce-chalons-agglo"
STARTS_AT = datetime.datetime(2019, 9, 5, 11, 0, tzinfo=PARIS)
ENDS_AT = datetime.datetime(2019, 9, 5, 12, 0, tzinfo=PARIS)
# Sent a few days before the event, as invitations are.
PUBLISHED_AT = datetime.datetime(2019, 9, 2, 10, 0, tzinfo=PARIS)

INVITATION = {
    "title": "Signature du Pacte Offensive Croissance Emploi (POCE) de Châlons Agglo",
    "lede": (
        "Jean Rottner, Président de la Région Grand Est, et Bruno Bourg-Broc, Président de "
        "Châlons Agglo, signeront le POCE de Châlons Agglo le jeudi 5 septembre 2019 à 11 h, "
        "à la Foire de Châlons-en-Champagne, stand de la Région."
    ),
    "starts_at": STARTS_AT,
    "ends_at": ENDS_AT,
    "place_name": "Foire de Châlons-en-Champagne, stand de la Région",
    "place_address": "51000 Châlons-en-Champagne",
    "programme": (
        "<ul><li>11 h : accueil</li><li>11 h 15 : signature</li>"
        "<li>11 h 45 : points presse</li></ul>"
    ),
    "accreditation_details": (
        "Merci de confirmer votre présence au service presse (presse@grandest.fr)."
    ),
}


@transaction.atomic
def load_poce_invitation() -> tuple[Invitation, bool]:
    """(the invitation, whether it was created), with the release loaded first."""
    load_poce_chalons_agglo()
    existing = Invitation.objects.filter(slug=INVITATION_SLUG).first()
    if existing is not None:
        return existing, False
    release = Communique.objects.get(slug=COMMUNIQUE_SLUG)
    invitation = Invitation(
        slug=INVITATION_SLUG,
        pact=release.pacts.first(),
        follow_up_release=release,
        # A trusted set-up command: it publishes directly, with the historical date.
        status=Invitation.Status.PUBLISHED,
        published_at=PUBLISHED_AT,
        **INVITATION,
    )
    invitation.full_clean()
    invitation.save()
    invitation.themes.set(release.themes.all())
    invitation.territories.set(Organisation.objects.filter(slug="chalons-agglo"))
    invitation.speakers.set(
        Person.objects.filter(slug__in=["jean-rottner", "bruno-bourg-broc"]).order_by("-slug")
    )
    invitation.contacts.set(release.contacts)
    invitation.publish_cited_records()
    return invitation, True
