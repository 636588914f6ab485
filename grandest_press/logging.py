"""JSON lines on stdout: one object per log record, for the log collector of the platform.

A dozen lines on the standard library rather than python-json-logger: the format is ours
to keep stable (the same keys for Django's records and gunicorn's access log), and one
dependency less to follow.
"""

import contextvars
import datetime
import json
import logging

# Set by grandest_press.middleware.RequestIdMiddleware for the length of a request.
request_id = contextvars.ContextVar("request_id", default=None)

# Attributes every LogRecord has: anything else was passed with `extra=` and is kept.
_RECORD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__.keys() | {"message", "asctime"}
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id,
    the record's `extra` fields and, for an error, the traceback."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # django.request logs 4xx and 5xx once the middleware has returned: its record
        # carries the request, and the request its id.
        current_request_id = request_id.get() or getattr(
            getattr(record, "request", None), "id", None
        )
        if current_request_id is not None:
            entry["request_id"] = current_request_id
        for key, value in record.__dict__.items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = _describe(key, value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _describe(key, value):
    # django.request passes the HttpRequest itself: its method and path are what matter
    # (its repr would be "<WSGIRequest: GET '/…'>", its headers may hold cookies).
    if key == "request" and hasattr(value, "method") and hasattr(value, "get_full_path"):
        return {"method": value.method, "path": value.get_full_path()}
    return value
