"""Whole-page cache for anonymous readers, never stale, even through cache faults.

Why whole pages: readers arrive in bursts on a few pages, and a cache hit must
cost almost nothing (one cache round trip, no database, no template). Why one
generation counter instead of per-page keys: any change to public content bumps
the generation, so every page is re-rendered once afterwards. Changes are a few a
day; reads are thousands an hour; and no page can ever be forgotten in an
invalidation list, which is how page caches usually go stale.

The generation lives in the database (grandest_press.models.ContentGeneration),
bumped in the transaction of the change. The shared cache only mirrors it, and a
mirror older than RESPONSE_CACHE_STATE_TIMEOUT seconds is read again from the
database. So a change that committed is served within those seconds even if the
cache was paused, restarted or unreachable when it should have been told: a missed
invalidation costs seconds, never RESPONSE_CACHE_TIMEOUT.

Time also changes what the public sees: a scheduled release turns public at its
minute. Apps register a function giving the next such moment; cached pages never
outlive it, and reaching it starts a new generation.

Faults: a cache that fails or times out (short socket timeouts, settings.CACHES) is
skipped for RESPONSE_CACHE_RETRY_AFTER seconds by every request of the process,
which renders from the database meanwhile (`breaker`,
grandest_press.circuit_breaker); it is logged once when it
trips and once when it is back. A database that is down leaves the pages already
cached served (the last known generation stays in use); the rest answers 503
(grandest_press.middleware.DatabaseUnavailableMiddleware).

Not cached: anything but GET/HEAD, a valid staff session (staff see their pages as
rendered), responses that set cookies or say private/no-store (embargo previews,
admin), and errors other than 404. Any other session cookie is ignored: the request
is served as anonymous. Query parameters a view does not read (utm_*, fbclid,
anything) are dropped before the page is looked up or rendered, and the ones it
reads are put in one order without empty values (`canonical_query`), so a random
query string never costs a render.

Counted pages (RESPONSE_CACHE_COUNTED_PATHS: the API) are kept too, but every request
still counts against its client's rate limit, in the same round trip as the lookup on
Redis (grandest_press.counted_pages); a client over its limit gets the API's 429 from
Django, never a kept page. They are kept for their query string as sent, whatever a
session cookie says (the API reads none).

Every response states how long others may keep it (`set_cache_policy`): public pages
RESPONSE_CACHE_PUBLIC_MAX_AGE seconds (browsers and CDNs), the rest never.

Where each part lives: the generation, its invalidation and `generation_cached` in
grandest_press.content_state; which requests are public, `canonical_query` and
`set_cache_policy` in grandest_press.cache_rules; the circuit breaker in
grandest_press.circuit_breaker. This module holds the two fronts that serve pages
(the middleware and the WSGI application) and re-exports the names the project
imports from it.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import DatabaseError
from django.dispatch import receiver
from django.http import HttpResponse, QueryDict
from django.utils.cache import (
    get_conditional_response,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe

from grandest_press.cache_rules import (
    _config,
    canonical_query,
    is_public_request,
    is_staff_session,
    page_query,
    query_parameters,
    set_cache_policy,
)
from grandest_press.circuit_breaker import CacheUnavailable, CircuitBreaker
from grandest_press.content_state import (
    STATE_KEY,
    _database_backoff,
    breaker,
    cache,
    current_state,
    expire_at_next_change,
    generation_cached,
    invalidate,
    invalidate_on_changes_to,
    timeout,
)
from grandest_press.counted_pages import count_and_get
from grandest_press.db_router import replica_caught_up_to
from grandest_press.middleware import RequestIdMiddleware, request_id_for

# Where the WSGI front leaves its lookup for the middleware: (key, state), or None when
# the cache was unreachable. Not a header: no client can set it.
LOOKUP_ENVIRON_KEY = "grandest_press.response_cache.lookup"
_NOT_LOOKED_UP = object()
CACHEABLE_STATUSES = {200, 301, 404}


# Middleware ---------------------------------------------------------------------


class LocalPages:
    """This process's copies of the most recently served pages (least recently used
    out first): a hit then fetches only the shared state, not the page."""

    def __init__(self):
        self.entries = OrderedDict()
        self.lock = threading.Lock()  # gunicorn may run threads (GUNICORN_THREADS)

    def get(self, key):
        return self.entries.get(key)

    def keep(self, key, entry) -> None:
        limit = getattr(settings, "RESPONSE_CACHE_LOCAL_PAGES", 256)
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > limit:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_local_pages = LocalPages()


@receiver(setting_changed)
def _settings_changed(**kwargs):
    _config.cache_clear()
    _local_pages.clear()


class AnonymousResponseCacheMiddleware:
    """Near the top of the stack: serves anonymous GETs from the cache, stores the rest,
    and gives every response its Cache-Control.

    A hit costs one cache round trip and no more: the security headers of the page were
    stored with it, so the middleware below it does not run again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return set_cache_policy(request, self.get_response(request))
        self.serve_as_anonymous(request)
        looked_up = request.META.pop(LOOKUP_ENVIRON_KEY, _NOT_LOOKED_UP)
        if looked_up is None:  # the WSGI front found the cache down: serve uncached
            return set_cache_policy(request, self.get_response(request))
        if looked_up is not _NOT_LOOKED_UP:  # the WSGI front's lookup found no page
            key, state = looked_up
        else:
            key = self.key(request)
            try:
                entry, state = self.lookup(key, request if is_counted(request) else None)
            except (CacheUnavailable, DatabaseError):
                # Rendered from the database, uncached (or a 503 if it is down too).
                return set_cache_policy(request, self.get_response(request))
            if entry is not None:
                return self.hit(request, entry)
        if state is None:  # over its rate limit: the view's middleware answers 429
            return set_cache_policy(request, self.get_response(request))
        # Rendered from the replica only once it holds this generation's content.
        with replica_caught_up_to(state.get("position")):
            response = set_cache_policy(request, self.get_response(request))
        if self.is_cacheable_response(response):
            self.store(key, response, state)
            response["X-Cache"] = "MISS"
        return response

    @staticmethod
    def serve_as_anonymous(request) -> None:
        """The page is rendered as its key says: for a reader without a session, with
        the query string it is kept for (`page_query`)."""
        request.COOKIES.pop(_config()["session_cookie"], None)
        query = page_query(request.path_info, request.META.get("QUERY_STRING", ""))
        if query != request.META.get("QUERY_STRING", ""):
            request.META["QUERY_STRING"] = query
            request.GET = QueryDict(query)

    @staticmethod
    def lookup(key, counted_request=None):
        """(the page's entry if it is of the current generation, or None; the state),
        or (None, None) when `counted_request` is over its client's rate limit.

        One round trip: the shared state, and the page unless this process holds a copy
        of it (pages are 10 to 60 KB; the state is a few bytes). A copy is served only
        if it names the generation the shared cache gives now, so it is never staler
        than the shared cache itself. A counted request (a path in
        RESPONSE_CACHE_COUNTED_PATHS) is counted in that same round trip on Redis.
        """
        local = _local_pages.get(key)
        keys = [STATE_KEY] if local else [STATE_KEY, key]
        if counted_request is None:
            found = breaker.call(cache().get_many, keys)
        elif (found := count_and_get(counted_request, keys)) is None:
            return None, None
        state = current_state(found.get(STATE_KEY))
        entry = local or found.get(key)
        if local and local[0] != state["generation"]:
            # An older generation's copy: the shared one may be newer.
            entry = breaker.call(cache().get, key)
        if entry is None or entry[0] != state["generation"]:
            return None, state
        _local_pages.keep(key, entry)
        return entry, state

    @staticmethod
    def hit(request, entry):
        _generation, status, headers, content, last_modified = entry
        response = HttpResponse(content, status=status, headers=headers)
        response["X-Cache"] = "HIT"
        if "HTTP_IF_NONE_MATCH" not in request.META and (
            "HTTP_IF_MODIFIED_SINCE" not in request.META
        ):
            return response
        conditional = get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )
        # A 304 keeps only the validators and Cache-Control: scripts of other sites
        # (CORS) must still be allowed to read it.
        for name, value in headers.items():
            if name.startswith("Access-Control-"):
                conditional[name] = value
        return conditional

    @staticmethod
    def is_cacheable_request(request) -> bool:
        return _config()["enabled"] and is_public_request(request)

    @staticmethod
    def is_cacheable_response(response) -> bool:
        if response.status_code not in CACHEABLE_STATUSES or response.streaming:
            return False
        if response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        return "private" not in cache_control and "no-store" not in cache_control

    @staticmethod
    def key(request) -> str:
        query = page_query(request.path_info, request.META.get("QUERY_STRING", ""))
        url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
        digest = hashlib.sha256(url.encode()).hexdigest()
        return f"response-cache:page:{request.method == 'HEAD'}:{digest}"

    @staticmethod
    def store(key, response, state) -> None:
        seconds = timeout()
        if state["valid_until"] is not None:
            seconds = min(seconds, max(1, int(state["valid_until"] - time.time())))
        if not response.has_header("ETag"):
            set_response_etag(response)
        # Plain data, not the response object: cheaper to store and to read back.
        entry = (
            state["generation"],
            response.status_code,
            dict(response.items()),
            response.content,
            _parse_http_date(response.get("Last-Modified")),
        )
        try:
            breaker.call(cache().set, key, entry, seconds)
        except CacheUnavailable:
            return
        _local_pages.keep(key, entry)


def is_counted(request) -> bool:
    return request.path.startswith(_config()["counted"])


def _parse_http_date(value):
    return parse_http_date_safe(value) if value else None


class CachedPagesApplication:
    """The WSGI application: cache hits served before Django handles the request.

    Why: through Django, a hit also pays for the request signals, the middleware stack
    and an HttpResponse, about as much as the cache round trip itself. Here a plain
    anonymous GET or HEAD is looked up with the middleware's own rules (same key, same
    query parameters, same exclusions) and a hit returns the stored status, headers
    and bytes; on a counted path, once the request is counted. Everything else goes to
    Django: requests with a session cookie (the middleware tells staff from the rest,
    with the database) except on counted paths, conditional requests
    (the middleware answers them with a 304), pages not found in the cache (with this
    lookup attached, so the middleware stores the page without looking again), counted
    requests over their limit (with the verdict attached, so the API's middleware
    answers 429 without counting again), and all requests while the cache is down.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if (
            environ.get("REQUEST_METHOD") in ("GET", "HEAD")
            and "HTTP_IF_NONE_MATCH" not in environ
            and "HTTP_IF_MODIFIED_SINCE" not in environ
        ):
            request = WSGIRequest(environ)
            config = _config()
            if config["enabled"] and not request.path.startswith(config["excluded"]):
                counted = request.path.startswith(config["counted"])
                if counted or config["session_cookie"] not in request.COOKIES:
                    entry = self.lookup(request, environ, counted)
                    if entry is not None:
                        return self.hit(environ, start_response, entry)
        return self.application(environ, start_response)

    @staticmethod
    def lookup(request, environ, counted):
        """The page's entry, or None after leaving the lookup for the middleware (and,
        on a counted path, the rate limit's verdict for the API's middleware)."""
        try:
            key = AnonymousResponseCacheMiddleware.key(request)
        except DisallowedHost:
            return None  # Django answers 400
        try:
            entry, state = AnonymousResponseCacheMiddleware.lookup(
                key, request if counted else None
            )
        except Exception as error:
            # The cache is down, or the database with no generation known yet.
            if not isinstance(error, CacheUnavailable | DatabaseError):
                breaker.failed(error)
            environ[LOOKUP_ENVIRON_KEY] = None
            return None
        if entry is None and state is not None:
            environ[LOOKUP_ENVIRON_KEY] = (key, state)
        return entry

    @staticmethod
    def hit(environ, start_response, entry):
        _generation, status, headers, content, _last_modified = entry
        request_id = request_id_for(environ.get("HTTP_X_REQUEST_ID", ""))
        start_response(
            f"{status} {HTTPStatus(status).phrase}",
            [
                *headers.items(),
                ("X-Cache", "HIT"),
                (RequestIdMiddleware.header, request_id),
            ],
        )
        return [content]


__all__ = [
    "CACHEABLE_STATUSES",
    "LOOKUP_ENVIRON_KEY",
    "STATE_KEY",
    "AnonymousResponseCacheMiddleware",
    "CacheUnavailable",
    "CachedPagesApplication",
    "CircuitBreaker",
    "LocalPages",
    "_database_backoff",
    "_local_pages",
    "breaker",
    "cache",
    "canonical_query",
    "current_state",
    "expire_at_next_change",
    "generation_cached",
    "invalidate",
    "invalidate_on_changes_to",
    "is_public_request",
    "is_staff_session",
    "query_parameters",
    "set_cache_policy",
    "timeout",
]
