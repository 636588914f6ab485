"""Alerts by email on the public site: double opt-in, preferences, the alerts.

Nothing is stored before the confirmation: the choices travel in the signed,
expiring confirmation link. The form answers the same whether the address is known
or not, so that it tells nobody who subscribed.
"""

import datetime

from django import forms
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communiques.models import Communique, Theme
from grandest_press.rate_limit import count_request
from journalists.addresses import normalise_email
from journalists.mail import PREFERENCES_SALT, absolute
from journalists.models import (
    TERRITORY_KINDS,
    Delivery,
    Sending,
    Subscriber,
    Suppression,
)
from partners.models import Organisation, TerritorialPact

CONFIRM_SALT = "journalists.subscribe"
CONFIRMATION_MAX_AGE = datetime.timedelta(days=3)
# Requests per hour: per address (one person's mailbox is not flooded), per client.
LIMIT_PER_ADDRESS = 3
LIMIT_PER_CLIENT = 10


class ChoicesForm(forms.Form):
    all_releases = forms.BooleanField(label=_("Tous les communiqués"), required=False)
    themes = forms.ModelMultipleChoiceField(
        label=_("Thèmes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Public pacts and territories only (set when built: public() reads the clock).
    pacts = forms.ModelMultipleChoiceField(
        label=_("Pactes territoriaux"),
        queryset=TerritorialPact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    territories = forms.ModelMultipleChoiceField(
        label=_("Territoires"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pacts"].queryset = TerritorialPact.objects.public()
        self.fields["territories"].queryset = (
            Organisation.objects.public().filter(kind__in=TERRITORY_KINDS).order_by("name")
        )

    def clean(self):
        data = super().clean()
        if not (
            data.get("all_releases")
            or data.get("themes")
            or data.get("pacts")
            or data.get("territories")
        ):
            raise forms.ValidationError(
                _("Choisissez au moins un thème, un pacte, un territoire ou tous les communiqués.")
            )
        return data

    def choices(self) -> dict:
        data = self.cleaned_data
        return {
            "all": bool(data["all_releases"]),
            "themes": [theme.pk for theme in data["themes"]],
            "pacts": [pact.pk for pact in data["pacts"]],
            "territories": [organisation.pk for organisation in data["territories"]],
        }


class SubscribeForm(ChoicesForm):
    email = forms.EmailField(label=_("Votre adresse de courriel"))

    field_order = ["email", "all_releases", "themes", "pacts", "territories"]


def too_many_requests(*, email: str, client: str | None) -> bool:
    """Counts this request; True past the hourly limits of the address or the client."""
    over = False
    for key, limit in [
        (f"subscribe:address:{normalise_email(email)}", LIMIT_PER_ADDRESS),
        (f"subscribe:client:{client}", LIMIT_PER_CLIENT),
    ]:
        over = count_request(key, 3600) > limit or over
    return over


def request_confirmation(*, email: str, choices: dict) -> None:
    """Mail the confirmation link, whoever the address is (known or not)."""
    token = signing.dumps({"email": email, **choices}, salt=CONFIRM_SALT, compress=True)
    url = absolute(reverse("journalists:confirm", kwargs={"token": token}))
    body = render_to_string(
        "journalists/email/confirmation.txt",
        {"url": url, "days": CONFIRMATION_MAX_AGE.days, "site_name": settings.SITE_NAME},
    )
    EmailMessage(
        subject=str(_("Confirmez votre abonnement aux communiqués de la Région Grand Est")),
        body=body,
        to=[email],
        reply_to=[settings.PRESS_OFFICE_EMAIL],
        headers={"Auto-Submitted": "auto-generated"},
    ).send()


def read_confirmation(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRMATION_MAX_AGE.total_seconds())
    except signing.BadSignature:
        return None


@transaction.atomic
def confirm(data: dict) -> Subscriber:
    """The address confirmed its choices: consent given (again), alerts on."""
    subscriber, _created = Subscriber.objects.get_or_create(
        normalised=normalise_email(data["email"]), defaults={"email": data["email"]}
    )
    subscriber.all_releases = data["all"]
    subscriber.confirmed_at = timezone.now()
    subscriber.save()
    subscriber.themes.set(Theme.objects.filter(pk__in=data["themes"]))
    subscriber.pacts.set(TerritorialPact.objects.filter(pk__in=data["pacts"]))
    subscriber.territories.set(
        Organisation.objects.filter(pk__in=data["territories"], kind__in=TERRITORY_KINDS)
    )
    # A new, explicit consent lifts an earlier unsubscription (never a bounce).
    Suppression.objects.filter(
        digest=subscriber.digest, reason=Suppression.Reason.UNSUBSCRIBED
    ).delete()
    return subscriber


def subscriber_from_preferences_token(token: str) -> Subscriber | None:
    try:
        value = signing.Signer(salt=PREFERENCES_SALT).unsign(token)
        pk, digest = value.split(".", 1)
        return Subscriber.objects.get(pk=int(pk), digest=digest)
    except (signing.BadSignature, ValueError, Subscriber.DoesNotExist):
        return None


def create_due_alerts(now=None) -> int:
    """An alert sending for each release published in the last day and not alerted yet.

    Run by every dispatch: the alerts go out at the publication minute, and after a
    worker stopped for a while, as soon as it is back (for a day).
    """
    now = now or timezone.now()
    releases = (
        Communique.objects.published(now=now)
        .filter(published_at__gte=now - datetime.timedelta(days=1))
        .exclude(pk__in=Sending.objects.filter(is_alert=True).values("communique_id"))
    )
    created = 0
    for communique in releases:
        try:
            with transaction.atomic():
                sending = Sending.objects.create(
                    communique=communique,
                    is_alert=True,
                    state=Sending.State.SCHEDULED,
                    send_at=communique.published_at,
                    launched_at=now,
                )
        except IntegrityError:
            continue  # another worker created it
        rows = [
            Delivery(
                sending=sending,
                subscriber=subscriber,
                email=subscriber.email,
                digest=subscriber.digest,
            )
            for subscriber in Subscriber.objects.alerted_by(communique)
        ]
        Delivery.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        created += 1
    return created
