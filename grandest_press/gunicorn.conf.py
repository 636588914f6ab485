"""gunicorn settings for production: `gunicorn -c grandest_press/gunicorn.conf.py`.

Every knob has an environment variable (README, « Deployment »). Logs go to stdout as JSON
lines, in the same format as Django's (grandest_press/logging.py).
"""

import os
import sys
from pathlib import Path

from gunicorn import glogging

# gunicorn reads this file before the application: make the project importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

wsgi_app = "grandest_press.wsgi:application"

# Behind the load balancer, set GUNICORN_BIND=0.0.0.0:8000.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
# Django is CPU-bound between its database queries: processes, not threads, use the cores.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.process_cpu_count() or 1) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread" if threads > 1 else "sync")
# A request that takes longer has hung: its worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Workers are recycled now and then, at different times, so that slow leaks stay small.
# Rarely: in a burst a worker serves 1 500 cached pages a second, so 50 000 replaced it
# every half-minute, each time at the cost of its share of the burst (p99 650 ms).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1_000_000))
max_requests_jitter = max_requests // 10
# One server per machine may run next to another (make serve, make bench): no shared
# control socket in $HOME.
control_socket_disable = True
if Path("/dev/shm").is_dir():
    # Heartbeat files on tmpfs: a slow disk does not get workers killed.
    worker_tmp_dir = "/dev/shm"

# "-": stdout (the default); a file's path: that file; "off": no access log.
ACCESS_LOG = os.environ.get("GUNICORN_ACCESS_LOG", "-")
accesslog = None if ACCESS_LOG == "off" else ACCESS_LOG
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The load balancer's health checks would drown the access log.
QUIET_PATHS = frozenset(os.environ.get("ACCESS_LOG_QUIET_PATHS", "/sante/").split(","))


class JsonLogger(glogging.Logger):
    """gunicorn's access log as JSON lines: method, path, status, bytes, duration, request id."""

    def access(self, resp, req, environ, request_time):
        if (
            self.cfg.accesslog is None
            or not self.access_log_enabled
            or environ.get("PATH_INFO") in QUIET_PATHS
        ):
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        headers = {name.lower(): value for name, value in resp.headers}
        self.access_log.info(
            "%s %s %s",
            environ["REQUEST_METHOD"],
            environ["RAW_URI"],
            status,
            extra={
                "http": {
                    "method": environ["REQUEST_METHOD"],
                    "path": environ.get("PATH_INFO"),
                    "query": environ.get("QUERY_STRING") or None,
                    "status": int(status),
                    "bytes": getattr(resp, "sent", None),
                    "duration_ms": round(request_time.total_seconds() * 1000, 2),
                    "remote_addr": environ.get("REMOTE_ADDR"),
                    "user_agent": environ.get("HTTP_USER_AGENT"),
                    "referer": environ.get("HTTP_REFERER"),
                },
                "request_id": headers.get("x-request-id"),
            },
        )


logger_class = JsonLogger
_STDOUT = {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "grandest_press.logging.JsonFormatter"}},
    "handlers": {
        "console": {**_STDOUT},  # copies: dictConfig pops keys out of what it reads
        # This configuration replaces gunicorn's handlers: GUNICORN_ACCESS_LOG is read here.
        "access": (
            {"class": "logging.FileHandler", "filename": ACCESS_LOG, "formatter": "json"}
            if ACCESS_LOG not in ("-", "off")
            else {**_STDOUT}
        ),
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {
            "handlers": [] if accesslog is None else ["access"],
            "level": "INFO",
            "propagate": False,
        },
    },
}
