"""The email of a sending, as one recipient receives it.

French, HTML and plain text, readable without images. Before the embargo lifts it
carries only the title and the recipient's own preview link: nothing of the text
travels by email before the publication minute. No tracking pixel, no rewritten
link: the openings of personal preview links are the only signal.
"""

from email.utils import formataddr

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from communiques.models import Communique, PreviewLink
from grandest_press.richtext import html_to_text
from grandest_press.typography import french_date, french_time

UNSUBSCRIBE_SALT = "journalists.unsubscribe"
PREFERENCES_SALT = "journalists.preferences"
LIST_ID = "Communiqués de la Région Grand Est <communiques.presse.grandest.fr>"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def unsubscribe_token(digest: str) -> str:
    """Designates an address by its digest: the link never shows the address."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(digest)


def digest_from_unsubscribe_token(token: str) -> str | None:
    try:
        return signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None


def unsubscribe_url(digest: str) -> str:
    return absolute(reverse("journalists:unsubscribe", kwargs={"token": unsubscribe_token(digest)}))


def embargo_subject(communique: Communique) -> str:
    """ "[Sous embargo jusqu’au jeudi 5 septembre 2019 à 11 h] Titre"."""
    lifted_at = communique.published_at
    prefix = _("[Sous embargo jusqu’au %(date)s à %(time)s]") % {
        "date": french_date(lifted_at),
        "time": french_time(lifted_at),
    }
    return f"{prefix} {communique.title}"


def message_id(delivery) -> str:
    """Stable per delivery: a message sent again after a crash keeps its identity."""
    domain = settings.PRESS_OFFICE_EMAIL.rpartition("@")[2] or "grandest.fr"
    return f"<envoi-{delivery.sending_id}-{delivery.pk}@{domain}>"


def release_context(communique: Communique) -> dict:
    """What every message of a sending shows of the release, computed once per sending.

    `communique` comes from Communique.objects.get_for_detail(): quotes and contacts
    are already there.
    """
    under_embargo = not communique.is_published()
    quotes = []
    if not under_embargo:
        for quote in communique.quotes_list:
            mandate = quote.speaker_mandate
            quotes.append(
                {
                    "paragraphs": quote.paragraphs,
                    "speaker": quote.speaker.full_name,
                    "role": mandate.role_label if mandate else "",
                }
            )
    contacts = [
        {
            "name": contact.name or _("Service presse"),
            "organisation": contact.organisation.display_name,
            "phones": [phone.number for phone in contact.phones_list],
            "email": contact.email,
        }
        for contact in (link.contact for link in communique.contact_links_list)
    ]
    return {
        "communique": communique,
        "under_embargo": under_embargo,
        "subject": embargo_subject(communique) if under_embargo else communique.title,
        "public_url": None if under_embargo else absolute(communique.get_absolute_url()),
        "kit_url": None if under_embargo else absolute(communique.get_kit_url()),
        "body_text": "" if under_embargo else html_to_text(communique.body),
        "quotes": quotes,
        "contacts": contacts,
        "lifted_at": communique.published_at,
        "site_url": settings.SITE_URL,
        "site_name": settings.SITE_NAME,
    }


def build(delivery, *, release: dict, preview_link: PreviewLink | None):
    """The message of one delivery, from release_context() and the recipient's link."""
    if release["under_embargo"] and preview_link is None:
        raise ValueError("An embargoed release is only ever sent with a personal link.")
    unsubscribe = unsubscribe_url(delivery.digest)
    context = {
        **release,
        "read_url": absolute(preview_link.get_absolute_url())
        if release["under_embargo"]
        else release["public_url"],
        "unsubscribe_url": unsubscribe,
        "preferences_url": preferences_url(delivery.subscriber) if delivery.subscriber_id else None,
    }
    return _message(
        delivery,
        subject=release["subject"],
        text=render_to_string("journalists/email/communique.txt", context),
        html=render_to_string("journalists/email/communique.html", context),
        unsubscribe=unsubscribe,
    )


def build_notice(delivery):
    """A rectificatif or a withdrawal notice: the title, the explanation, never the text."""
    sending = delivery.sending
    communique = sending.communique
    withdrawn = sending.kind == "withdrawal"
    context = {
        "communique": communique,
        "withdrawn": withdrawn,
        "note": sending.note,
        "public_url": None if withdrawn else absolute(communique.get_absolute_url()),
        "site_url": settings.SITE_URL,
        "site_name": settings.SITE_NAME,
        "unsubscribe_url": unsubscribe_url(delivery.digest),
        "preferences_url": preferences_url(delivery.subscriber) if delivery.subscriber_id else None,
    }
    if withdrawn:
        subject = _("Retrait : %(title)s") % {"title": communique.title}
    else:
        subject = _("Rectificatif : %(title)s") % {"title": communique.title}
    return _message(
        delivery,
        subject=subject,
        text=render_to_string("journalists/email/notice.txt", context),
        html=render_to_string("journalists/email/notice.html", context),
        unsubscribe=context["unsubscribe_url"],
    )


def _message(delivery, *, subject, text, html, unsubscribe):
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((recipient_name(delivery), delivery.email))],
        reply_to=[settings.PRESS_OFFICE_EMAIL],
        headers={
            "Message-ID": message_id(delivery),
            "List-Id": LIST_ID,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Content-Language": "fr",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def recipient_name(delivery) -> str:
    return delivery.journalist.name if delivery.journalist_id else ""


def preferences_token(subscriber) -> str:
    return signing.Signer(salt=PREFERENCES_SALT).sign(f"{subscriber.pk}.{subscriber.digest}")


def preferences_url(subscriber) -> str:
    """The subscriber's own page of choices, from every alert (no account)."""
    return absolute(
        reverse("journalists:preferences", kwargs={"token": preferences_token(subscriber)})
    )
