"""The press directory: media, journalists, their addresses, lists and segments;
subscribers, suppressions, and the sendings of releases to them.

One module per concern; every model is imported here, as Django and the rest of
the project read them from `journalists.models`.
"""

from journalists.models.audiences import RecipientList, Segment
from journalists.models.directory import (
    TERRITORY_CHOICES,
    TERRITORY_KINDS,
    Journalist,
    JournalistEmail,
    JournalistEmailQuerySet,
    JournalistPhone,
    JournalistQuerySet,
    Language,
    Media,
)
from journalists.models.sendings import (
    MAX_DELIVERY_ATTEMPTS,
    Delivery,
    Sending,
    SendingQuerySet,
)
from journalists.models.subscribers import Subscriber, SubscriberQuerySet
from journalists.models.suppressions import Suppression

__all__ = [
    "MAX_DELIVERY_ATTEMPTS",
    "TERRITORY_CHOICES",
    "TERRITORY_KINDS",
    "Delivery",
    "Journalist",
    "JournalistEmail",
    "JournalistEmailQuerySet",
    "JournalistPhone",
    "JournalistQuerySet",
    "Language",
    "Media",
    "RecipientList",
    "Segment",
    "Sending",
    "SendingQuerySet",
    "Subscriber",
    "SubscriberQuerySet",
    "Suppression",
]
