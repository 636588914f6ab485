"""reverse(), remembered per process.

Why: a public page links to twenty or thirty URLs (cards, pacts, people, header and
footer), and Django's reverse() matches each against the URL patterns again, about
20 µs a link: a tenth of a release page. The answer depends only on the arguments,
the URLconf, the script prefix and the language, which together are the key; nothing
is kept for arguments that cannot be keys, and a changed ROOT_URLCONF empties it.
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.translation import get_language


def reverse(viewname, args=None, kwargs=None) -> str:
    """django.urls.reverse(viewname, args=…, kwargs=…), for public links."""
    try:
        key = (tuple(args or ()), tuple(sorted((kwargs or {}).items())))
        hash(key)
    except TypeError:
        return django_reverse(viewname, args=args, kwargs=kwargs)
    return _reverse(get_script_prefix(), get_urlconf(), get_language(), viewname, *key)


@functools.lru_cache(maxsize=8192)
def _reverse(prefix, urlconf, language, viewname, args, kwargs) -> str:
    # prefix and language are read again by Django's reverse(): part of the key only.
    return django_reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs))


@receiver(setting_changed)
def _urlconf_changed(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
