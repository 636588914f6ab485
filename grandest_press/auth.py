"""Login throttling on top of django-axes."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


class ThrottledLoginBackend(AxesStandaloneBackend):
    """Refuses logins for a locked-out address or account (django-axes).

    A login with no request (a shell, a test client's `login()`) has no address to
    throttle: it is left to the next backend instead of raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    """The client's address: behind TRUSTED_PROXY_COUNT proxies, read from X-Forwarded-For."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [ip for ip in forwarded if ip]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page shown once login attempts are refused (HTTP 429), in French."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "admin/login_locked_out.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
