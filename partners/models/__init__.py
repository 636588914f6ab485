"""Who and what a press release talks about: organisations, people and their
mandates, territorial pacts with their axes and signatories, reference strategies.

One module per concern; every model is imported here, as Django and the rest of
the project read them from `partners.models`.
"""

from partners.models.organisations import (
    ORGANISATION_PAGE,
    VOWELS,
    Organisation,
    fold_name,
)
from partners.models.pacts import (
    PACT_CARD,
    PACT_PAGE,
    PactAttachment,
    PactAxis,
    PactFunding,
    PactKind,
    ReferenceFramework,
    TerritorialPact,
    TerritorialPactQuerySet,
)
from partners.models.pages import PUBLIC_PAGES, PublicPageQuerySet
from partners.models.people import PERSON_PAGE, Mandate, MandateQuerySet, Person
from partners.models.signatures import PactAttendee, PactSignatory

__all__ = [
    "ORGANISATION_PAGE",
    "PACT_CARD",
    "PACT_PAGE",
    "PERSON_PAGE",
    "PUBLIC_PAGES",
    "VOWELS",
    "Mandate",
    "MandateQuerySet",
    "Organisation",
    "PactAttachment",
    "PactAttendee",
    "PactAxis",
    "PactFunding",
    "PactKind",
    "PactSignatory",
    "Person",
    "PublicPageQuerySet",
    "ReferenceFramework",
    "TerritorialPact",
    "TerritorialPactQuerySet",
    "fold_name",
]
