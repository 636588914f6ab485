"""The press contact block: names, e-mail addresses and French phone numbers."""

import re

import phonenumbers

from communiques.importer.blocks import Block, plain
from communiques.importer.names import ORGANISATION_WORDS, PERSON_NAME, proper_case
from communiques.importer.structure import ContactRef
from grandest_press.text import fold

CONTACT_HEADER = re.compile(
    r"""
    ^ \s* (?: \*\* )? \s*                       # **Contacts presse :**
    (?: contacts? | relations? ) [\s-]+ presse  # Relations presse
    \s* (?: \*\* )? \s* :? \s* (?: \*\* )? \s*
    """,
    re.IGNORECASE | re.VERBOSE,
)
CONTACT_LABEL = re.compile(
    r"""
    (?<! [\w] )                                 # Tél. : 06 …, Courriel : …
    (?: Tél | Tel | Téléphone | Telephone | Portable | Mobile | Fixe | Mail | Courriel
      | E-mail | Email | Mél )
    \s* [.:] \s*
    """,
    re.IGNORECASE | re.VERBOSE,
)
EMAIL = re.compile(r"[\w.+-]+ @ [\w-]+ (?: \.[\w-]+ )+", re.VERBOSE)  # presse@grandest.fr
PHONE = re.compile(
    r"""
    (?<! [\d+] )
    (?: \+33 \s? \(? 0? \)? \s? | 0 ) [1-9]     # 06, +33 6, +33 (0)6
    (?: [\s.\-\u00a0]? \d{2} ){4}               # 84 80 11 48
    (?! \d )
    """,
    re.VERBOSE,
)
SERVICE_MAILBOXES = re.compile(
    r"^ (?: presse | press | communication | contact | info | service )",  # presse@…
    re.IGNORECASE | re.VERBOSE,
)
SEPARATORS = re.compile(r"[\s/|,;:–—\-•]+")  # "Sandrine Poirier – 06 … / …"


def parse_contacts(parsed, numbered_lines) -> list[Block]:
    """Fill parsed.contacts; return what could not be read, to keep it in the body."""
    header_line, header = numbered_lines[0]
    parsed.contact_header_line = header_line
    parsed.note("Bloc contact presse", header.strip(), header_line)
    lines = [(header_line, CONTACT_HEADER.sub("", header, count=1)), *numbered_lines[1:]]
    contacts: list[ContactRef] = []
    leftovers: list[Block] = []
    current = None
    for number, line in lines:
        if not line.strip():
            continue
        cleaned = CONTACT_LABEL.sub(" ", plain(line))
        emails = EMAIL.findall(cleaned)
        phones = list(PHONE.finditer(cleaned))
        rest = EMAIL.sub(" ", cleaned)
        rest = PHONE.sub(" ", rest)
        rest = SEPARATORS.sub(" ", rest).strip()
        unread = []
        if rest:
            if PERSON_NAME.match(rest) and not ORGANISATION_WORDS.search(rest):
                current = ContactRef(name=proper_case(rest), line=number)
                contacts.append(current)
            else:
                unread.append(rest)
        for match in phones:
            normalised = normalise_phone(match.group(0))
            if normalised is None:
                unread.append(match.group(0))
                continue
            if current is None:
                current = ContactRef(line=number)
                contacts.append(current)
            if normalised not in current.phones:
                current.phones.append(normalised)
                current.phone_wordings.append(match.group(0))
        for email in emails:
            owner = _email_owner(email, contacts, current)
            if owner is None:
                owner = ContactRef(email=email.lower(), line=number)
                contacts.append(owner)
            else:
                owner.email = email.lower()
        if unread:
            leftovers.append(Block("paragraph", [(number, line.strip())]))
    for contact in contacts:
        if contact.name or contact.email:
            parsed.contacts.append(contact)
            parsed.note(
                "Contact presse",
                " ".join(filter(None, [contact.name, contact.email, *contact.phones])),
                contact.line,
            )
        else:
            numbers = " / ".join(contact.phone_wordings)
            leftovers.append(Block("paragraph", [(contact.line, numbers)]))
    return leftovers


def is_contact_header(line: str) -> bool:
    return bool(CONTACT_HEADER.match(line)) and len(CONTACT_HEADER.sub("", line, count=1)) < 200


def _email_owner(email, contacts, current):
    local = fold(email.split("@")[0], separator="")
    for contact in contacts:
        if contact.name and not contact.email:
            parts = [fold(part, separator="") for part in contact.name.split()]
            if any(part and part in local for part in parts if len(part) > 2):
                return contact
    if SERVICE_MAILBOXES.match(local):
        return None
    if current is not None and not current.email:
        return current
    return None


def normalise_phone(wording: str) -> str | None:
    """A French phone number as E.164 ("+33684801148"), or None if it is not valid."""
    try:
        number = phonenumbers.parse(wording, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
