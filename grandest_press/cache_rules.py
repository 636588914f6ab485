"""Which requests the page cache serves, the query string a page reads, and what others may keep."""

import functools
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
from django.db import DatabaseError
from django.urls import Resolver404, resolve
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
)
from django.utils.crypto import constant_time_compare


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
        "counted": tuple(getattr(settings, "RESPONSE_CACHE_COUNTED_PATHS", ())),
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


def page_query(path_info: str, query_string: str) -> str:
    """The query string a page is looked up, rendered and stored for: as sent on a
    counted path (the API answers 400 to a parameter it does not know, so that
    answer must not be served for another query), else `canonical_query`."""
    if path_info.startswith(_config()["counted"]):
        return query_string
    return canonical_query(path_info, query_string)


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
    when a session cookie is sent); any other session cookie counts for nothing. On a
    counted path (the API, which reads no session) staff get what anyone gets."""
    if hasattr(request, "_is_public_page_request"):
        return request._is_public_page_request
    config = _config()
    public = request.method in ("GET", "HEAD") and not request.path.startswith(config["excluded"])
    if (
        public
        and not request.path.startswith(config["counted"])
        and (session_key := request.COOKIES.get(config["session_cookie"]))
    ):
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
