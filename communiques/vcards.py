"""Contact cards (.vcf) of the press contacts and of the whole press service.

vCard 3.0 (RFC 2426), not 4.0: it is the version every phone imports. Android's
contacts importer reads 2.1 and 3.0 only, and iOS, Outlook and Google Contacts read
3.0 fully but 4.0 partly (they drop or mangle KIND and the 4.0 TEL value URIs). vobject
writes 3.0, folds long lines and escapes commas and semicolons, which a hand-written
card gets wrong on the first « Châlons-en-Champagne, stand de la Région ».

Phones are written as they are stored, in E.164 (« +33684801148 »): a phone dials
them from any country; mobiles are typed CELL, the others WORK,VOICE.
"""

import phonenumbers
import vobject
from django.utils.text import slugify
from django.utils.translation import gettext as _

CONTENT_TYPE = "text/vcard; charset=utf-8"


def contact_card(contact) -> str:
    """The card of one press contact, read with PressContact.objects.for_cards()."""
    card = vobject.vCard()
    if contact.name:
        given, _space, family = contact.name.partition(" ")
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        card.add("fn").value = contact.name
        card.add("title").value = _("Contact presse")
    else:
        _as_organisation(card, _("Service presse"))
    card.add("org").value = [contact.organisation.name]
    _add_phones(card, contact.phones_list)
    _add_email(card, contact.email)
    return card.serialize()


def press_service_card(contacts) -> str:
    """One card for the press service: the mailboxes and phones of `contacts`
    (PressContact.objects.press_service().for_cards())."""
    card = vobject.vCard()
    organisation = contacts[0].organisation.name
    _as_organisation(card, _("Service presse — %(organisation)s") % {"organisation": organisation})
    card.add("org").value = [organisation]
    seen = set()
    for contact in contacts:
        phones = [phone for phone in contact.phones_list if phone.number.as_e164 not in seen]
        seen.update(phone.number.as_e164 for phone in phones)
        _add_phones(card, phones)
        _add_email(card, contact.email)
    return card.serialize()


def filename(contact=None) -> str:
    """The download's file name: « sandrine-poirier.vcf », « service-presse.vcf »."""
    name = contact.name if contact and contact.name else "service-presse"
    return f"{slugify(name) or 'contact-presse'}.vcf"


def _as_organisation(card, name: str) -> None:
    card.add("n").value = vobject.vcard.Name()
    card.add("fn").value = name
    # Apple's Contacts files a card without a person's name under the organisation.
    card.add("x-abshowas").value = "COMPANY"


def _add_phones(card, phones) -> None:
    for phone in phones:
        number = phone.number
        line = card.add("tel")
        line.value = number.as_e164
        mobile = phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
        line.type_paramlist = ["CELL", "VOICE"] if mobile else ["WORK", "VOICE"]


def _add_email(card, email: str) -> None:
    if email:
        line = card.add("email")
        line.value = email
        line.type_paramlist = ["INTERNET", "WORK"]
