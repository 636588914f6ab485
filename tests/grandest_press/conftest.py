"""Fixtures shared by the tests of grandest_press.

The page cache's tests: `page_cache` runs each test on the local-memory cache and on
Redis (the production backend); Redis needs REDIS_URL (set by .ci/run), and is required
when CI is set. `reader` reads through the test client or the WSGI front, `broken_cache`
is a Redis nobody answers.
The relations' tests: `release`, a release with every relation filled.
"""

import datetime
from decimal import Decimal

import pytest

from communiques.models import Correction
from partners.models import TerritorialPact
from tests.factories import (
    attach_contact,
    make_attendee,
    make_axis,
    make_communique,
    make_framework,
    make_funding,
    make_image,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_press_contact,
    make_quote,
    make_signatory,
    make_theme,
)
from tests.tools import require_redis
from tests.wsgi_client import WsgiClient


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "grandest_press.cache.RedisCache",
                "LOCATION": require_redis(),
                "KEY_PREFIX": "tests-response-cache",
            }
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture(params=["test-client", "wsgi"])
def reader(request, client):
    """An anonymous reader through Django's test client, or through the WSGI application
    gunicorn serves, whose front answers cache hits before Django."""
    return client if request.param == "test-client" else WsgiClient()


@pytest.fixture
def broken_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }


@pytest.fixture
def release():
    # Names chosen so that byte order and the database's collation disagree.
    themes = [make_theme(name=name) for name in ["Économie", "emploi", "Santé", "Agriculture"]]
    pact = make_pact(signing_date=None, status=TerritorialPact.Status.PREPARING)
    for order, title in [(2, "Deuxième axe"), (1, "Premier axe")]:
        make_axis(pact=pact, order=order, title=title, organisations=[make_organisation()])
    make_signatory(pact=pact, organisation=make_organisation())  # no person
    make_signatory(pact=pact, person=make_person(), role="Président", order=1)
    make_attendee(pact=pact, person=make_person(), role="Préfet")
    pact.frameworks.add(make_framework(acronym="SRDEII"), make_framework(acronym="CPRDFOP"))
    make_funding(pact=pact, amount=Decimal("1234567.89"))
    communique = make_communique(
        complete=False,
        event_date=datetime.date(2019, 9, 5),
        image=make_image(),
        themes=themes,
        pacts=[pact, make_pact()],
        organisations=[make_organisation(name="Zénith"), make_organisation(name="Agence")],
    )
    for order in [1, 0]:
        speaker = make_person()
        make_mandate(person=speaker, start_date=datetime.date(2017, 10, 20))
        make_mandate(
            person=speaker,
            title="Maire",
            start_date=datetime.date(2001, 3, 18),
            end_date=datetime.date(2017, 10, 19),
        )
        make_quote(communique=communique, speaker=speaker, order=order, text=f"Citation {order}")
        attach_contact(
            communique=communique,
            contact=make_press_contact(phones=["0684801148", "0326707436"]),
            order=order,
        )
    Correction.objects.create(communique=communique, text="Date corrigée")
    return communique
