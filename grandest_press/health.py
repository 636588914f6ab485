"""Health check for the load balancer: can this app server reach its database and cache?"""

import logging
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from grandest_press.db_router import REPLICA

logger = logging.getLogger(__name__)

OK, ERROR = "ok", "error"


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
        # The reason goes to the logs, never to the response.
        logger.exception("Health check failed: %s", name)
        return ERROR
    return OK


@require_safe
@never_cache
def health(request):
    """200 {"database": "ok", "cache": "ok"} when all is well, 503 naming what failed."""
    checks = {
        "database": _status("database", check_database, "default"),
        "cache": _status("cache", check_cache),
    }
    if REPLICA in connections:
        checks["replica"] = _status("replica", check_database, REPLICA)
    status = 200 if all(result == OK for result in checks.values()) else 503
    return JsonResponse(checks, status=status)
