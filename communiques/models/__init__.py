"""Press releases, their quotes, themes and press contacts.

One module per concern; every model is imported here, as Django and the rest of
the project read them from `communiques.models`.
"""

from communiques.models.amounts import CommuniqueAmount
from communiques.models.attachments import CommuniqueAttachment
from communiques.models.autosave import AUTOSAVED_FIELDS, CommuniqueAutosave
from communiques.models.communique import (
    CARD_FIELDS,
    QUOTES,
    RELEASE_CARD,
    RELEASE_PAGE,
    Communique,
    CommuniqueQuerySet,
    StaleEditError,
)
from communiques.models.contacts import (
    CommuniqueContact,
    PressContact,
    PressContactPhone,
    PressContactQuerySet,
)
from communiques.models.history import CommuniqueEvent, Correction
from communiques.models.on_call import OnCallShift, OnCallShiftQuerySet
from communiques.models.preview import (
    PREVIEW_SIGNING_SALT,
    PreviewLink,
    PreviewLinkQuerySet,
    PreviewOpening,
    _new_secret,  # migration 0003 names it as the secret's default
)
from communiques.models.quotes import Quote, QuoteQuerySet
from communiques.models.signals import WORKFLOW_FIELDS
from communiques.models.themes import Theme
from communiques.models.workflow import PUBLISH_PERMISSION, CommuniqueWorkflow

__all__ = [
    "AUTOSAVED_FIELDS",
    "CARD_FIELDS",
    "PREVIEW_SIGNING_SALT",
    "PUBLISH_PERMISSION",
    "QUOTES",
    "RELEASE_CARD",
    "RELEASE_PAGE",
    "WORKFLOW_FIELDS",
    "Communique",
    "CommuniqueAmount",
    "CommuniqueAttachment",
    "CommuniqueAutosave",
    "CommuniqueContact",
    "CommuniqueEvent",
    "CommuniqueQuerySet",
    "CommuniqueWorkflow",
    "Correction",
    "OnCallShift",
    "OnCallShiftQuerySet",
    "PressContact",
    "PressContactPhone",
    "PressContactQuerySet",
    "PreviewLink",
    "PreviewLinkQuerySet",
    "PreviewOpening",
    "Quote",
    "QuoteQuerySet",
    "StaleEditError",
    "Theme",
    "_new_secret",
]
