from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from journalists import mail
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
