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
which renders from the database meanwhile (`breaker`); it is logged once when it
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

Every response states how long others may keep it (`set_cache_policy`): public pages
RESPONSE_CACHE_PUBLIC_MAX_AGE seconds (browsers and CDNs), the rest never.
"""

import contextlib
import functools
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from http import HTTPStatus
from importlib import import_module
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.crypto import constant_time_compare
from django.utils.http import parse_http_date_safe

from grandest_press.middleware import RequestIdMiddleware, request_id_for
from grandest_press.models import ContentGeneration

logger = logging.getLogger(__name__)

STATE_KEY = "response-cache:state"
# Where the WSGI front leaves its lookup for the middleware: (key, state), or None when
# the cache was unreachable. Not a header: no client can set it.
LOOKUP_ENVIRON_KEY = "grandest_press.response_cache.lookup"
_NOT_LOOKED_UP = object()
CACHEABLE_STATUSES = {200, 301, 404}

_next_change_providers: list[Callable[[], float | None]] = []


def cache():
    return caches[getattr(settings, "RESPONSE_CACHE_ALIAS", "default")]


def timeout() -> int:
    return getattr(settings, "RESPONSE_CACHE_TIMEOUT", 600)


class CacheUnavailable(Exception):
    """The shared cache failed, or failed a moment ago and is being left alone."""


class CircuitBreaker:
    """After a cache failure, the cache is not asked again for RESPONSE_CACHE_RETRY_AFTER
    seconds: a hung Redis then costs one socket timeout per process and period, not
    one per request. Logged when it trips and when the cache answers again, not per
    request."""

    def __init__(self):
        self.retry_at = 0.0
        self.tripped = False

    def call(self, operation, *args):
        if self.tripped and time.monotonic() < self.retry_at:
            raise CacheUnavailable
        try:
            result = operation(*args)
        except Exception as error:
            self.failed(error)
            raise CacheUnavailable from error
        if self.tripped:
            self.tripped = False
            logger.warning("Response cache available again")
        return result

    def failed(self, error) -> None:
        self.retry_at = time.monotonic() + getattr(settings, "RESPONSE_CACHE_RETRY_AFTER", 5)
        if not self.tripped:
            self.tripped = True
            logger.error("Response cache unavailable", exc_info=error)

    def reset(self) -> None:
        self.retry_at, self.tripped = 0.0, False


breaker = CircuitBreaker()


# Invalidation -------------------------------------------------------------------


def invalidate(**kwargs) -> None:
    """Start a new generation: every cached page is rendered afresh on its next request.

    The database's generation is bumped in the change's transaction: that is what
    makes it durable. The cache's mirror is dropped at once (so this process never
    serves an old page) and again when the transaction commits (so a mirror read
    meanwhile, before the change was visible, is not kept either). If the cache misses
    both, its mirror is read again from the database within RESPONSE_CACHE_STATE_TIMEOUT.
    """
    ContentGeneration.bump()
    _forget_state()
    transaction.on_commit(_forget_state)


def _forget_state() -> None:
    try:
        cache().delete(STATE_KEY)
    except Exception as error:
        # Saving content must not fail because the cache is down.
        breaker.failed(error)


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


class _DatabaseBackoff:
    """While the database is down, this process asks it again every few seconds only."""

    retry_at = 0.0

    def ready(self) -> bool:
        return time.monotonic() >= self.retry_at

    def failed(self) -> None:
        self.retry_at = time.monotonic() + getattr(settings, "RESPONSE_CACHE_RETRY_AFTER", 5)


_database_backoff = _DatabaseBackoff()


def current_state(prefetched=_UNREAD) -> dict:
    """{"generation": …, "valid_until": Unix time or None, "checked_at": Unix time}.

    Every stored page names the generation it was rendered in: a new generation
    (content changed) or a new validity window (a scheduled release is now public)
    means the stored pages are no longer served. The cache's copy is trusted for
    RESPONSE_CACHE_STATE_TIMEOUT seconds after it was read from the database; then one
    request reads the database again (two small queries). With the database down, the
    last state read stays in use, so cached pages are still served.

    Raises CacheUnavailable, or DatabaseError when neither can give a state.
    """
    state = breaker.call(cache().get, STATE_KEY) if prefetched is _UNREAD else prefetched
    now = time.time()
    if state is not None and _is_fresh(state, now):
        return state
    if not _database_backoff.ready() and state is not None:
        return state
    try:
        generation = ContentGeneration.current()
        upcoming = [provider() for provider in _next_change_providers]
    except DatabaseError:
        _database_backoff.failed()
        if state is None:
            raise
        return state
    valid_until = min((moment for moment in upcoming if moment), default=None)
    state = {
        "generation": f"{generation}-{valid_until}",
        "valid_until": valid_until,
        "checked_at": now,
    }
    # Kept after it goes stale: the last known state while the database is down.
    breaker.call(cache().set, STATE_KEY, state, None)
    return state


def _is_fresh(state, now) -> bool:
    state_timeout = getattr(settings, "RESPONSE_CACHE_STATE_TIMEOUT", 2)
    checked_at = state.get("checked_at")  # absent from states stored by older versions
    return (
        checked_at is not None
        and 0 <= now - checked_at < state_timeout
        and (state["valid_until"] is None or now < state["valid_until"])
    )


def generation_cached(key: str, compute: Callable[[], object], timeout: int):
    """compute(), kept in the shared cache for the current content generation.

    For what only public content decides, such as the release list's filter form and
    count: one round trip when it is kept (the state and the value in one MGET, as a
    page lookup), computed again once content changes or a scheduled release's time
    comes. If the cache is down, computed every time.
    """
    try:
        found = breaker.call(cache().get_many, [STATE_KEY, key])
        state = current_state(found.get(STATE_KEY))
    except CacheUnavailable:
        return compute()
    kept = found.get(key)
    if kept is not None and kept[0] == state["generation"]:
        return kept[1]
    value = compute()
    with contextlib.suppress(CacheUnavailable):
        breaker.call(cache().set, key, (state["generation"], value), timeout)
    return value


# Which requests -----------------------------------------------------------------


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
        "max_age": getattr(settings, "RESPONSE_CACHE_PUBLIC_MAX_AGE", 60),
    }


def query_parameters(view) -> tuple[str, ...]:
    """The query parameters `view` reads: its `query_parameters` attribute (on the class
    of a class-based view)."""
    return getattr(getattr(view, "view_class", view), "query_parameters", ())


def canonical_query(path_info: str, query_string: str) -> str:
    """The query string as the page at `path_info` reads it: only the parameters its view
    declares, without empty values, in one order.

    "utm_source=x&theme=emploi&annee=" on the release list gives "theme=emploi"; on a
    release page, which reads none, "". The one rule for both the WSGI front and the
    middleware: the page is looked up, rendered and stored for this query only.
    """
    if not query_string:
        return ""
    try:
        allowed = query_parameters(resolve(path_info).func)
    except Resolver404:
        return ""
    if not allowed:
        return ""
    pairs = parse_qsl(query_string, keep_blank_values=False, errors="replace")
    return urlencode(sorted({(name, value) for name, value in pairs if name in allowed}))


def is_staff_session(session_key: str) -> bool:
    """Whether `session_key` is the session of an active staff member, as
    django.contrib.auth would find it, without changing the session."""
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    try:
        user_id = session.get(SESSION_KEY)
        backend_path = session.get(BACKEND_SESSION_KEY)
        session_hash = session.get(HASH_SESSION_KEY)
        if not (user_id and session_hash) or backend_path not in settings.AUTHENTICATION_BACKENDS:
            return False
        user_id = get_user_model()._meta.pk.to_python(user_id)
        user = load_backend(backend_path).get_user(user_id)
    except DatabaseError:
        return False
    if user is None or not (user.is_active and user.is_staff):
        return False
    hashes = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    return any(constant_time_compare(session_hash, known) for known in hashes)


def is_public_request(request) -> bool:
    """A reader's GET or HEAD of a public page: not staff, not the admin, a preview or the
    health check. Staff are known by a valid session (one database lookup, made only
    when a session cookie is sent); any other session cookie counts for nothing."""
    if hasattr(request, "_is_public_page_request"):
        return request._is_public_page_request
    config = _config()
    public = request.method in ("GET", "HEAD") and not request.path.startswith(config["excluded"])
    if public and (session_key := request.COOKIES.get(config["session_cookie"])):
        # After the view, the user it loaded; before it, the session looked up here.
        user = getattr(request, "user", None)
        if user is not None:
            public = not (user.is_active and user.is_staff)
        else:
            public = not is_staff_session(session_key)
    request._is_public_page_request = public
    return public


def set_cache_policy(request, response):
    """Says who may keep the response, unless the view said it: public pages briefly
    (browsers and CDNs: RESPONSE_CACHE_PUBLIC_MAX_AGE, which bounds how long a CDN
    serves a withdrawn page), anything else (staff, the admin, previews, forms,
    responses that set a cookie, server errors) never."""
    if response.has_header("Cache-Control"):
        return response
    if is_public_request(request) and response.status_code < 500 and not response.cookies:
        max_age = _config()["max_age"]
        patch_cache_control(response, public=True, max_age=max_age, s_maxage=max_age)
    else:
        add_never_cache_headers(response)
    return response


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
                entry, state = self.lookup(key)
            except (CacheUnavailable, DatabaseError):
                # Rendered from the database, uncached (or a 503 if it is down too).
                return set_cache_policy(request, self.get_response(request))
            if entry is not None:
                return self.hit(request, entry)
        response = set_cache_policy(request, self.get_response(request))
        if self.is_cacheable_response(response):
            self.store(key, response, state)
            response["X-Cache"] = "MISS"
        return response

    @staticmethod
    def serve_as_anonymous(request) -> None:
        """The page is rendered as its key says: for a reader without a session, with
        the canonical query string."""
        request.COOKIES.pop(_config()["session_cookie"], None)
        query = canonical_query(request.path_info, request.META.get("QUERY_STRING", ""))
        if query != request.META.get("QUERY_STRING", ""):
            request.META["QUERY_STRING"] = query
            request.GET = QueryDict(query)

    @staticmethod
    def lookup(key):
        """(the page's entry if it is of the current generation, or None; the state).

        One round trip: the shared state, and the page unless this process holds a copy
        of it (pages are 10 to 60 KB; the state is a few bytes). A copy is served only
        if it names the generation the shared cache gives now, so it is never staler
        than the shared cache itself.
        """
        local = _local_pages.get(key)
        found = breaker.call(cache().get_many, [STATE_KEY] if local else [STATE_KEY, key])
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
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )

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
        query = canonical_query(request.path_info, request.META.get("QUERY_STRING", ""))
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


def _parse_http_date(value):
    return parse_http_date_safe(value) if value else None


class CachedPagesApplication:
    """The WSGI application: cache hits served before Django handles the request.

    Why: through Django, a hit also pays for the request signals, the middleware stack
    and an HttpResponse, about as much as the cache round trip itself. Here a plain
    anonymous GET or HEAD is looked up with the middleware's own rules (same key, same
    query parameters, same exclusions) and a hit returns the stored status, headers
    and bytes. Everything else goes to Django: requests with a session cookie (the
    middleware tells staff from the rest, with the database), conditional requests
    (the middleware answers them with a 304), pages not found in the cache (with this
    lookup attached, so the middleware stores the page without looking again), and all
    requests while the cache is down.
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
            if (
                config["enabled"]
                and config["session_cookie"] not in request.COOKIES
                and not request.path.startswith(config["excluded"])
            ):
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
        except Exception as error:
            # The cache is down, or the database with no generation known yet.
            if not isinstance(error, CacheUnavailable | DatabaseError):
                breaker.failed(error)
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
