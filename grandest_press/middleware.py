import logging
import re
import uuid

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.csp import CSP

from grandest_press.db_router import replica_status, tracking_replica_reads, use_primary
from grandest_press.links import reverse
from grandest_press.logging import request_id

logger = logging.getLogger(__name__)

# What a load balancer sends (a UUID, an AWS trace id…); anything else is replaced.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:=-]{1,128}")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` from settings.PERMISSIONS_POLICY.

    {"camera": []} gives `camera=()` (refused everywhere); {"fullscreen": ["self"]}
    gives `fullscreen=(self)`.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class AdminContentSecurityPolicyMiddleware:
    """Lets the admin's widgets (Select2, the Tiptap rich-text editor) set inline styles.

    Scripts stay as strict as on the public site; only `style-src` gains
    'unsafe-inline', and only under the admin. Listed after Django's CSP middleware,
    which then sends this policy instead of SECURE_CSP.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(reverse("admin:index")) and not hasattr(response, "_csp_config"):
            response._csp_config = self.policy
        return response


def request_id_for(incoming: str) -> str:
    """The load balancer's request id when it sent a valid one, else a new one."""
    return incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives each request an id, sent back as `X-Request-ID` and written on its log lines
    (grandest_press.logging): the load balancer's own when it sends one, a new one otherwise.
    """

    header = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id_for(request.headers.get(self.header, ""))
        token = request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[self.header] = request.id
        return response


class SiteTimezoneMiddleware:
    """Activates the site's time zone (settings.TIME_ZONE) for the request.

    Why, when it is the default anyway: Django looks the active zone up for every date
    a page writes, and with none activated each lookup raises and catches an exception
    inside asgiref's Local, about 2.5 times the cost of finding one (a list page
    writes forty dates).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.activate(timezone.get_default_timezone())
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class PrimaryDatabaseMiddleware:
    """Keeps on the primary database the requests that write or must read their own
    writes (grandest_press.db_router): unsafe methods and readers with a session, that is
    press officers in the admin. Anonymous GETs may read from the replica.

    A safe request whose read on the replica failed (the replica stopped meanwhile) is
    answered again from the primary rather than with a 503: losing the replica costs
    readers nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in _SAFE_METHODS and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            with tracking_replica_reads() as replica_reads:
                response = self.get_response(request)
            if not (replica_reads and getattr(request, "database_error", None)):
                return response
            replica_status.failed(request.database_error)
            request.database_error = None
        with use_primary():
            return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database (refused or lost connection, timeout)
    answers 503 with Retry-After and the « Service momentanément indisponible » page,
    not a 500: the fault is temporary and the reader can come back. Pages already in the
    page cache are still served (grandest_press.response_cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # Kept for PrimaryDatabaseMiddleware, which answers again from the primary
        # when the failed read may have been on the replica.
        request.database_error = exception
        logger.error("Database unavailable", exc_info=exception)
        return service_unavailable()


def service_unavailable():
    """The 503 page: a standalone template that needs no database."""
    content = render_to_string(
        "503.html",
        {
            "SITE_NAME": settings.SITE_NAME,
            "retry_after_minutes": max(1, settings.SERVICE_UNAVAILABLE_RETRY_AFTER // 60),
            "press_office_email": settings.PRESS_OFFICE_EMAIL,
        },
    )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response
