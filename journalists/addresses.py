"""Email addresses as the directory keys them: one normal form, one digest."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _


def normalise_email(address: str) -> str:
    """ "  Claire.Martin@EST-Republicain.fr " → "claire.martin@est-republicain.fr".

    Mailbox names are case-sensitive in theory (RFC 5321) and never in practice: every
    provider a press office writes to folds them, and a list keyed case-sensitively
    mails the same person twice.
    """
    return (address or "").strip().lower()


def email_digest(address: str) -> str:
    """The key of the suppression list: it never holds an address in clear."""
    return hashlib.sha256(normalise_email(address).encode()).hexdigest()


def parse_addresses(text: str) -> list[str]:
    """One address a line, blank lines ignored, each kept once (in its first spelling).

    Raises one ValidationError naming every invalid line.
    """
    addresses, seen, errors = [], set(), []
    for number, line in enumerate((text or "").splitlines(), start=1):
        address = line.strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            errors.append(
                _("Ligne %(number)s : « %(line)s » n’est pas une adresse de courriel valide.")
                % {"number": number, "line": address}
            )
            continue
        if normalise_email(address) not in seen:
            seen.add(normalise_email(address))
            addresses.append(address)
    if errors:
        raise ValidationError(errors)
    return addresses
