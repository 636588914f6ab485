import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grandest_press.settings")

django_application = get_wsgi_application()

from grandest_press.response_cache import CachedPagesApplication  # noqa: E402 (needs setup)

# Anonymous pages found in the cache are answered before Django builds a request.
application = CachedPagesApplication(django_application)
