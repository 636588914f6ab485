from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from grandest_press.auth import client_ip
from journalists import mail, subscriptions
from journalists.models import Suppression


def private(response):
    """Pages reached by a personal link: never cached, never indexed."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# Mail clients send RFC 8058's one-click POST without a page, a cookie or a token:
# the signed link is the proof. Only this view is exempt from CSRF.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: a page with one button; POST (the button, or the mail client): unsubscribed."""
    digest = mail.digest_from_unsubscribe_token(token)
    if digest is None:
        raise Http404
    done = request.method == "POST"
    if done:
        Suppression.objects.get_or_create(
            digest=digest, defaults={"reason": Suppression.Reason.UNSUBSCRIBED}
        )
    return private(
        TemplateResponse(request, "journalists/unsubscribe.html", {"done": done, "token": token})
    )


def subscribe(request):
    """The subscription form; the same answer for a known and an unknown address."""
    form = subscriptions.SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if subscriptions.too_many_requests(email=email, client=client_ip(request)):
            response = TemplateResponse(
                request, "journalists/subscribe.html", {"form": form, "limited": True}, status=429
            )
            return private(response)
        subscriptions.request_confirmation(email=email, choices=form.choices())
        return private(
            TemplateResponse(request, "journalists/subscribe_sent.html", {"email": email})
        )
    return private(TemplateResponse(request, "journalists/subscribe.html", {"form": form}))


def confirm(request, token):
    """GET: a button (mail scanners follow links, they do not press buttons); POST: done."""
    data = subscriptions.read_confirmation(token)
    if data is None:
        return private(TemplateResponse(request, "journalists/confirm_expired.html", status=410))
    subscriber = None
    if request.method == "POST":
        subscriber = subscriptions.confirm(data)
    return private(
        TemplateResponse(
            request,
            "journalists/confirm.html",
            {
                "token": token,
                "email": data["email"],
                "subscriber": subscriber,
                "preferences_url": subscriber and mail.preferences_url(subscriber),
            },
        )
    )


def preferences(request, token):
    """The subscriber's choices, reached by the signed link of every alert."""
    subscriber = subscriptions.subscriber_from_preferences_token(token)
    if subscriber is None:
        raise Http404
    initial = {
        "all_releases": subscriber.all_releases,
        "themes": subscriber.themes.all(),
        "pacts": subscriber.pacts.all(),
        "territories": subscriber.territories.all(),
    }
    form = subscriptions.ChoicesForm(request.POST or None, initial=initial)
    saved = False
    if request.method == "POST" and form.is_valid():
        choices = form.choices()
        subscriptions.confirm({"email": subscriber.email, **choices})
        saved = True
    return private(
        TemplateResponse(
            request,
            "journalists/preferences.html",
            {
                "form": form,
                "saved": saved,
                "subscriber": subscriber,
                "token": token,
                "unsubscribe_url": reverse(
                    "journalists:unsubscribe",
                    kwargs={"token": mail.unsubscribe_token(subscriber.digest)},
                ),
            },
        )
    )
