"""Writes that span several models of the directory (RGPD export and erasure)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from journalists.models import Journalist, Suppression


def personal_data(journalist: Journalist) -> dict:
    """Everything the directory holds about one journalist, for a subject access request."""
    return {
        "nom": journalist.name,
        "média": journalist.media.name if journalist.media else None,
        "fonction": journalist.function,
        "courriels": [
            {
                "adresse": email.email,
                "base légale": email.get_legal_basis_display(),
                "source": email.source,
                "recueillie le": email.collected_on.isoformat(),
            }
            for email in journalist.emails.all()
        ],
        "téléphones": [
            {"numéro": phone.number.as_e164, "libellé": phone.label}
            for phone in journalist.phones.all()
        ],
        "rubriques": [theme.name for theme in journalist.beats.all()],
        "territoires": [organisation.name for organisation in journalist.territories.all()],
        "langues": [language.name for language in journalist.languages.all()],
        "listes": [recipient_list.name for recipient_list in journalist.lists.all()],
        "notes": journalist.notes,
        "créé le": journalist.created_at.isoformat(),
        "envois reçus": list(_deliveries(journalist)),
    }


def _deliveries(journalist):
    for delivery in journalist.deliveries.select_related("sending__communique").order_by("pk"):
        yield {
            "communiqué": delivery.sending.communique.title,
            "état": delivery.get_state_display(),
            "envoyé le": delivery.sent_at.isoformat() if delivery.sent_at else None,
        }


@transaction.atomic
def erase(journalist: Journalist) -> None:
    """Erase a journalist's personal data, keep the count of what was sent to them.

    Their addresses go to the suppression list (as digests), so a later import of the
    same address is never mailed.
    """
    for email in journalist.emails.all():
        Suppression.add(email.email, reason=Suppression.Reason.ERASED)
    journalist.emails.all().delete()
    journalist.phones.all().delete()
    journalist.beats.clear()
    journalist.territories.clear()
    journalist.languages.clear()
    journalist.lists.clear()
    journalist.deliveries.update(email="")
    journalist.name = _("Journaliste effacé·e n° %(pk)s") % {"pk": journalist.pk}
    journalist.function = ""
    journalist.notes = ""
    journalist.erased_at = timezone.now()
    journalist.save()
