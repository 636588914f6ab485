"""Login throttling on top of django-axes, which nobody can use to lock someone else out.

Two rules (settings): AXES_FAILURE_LIMIT failures for one account from one address lock
that pair, so an attacker elsewhere cannot lock the account's owner out; and
LOGIN_FAILURE_LIMIT_PER_ADDRESS failures from one address, whatever the accounts, lock
that address. A refused attempt looks like a failed one: same page, same words, same
status, and the password hasher runs for it too, so neither the answer nor its time
tells whether an account is locked.
"""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _


class ThrottledLoginBackend(AxesStandaloneBackend):
    """Refuses logins for a locked-out pair (account, address) or address (django-axes).

    A login with no request (a shell, a test client's `login()`) has no address to
    throttle: it is left to the next backend instead of raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            # What checking the password would have cost: a refusal takes as long.
            make_password(password)
            raise


class LoginThrottleHandler(AxesDatabaseHandler):
    """Counts failures for the pair (account, address) and for the address alone.

    axes compares one count with AXES_FAILURE_LIMIT: the address's count is scaled onto
    it, so the address locks at LOGIN_FAILURE_LIMIT_PER_ADDRESS failures. The order
    matches AXES_LOCKOUT_PARAMETERS: the pair, then the address.
    """

    def get_failures(self, request, credentials=None) -> int:
        pair, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        pair_limit = settings.AXES_FAILURE_LIMIT
        return max(pair, address * pair_limit // settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears its own pair's failures, not the whole address's."""
        pair_attempts = self.filter_user_attempts(request, credentials)[0]
        count, _deleted = pair_attempts.delete()
        return count


def login_refused_message() -> str:
    return _(
        "Identifiant ou mot de passe incorrect. Par sécurité, après %(limit)s échecs, les "
        "connexions à ce compte depuis votre adresse sont suspendues pendant %(minutes)s "
        "minutes."
    ) % {
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }


class LoginForm(AdminAuthenticationForm):
    """The admin login form: one message for a wrong password and a refused attempt."""

    def get_invalid_login_error(self):
        return ValidationError(login_refused_message(), code="invalid_login")

    def confirm_login_allowed(self, user):
        # A non-staff account is refused with the same words.
        if not user.is_active or not user.is_staff:
            raise self.get_invalid_login_error()


def client_ip(request) -> str | None:
    """The client's address: behind TRUSTED_PROXY_COUNT proxies, read from X-Forwarded-For."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [ip for ip in forwarded if ip]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """A refused attempt answers what a failed one answers: the login form and its error.

    The backend refused the login, so the login view has already rendered the form with
    login_refused_message(); AxesMiddleware hands that response over unchanged.
    """
    return original_response
