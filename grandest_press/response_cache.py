"""Whole-page cache for anonymous readers, never stale.

Why whole pages: readers arrive in bursts on a few pages, and a cache hit must
cost almost nothing (two cache reads, no database, no template). Why one
generation counter instead of per-page keys: any change to public content bumps
the generation, so every page is re-rendered once afterwards. Changes are a few a
day; reads are thousands an hour; and no page can ever be forgotten in an
invalidation list, which is how page caches usually go stale.

Time also changes what the public sees: a scheduled release turns public at its
minute. Apps register a function giving the next such moment; cached pages never
outlive it, and reaching it starts a new generation.

Not cached: anything but GET/HEAD, requests with a session cookie (staff),
responses that set cookies or say private/no-store (embargo previews, admin),
and errors other than 404.
"""

import functools
import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe

from grandest_press.middleware import RequestIdMiddleware, request_id_for

logger = logging.getLogger(__name__)

STATE_KEY = "response-cache:state"
# Where the WSGI front leaves its lookup for the middleware: (key, state), or None when
# the cache was unreachable. Not a header: no client can set it.
LOOKUP_ENVIRON_KEY = "grandest_press.response_cache.lookup"
_NOT_LOOKED_UP = object()
GENERATION_KEY = "response-cache:generation"
CACHEABLE_STATUSES = {200, 301, 404}

_next_change_providers: list[Callable[[], float | None]] = []


def cache():
    return caches[getattr(settings, "RESPONSE_CACHE_ALIAS", "default")]


def timeout() -> int:
    return getattr(settings, "RESPONSE_CACHE_TIMEOUT", 600)


# Invalidation -------------------------------------------------------------------


def invalidate(**kwargs) -> None:
    """Start a new generation: every cached page is rendered afresh on its next request.

    Called at once (so the current process never serves an old page) and again when
    the transaction commits (so a page rendered meanwhile, from data not yet
    committed, is not kept either).
    """
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    try:
        cache().set(GENERATION_KEY, _unique_id(), None)
        cache().delete(STATE_KEY)
    except Exception:
        # Saving content must not fail because the cache is down; pages cached before
        # the outage expire within RESPONSE_CACHE_TIMEOUT.
        logger.exception("Response cache unavailable: generation not renewed")


def _unique_id() -> str:
    # Not a timestamp: two changes in the same clock tick (or under a frozen test
    # clock) must still make two generations.
    return uuid.uuid4().hex


def invalidate_on_changes_to(*models) -> None:
    """Connect the signals that mean "public content changed" for these models."""
    for model in models:
        uid = f"response-cache:{model._meta.label}"
        post_save.connect(invalidate, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(invalidate, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                invalidate,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{uid}:{field.name}:m2m",
            )


def expire_at_next_change(provider: Callable[[], float | None]) -> None:
    """Register a function returning the next time (Unix seconds) public content
    changes by itself, such as a scheduled publication, or None."""
    _next_change_providers.append(provider)


_UNREAD = object()


def current_state(prefetched=_UNREAD) -> dict:
    """{"generation": …, "valid_until": Unix time or None}, recomputed when it lapses.

    Every stored page names the generation it was rendered in: a new generation
    (content changed) or a new validity window (a scheduled release is now public)
    means the stored pages are no longer served.
    """
    state = cache().get(STATE_KEY) if prefetched is _UNREAD else prefetched
    now = time.time()
    if state is not None and (state["valid_until"] is None or now < state["valid_until"]):
        return state
    generation = cache().get(GENERATION_KEY)
    if generation is None:
        generation = _unique_id()
        cache().set(GENERATION_KEY, generation, None)
    upcoming = [moment for moment in (provider() for provider in _next_change_providers) if moment]
    valid_until = min(upcoming) if upcoming else None
    state = {"generation": f"{generation}-{valid_until}", "valid_until": valid_until}
    state_timeout = None if valid_until is None else max(1, int(valid_until - now) + 1)
    cache().set(STATE_KEY, state, state_timeout)
    return state


def generation_cached(key: str, compute: Callable[[], object], timeout: int):
    """compute(), kept in the shared cache for the current content generation.

    For what only public content decides, such as the release list's filter form and
    count: one round trip when it is kept (the state and the value in one MGET, as a
    page lookup), computed again once content changes or a scheduled release's time
    comes. If the cache is down, computed every time.
    """
    try:
        found = cache().get_many([STATE_KEY, key])
        state = current_state(found.get(STATE_KEY))
    except Exception:
        logger.exception("Response cache unavailable")
        return compute()
    kept = found.get(key)
    if kept is not None and kept[0] == state["generation"]:
        return kept[1]
    value = compute()
    try:
        cache().set(key, (state["generation"], value), timeout)
    except Exception:
        logger.exception("Response cache unavailable")
    return value


# Middleware ---------------------------------------------------------------------


@functools.cache
def _config():
    """Settings read on every request, looked up once (and again if a test changes them)."""
    excluded = [*getattr(settings, "RESPONSE_CACHE_EXCLUDED_PATHS", ())]
    # Static files and media are files, served as such: never looked up here.
    excluded += [f"/{url.lstrip('/')}" for url in (settings.STATIC_URL, settings.MEDIA_URL) if url]
    return {
        "enabled": getattr(settings, "RESPONSE_CACHE_ENABLED", True),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "excluded": tuple(excluded),
    }


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
    """Near the top of the stack: serves anonymous GETs from the cache, stores the rest.

    A hit costs one cache round trip and no more: the security headers of the page were
    stored with it, so the middleware below it does not run again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        looked_up = request.META.pop(LOOKUP_ENVIRON_KEY, _NOT_LOOKED_UP)
        if looked_up is None:  # the WSGI front found the cache down: serve uncached
            return self.get_response(request)
        if looked_up is not _NOT_LOOKED_UP:  # the WSGI front's lookup found no page
            key, state = looked_up
        else:
            key = self.key(request)
            try:
                entry, state = self.lookup(key)
            except Exception:  # the cache is down: serve from the database, uncached
                logger.exception("Response cache unavailable")
                return self.get_response(request)
            if entry is not None:
                return self.hit(request, entry)
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            self.store(key, response, state)
            response["X-Cache"] = "MISS"
        return response

    @staticmethod
    def lookup(key):
        """(the page's entry if it is of the current generation, or None; the state).

        One round trip: the shared state, and the page unless this process holds a copy
        of it (pages are 10 to 60 KB; the state is a few bytes). A copy is served only
        if it names the generation the shared cache gives now, so it is never staler
        than the shared cache itself.
        """
        local = _local_pages.get(key)
        found = cache().get_many([STATE_KEY] if local else [STATE_KEY, key])
        state = current_state(found.get(STATE_KEY))
        entry = local or found.get(key)
        if local and local[0] != state["generation"]:
            entry = cache().get(key)  # an older generation's copy: the shared one may be newer
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
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )

    @staticmethod
    def is_cacheable_request(request) -> bool:
        config = _config()
        return (
            config["enabled"]
            and request.method in ("GET", "HEAD")
            and config["session_cookie"] not in request.COOKIES
            and not request.path.startswith(config["excluded"])
        )

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
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
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
            cache().set(key, entry, seconds)
        except Exception:
            logger.exception("Response cache unavailable")
            return
        _local_pages.keep(key, entry)


def _parse_http_date(value):
    return parse_http_date_safe(value) if value else None


class CachedPagesApplication:
    """The WSGI application: cache hits served before Django handles the request.

    Why: through Django, a hit also pays for the request signals, the middleware stack
    and an HttpResponse, about as much as the cache round trip itself. Here a plain
    anonymous GET or HEAD is looked up with the middleware's own rules (same key, same
    exclusions) and a hit returns the stored status, headers and bytes. Everything else
    goes to Django: staff, conditional requests (the middleware answers them with a
    304), pages not found in the cache (with this lookup attached, so the middleware
    stores the page without looking again), and all requests when the cache is down.
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
            if AnonymousResponseCacheMiddleware.is_cacheable_request(request):
                entry = self.lookup(request, environ)
                if entry is not None:
                    return self.hit(environ, start_response, entry)
        return self.application(environ, start_response)

    @staticmethod
    def lookup(request, environ):
        """The page's entry, or None after leaving the lookup for the middleware."""
        try:
            key = AnonymousResponseCacheMiddleware.key(request)
        except DisallowedHost:
            return None  # Django answers 400
        try:
            entry, state = AnonymousResponseCacheMiddleware.lookup(key)
        except Exception:
            logger.exception("Response cache unavailable")
            environ[LOOKUP_ENVIRON_KEY] = None
            return None
        if entry is None:
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
