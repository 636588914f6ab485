"""Health check for the load balancer: can this app server serve pages?

Only the primary database is vital. Without the cache, pages are rendered uncached;
without the replica (or with one too far behind), reads go to the primary: the server
still serves, so it answers 200 « dégradé » with the reasons, and the balancer keeps it.
A 503 would take every app server out at once for a part they all share.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from grandest_press.db_router import has_replica, replica_status

logger = logging.getLogger(__name__)

OK, ERROR = "ok", "error"
HEALTHY, DEGRADED, UNAVAILABLE = "ok", "dégradé", "indisponible"


def check_database(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def check_cache():
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the value read differs from the value written")
    finally:
        cache.delete(key)


def _status(name, check, *args):
    try:
        check(*args)
    except Exception:
        # The exception goes to the logs, never to the response.
        logger.exception("Health check failed: %s", name)
        return ERROR
    return OK


@require_safe
@never_cache
def health(request):
    """200 {"status": "ok", "database": "ok", "cache": "ok"} when all is well; 200
    "dégradé" with "reasons" when an optional part fails; 503 "indisponible" when the
    primary database does."""
    checks = {
        "database": _status("database", check_database, DEFAULT_DB_ALIAS),
        "cache": _status("cache", check_cache),
    }
    reasons = []
    if checks["cache"] != OK:
        reasons.append("cache injoignable : pages servies sans cache")
    if has_replica():
        checks["replica"], reason = replica_status.health()
        if reason:
            logger.warning("Health check degraded: %s", reason)
            reasons.append(reason)
    if checks["database"] != OK:
        return _answer({"status": UNAVAILABLE, **checks}, status=503)
    if reasons:
        return _answer({"status": DEGRADED, **checks, "reasons": reasons})
    return _answer({"status": HEALTHY, **checks})


def _answer(data, status=200):
    # Readable as is by the people who read it with curl: « dégradé », not "d\u00e9grad\u00e9".
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
