"""Email addresses as the directory keys them: one normal form, one digest."""

import hashlib


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
