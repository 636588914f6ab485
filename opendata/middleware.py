"""What every answer of the API gets, whatever the view: CORS for reading from any
site, a per-client rate limit, and problem details for addresses it does not know."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from grandest_press.rate_limit import api_rate_limited
from opendata import problems

API_PREFIX = "/api/"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link, Retry-After",
}


def allow_any_origin(response):
    """Readable from any site's scripts, never with the reader's cookies."""
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            return allow_any_origin(response)
        wait = api_rate_limited(request)
        if wait is not None:
            response = problems.problem(
                request,
                429,
                f"Trop de requêtes depuis votre adresse : réessayez dans {wait} secondes.",
                headers={"Retry-After": str(wait), "Cache-Control": "no-store"},
            )
            return allow_any_origin(response)
        head = request.method == "HEAD"
        if head:  # the API's operations are GETs: HEAD is a GET without the body
            request.method = "GET"
        response = self.get_response(request)
        if response.status_code == 404 and not response.get("Content-Type", "").startswith(
            problems.CONTENT_TYPE
        ):
            response = problems.problem(
                request, 404, "Aucune donnée publique ne correspond à cette adresse."
            )
        elif response.status_code == 405:
            response = problems.problem(
                request,
                405,
                "L’API est en lecture seule : seules les requêtes GET sont acceptées.",
                headers={"Allow": "GET, HEAD, OPTIONS"},
            )
        if response.get("Content-Type", "").startswith(problems.CONTENT_TYPE):
            # Never kept, by the page cache or anyone: a problem is about this request.
            if not response.has_header("Cache-Control"):
                add_never_cache_headers(response)
        elif response.status_code in (200, 304) and not response.has_header("Cache-Control"):
            # As public pages: a CDN or a reuser's client may keep an answer as long as a
            # withdrawn release may stay on a page.
            max_age = settings.RESPONSE_CACHE_PUBLIC_MAX_AGE
            patch_cache_control(response, public=True, max_age=max_age, s_maxage=max_age)
        if head and not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return allow_any_origin(response)
