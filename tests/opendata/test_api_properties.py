"""Property tests generated from the OpenAPI schema (schemathesis): whatever the
parameters, through the WSGI application gunicorn serves, no 5xx, and every answer
has a documented status, content type and shape."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from grandest_press.wsgi import application
from opendata.api import api
from tests.factories import (
    attach_contact,
    make_axis,
    make_communique,
    make_funding,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_press_contact,
    make_quote,
    make_signatory,
    make_theme,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def content(db, settings):
    """Content of every kind, a draft too, served through the WSGI application."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    settings.API_RATE_LIMIT = 0
    # As Django's test client does: the test's transaction keeps its connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    territory = make_organisation(name="Châlons Agglo", siren="200052264")
    theme = make_theme(name="Économie")
    pact = make_pact(territories=[territory])
    person = make_person(first_name="Éléonore")
    make_mandate(person=person, organisation=territory)
    make_axis(pact=pact, organisations=[territory])
    make_signatory(pact=pact, organisation=territory, person=person)
    make_funding(pact=pact)
    release = make_communique(themes=[theme], pacts=[pact], organisations=[territory])
    make_quote(communique=release, speaker=person)
    attach_contact(communique=release, contact=make_press_contact(phones=["03 26 70 74 36"]))
    make_communique(published=False, title="Brouillon")
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def as_a_wsgi_server_sends_it(app):
    """Werkzeug's test client, which schemathesis drives, puts the decoded path as is
    in PATH_INFO; a WSGI server (PEP 3333) gives its UTF-8 bytes as Latin-1, which is
    what Django decodes."""

    def wsgi(environ, start_response):
        path = environ["PATH_INFO"]
        environ["PATH_INFO"] = path.encode().decode("latin-1")
        return app(environ, start_response)

    return wsgi


schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = as_a_wsgi_server_sends_it(application)


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_request_gets_a_documented_answer_and_never_a_server_error(case):
    case.call_and_validate(checks=CHECKS)
