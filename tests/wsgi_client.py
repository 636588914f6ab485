"""Requests through grandest_press.wsgi.application, the application gunicorn serves.

Django's test client calls Django's handler directly, past the WSGI front that answers
cache hits (grandest_press.response_cache.CachedPagesApplication): this one goes in
the way gunicorn does, and gives back an HttpResponse to assert on like the client's.
"""

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import RequestFactory

# Imported once, with the test modules: importing it runs django.setup(), which
# configures logging again and would drop pytest's log capture in the middle of a test.
from grandest_press.wsgi import application


class WsgiClient:
    """client.get() through the WSGI application; `handled_by_django` counts the
    requests that reached Django's handler (it sends request_started)."""

    def __init__(self, cookies=None):
        self.cookies = cookies or {}
        self.handled_by_django = 0

    def _count(self, **kwargs):
        self.handled_by_django += 1

    def get(self, path, headers=None, method="GET", **extra):
        environ = RequestFactory().generic(method, path, headers=headers, **extra).environ
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = {}

        def start_response(status, response_headers, exc_info=None):
            started.update(status=status, headers=response_headers)

        # As Django's test client does: the test's transaction keeps its connection.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        request_started.connect(self._count)
        try:
            result = application(environ, start_response)
            try:
                content = b"".join(result)
            finally:
                if hasattr(result, "close"):
                    result.close()  # as the server does: Django's request_finished
        finally:
            request_started.disconnect(self._count)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        status_code, reason = started["status"].split(" ", 1)
        response = HttpResponse(content, status=int(status_code), reason=reason)
        del response["Content-Type"]
        for name, value in started["headers"]:
            response[name] = value
        return response

    def head(self, path, headers=None):
        return self.get(path, headers=headers, method="HEAD")
